/**
 * The platform HTTP client: axios for transport, p-retry for the one retry policy, a limiter for
 * concurrency and rate. It returns raw bodies; callers validate them with zod *after* the retried
 * call (validation is never retried). Every attempt is counted in `stats.requests`.
 */
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import axios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import pRetry from 'p-retry';
import { PlatformFetchError, SchemaError } from '../errors.js';
import type { Logger } from '../logger.js';
import { platformErrorEnvelopeSchema } from '../../schemas/platform-common.js';
import { RequestLimiter, sleep } from './request-limiter.js';
import { PLATFORM_RETRY_POLICY, parseRetryAfter, type RetryPolicy } from './retry-policy.js';

export interface PlatformHttpOptions {
  baseUrl: string;
  timeoutMs: number;
  concurrency: number;
  ratePerSecond: number;
  userAgent: string;
  logger: Logger;
  /** Retries after the first attempt (default PLATFORM_RETRY_POLICY.retries). */
  retries?: number;
  /** `success:false` codes (e.g. `ER0100`) treated as transient. */
  retryableCodes?: readonly string[];
  /** Override parts of the policy (tests shorten the backoff). */
  policy?: Partial<RetryPolicy>;
}

export interface HttpStats {
  /** HTTP requests sent (every attempt, retries included). */
  requests: number;
  /** Attempts that failed and were retried. */
  retries: number;
}

export interface DownloadResult {
  bytes: number;
  contentLength: number | null;
  headers: Record<string, string>;
}

/** A retryable failure carrying the server's requested wait. */
class RetryableFetchError extends PlatformFetchError {
  constructor(
    message: string,
    details: { url: string; status?: number; cause?: unknown },
    readonly retryAfterMs?: number,
  ) {
    super(message, { ...details, retryable: true });
  }
}

export class PlatformHttp {
  readonly stats: HttpStats = { requests: 0, retries: 0 };
  private readonly axios: AxiosInstance;
  private readonly limiter: RequestLimiter;
  private readonly policy: RetryPolicy;
  private readonly retryableCodes: ReadonlySet<string>;

  constructor(private readonly options: PlatformHttpOptions) {
    this.policy = {
      ...PLATFORM_RETRY_POLICY,
      ...(options.retries === undefined ? {} : { retries: options.retries }),
      ...options.policy,
    };
    this.retryableCodes = new Set(options.retryableCodes ?? []);
    this.limiter = new RequestLimiter(options.concurrency, options.ratePerSecond);
    this.axios = axios.create({
      baseURL: options.baseUrl,
      timeout: options.timeoutMs,
      headers: { 'User-Agent': options.userAgent, Accept: 'application/json, text/csv, */*' },
      maxRedirects: 3,
      // Status codes are classified by us, not thrown by axios.
      validateStatus: () => true,
      maxContentLength: Infinity,
      maxBodyLength: Infinity,
    });
  }

  /**
   * GET a JSON document; returns the parsed body (unvalidated). `secretHeaders` (an API key) are
   * sent with every attempt and their values masked in every error message.
   */
  getJson(
    path: string,
    params?: Record<string, string>,
    secretHeaders?: Record<string, string>,
  ): Promise<unknown> {
    if (!secretHeaders) return this.requestJson({ method: 'GET', url: path, params });
    const secrets = Object.values(secretHeaders).filter((v) => v.length > 0);
    return this.requestJson({ method: 'GET', url: path, params, headers: secretHeaders }, secrets);
  }

  /** POST a JSON body; returns the parsed body (unvalidated). */
  postJson(path: string, body: unknown): Promise<unknown> {
    return this.requestJson({
      method: 'POST',
      url: path,
      data: body,
      headers: { 'Content-Type': 'application/json' },
    });
  }

  /**
   * Stream a (large) response through `open()`'s chain (transforms…, final writable), never holding
   * it in memory. A broken or short transfer is retried with a fresh chain (open() must truncate).
   */
  download(path: string, params: Record<string, string>, open: () => Writable[]): Promise<DownloadResult> {
    const url = this.urlOf(path, params);
    return this.withRetry(url, async () => {
      const res = await this.attempt<NodeJS.ReadableStream>(url, {
        method: 'GET',
        url: path,
        params,
        responseType: 'stream',
      });
      let bytes = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          bytes += chunk.length;
          cb(null, chunk);
        },
      });
      try {
        await pipeline([res.data, counter, ...open()]);
      } catch (err) {
        throw new RetryableFetchError(`transfer of ${url} broke after ${bytes} bytes: ${messageOf(err)}`, {
          url,
          status: res.status,
          cause: err,
        });
      }
      const lengthHeader = res.headers['content-length'] as string | undefined;
      const contentLength = lengthHeader === undefined ? null : Number(lengthHeader);
      // A compressed transfer's Content-Length counts compressed bytes: only compare identity bodies.
      const encoded =
        typeof res.headers['content-encoding'] === 'string' && res.headers['content-encoding'] !== 'identity';
      if (contentLength !== null && !encoded && bytes !== contentLength) {
        throw new RetryableFetchError(`short transfer of ${url}: ${bytes} of ${contentLength} bytes`, {
          url,
          status: res.status,
        });
      }
      return { bytes, contentLength, headers: flatHeaders(res.headers) };
    });
  }

  /**
   * One attempt, no retry (a diagnostic probe): status, headers and at most `maxBytes` of the body
   * (the rest is not downloaded). Network errors are returned as `error`, never thrown.
   */
  async probe(request: {
    method: 'GET' | 'POST';
    path: string;
    params?: Record<string, string>;
    body?: unknown;
    /** Sent, and masked in the error text. */
    secretHeaders?: Record<string, string>;
    maxBytes: number;
  }): Promise<ProbeResponse> {
    const secrets = Object.values(request.secretHeaders ?? {}).filter((v) => v.length > 0);
    const url = this.urlOf(request.path, request.params);
    const started = performance.now();
    return this.limiter.run(async () => {
      this.stats.requests++;
      try {
        const res = await this.axios.request<NodeJS.ReadableStream>({
          method: request.method,
          url: request.path,
          params: request.params,
          ...(request.body === undefined ? {} : { data: request.body }),
          headers: {
            ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...request.secretHeaders,
          },
          responseType: 'stream',
        });
        const text = await readCapped(res.data, request.maxBytes);
        return {
          url,
          status: res.status,
          headers: flatHeaders(res.headers),
          text: text.text,
          truncated: text.truncated,
          ms: Math.round(performance.now() - started),
          error: null,
        };
      } catch (err) {
        return {
          url,
          status: null,
          headers: {},
          text: '',
          truncated: false,
          ms: Math.round(performance.now() - started),
          error: secrets.reduce((m, secret) => m.split(secret).join('***'), messageOf(err)),
        };
      }
    });
  }

  private async requestJson(config: AxiosRequestConfig, secrets: readonly string[] = []): Promise<unknown> {
    const url = this.urlOf(config.url ?? '', config.params as Record<string, string> | undefined);
    return this.withRetry(url, () =>
      maskErrors(secrets, async () => {
        const res = await this.attempt<string>(url, {
          ...config,
          responseType: 'text',
          transformResponse: (d: unknown) => d,
        });
        let body: unknown;
        try {
          body = JSON.parse(res.data);
        } catch (err) {
          // Not retried: a non-JSON 200 (an HTML shell, a changed route) will not fix itself.
          throw new SchemaError(
            `${url}: response is not JSON (${res.data.slice(0, 80).replace(/\s+/g, ' ')}…)`,
            {
              cause: err,
            },
          );
        }
        this.checkEnvelope(url, body);
        return body;
      }),
    );
  }

  /** HTTP-200 `success:false`: transient only if its code is configured so. */
  private checkEnvelope(url: string, body: unknown): void {
    const env = platformErrorEnvelopeSchema.safeParse(body);
    if (!env.success) return;
    const e = env.data;
    const fullType = e.error?.error_type ?? e.error?.type ?? (e.code === undefined ? '' : String(e.code));
    const code = fullType.split(':')[0]?.trim() ?? '';
    const message = `${url}: platform error ${fullType || '(no code)'}: ${e.error?.message ?? e.message ?? '(no message)'}`;
    if (code && this.retryableCodes.has(code)) throw new RetryableFetchError(message, { url, status: 200 });
    throw new PlatformFetchError(message, { url, status: 200, retryable: false });
  }

  private async attempt<T>(url: string, config: AxiosRequestConfig): Promise<AxiosResponse<T>> {
    return this.limiter.run(async () => {
      this.stats.requests++;
      let res: AxiosResponse<T>;
      try {
        res = await this.axios.request<T>(config);
      } catch (err) {
        throw new RetryableFetchError(`${url}: network error: ${messageOf(err)}`, { url, cause: err });
      }
      if (res.status >= 200 && res.status < 300) return res;
      discard(res.data);
      if (res.status === 429) {
        const wait = parseRetryAfter(res.headers['retry-after']);
        throw new RetryableFetchError(`${url}: HTTP 429 Too Many Requests`, { url, status: 429 }, wait);
      }
      if (res.status >= 500)
        throw new RetryableFetchError(`${url}: HTTP ${res.status}`, { url, status: res.status });
      const allow = typeof res.headers.allow === 'string' ? ` (Allow: ${res.headers.allow})` : '';
      throw new PlatformFetchError(`${url}: HTTP ${res.status}${allow}`, {
        url,
        status: res.status,
        retryable: false,
      });
    });
  }

  private withRetry<T>(url: string, fn: () => Promise<T>): Promise<T> {
    const p = this.policy;
    // The server's Retry-After replaces the backoff (not both); every retry counts against `retries`.
    const toldToWait = (e: unknown) =>
      e instanceof RetryableFetchError && e.retryAfterMs !== undefined && e.retryAfterMs <= p.maxRetryAfterMs;
    let retried = 0;
    return pRetry(fn, {
      retries: p.retries,
      factor: p.factor,
      minTimeout: p.minTimeoutMs,
      maxTimeout: p.maxTimeoutMs,
      randomize: p.randomize,
      maxRetryTime: p.maxRetryTimeMs,
      shouldConsumeRetry: ({ error }) => !toldToWait(error),
      shouldRetry: async ({ error, attemptNumber }) => {
        if (!(error instanceof PlatformFetchError) || !error.retryable) return false;
        const wait = error instanceof RetryableFetchError ? error.retryAfterMs : undefined;
        if (wait !== undefined && wait > p.maxRetryAfterMs) return false;
        if (retried >= p.retries) return false;
        retried++;
        const retriesLeft = p.retries - retried;
        this.stats.retries++;
        this.options.logger.warn(
          { url, status: error.status, attempt: attemptNumber, retriesLeft, retryAfterMs: wait },
          `platform request failed, retrying: ${error.message}`,
        );
        if (wait !== undefined && wait > 0) await sleep(wait);
        return true;
      },
    });
  }

  private urlOf(path: string, params?: Record<string, string>): string {
    const u = new URL(path, this.options.baseUrl + '/');
    if (path.startsWith('/')) u.pathname = new URL(this.options.baseUrl).pathname.replace(/\/$/, '') + path;
    for (const [k, v] of Object.entries(params ?? {})) u.searchParams.set(k, v);
    return u.href;
  }
}

/** Run `fn`; an error it throws has each secret replaced by `***` in its message. */
async function maskErrors<T>(secrets: readonly string[], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Error) for (const s of secrets) err.message = err.message.split(s).join('***');
    throw err;
  }
}

export interface ProbeResponse {
  url: string;
  /** null: no HTTP answer (network error, timeout). */
  status: number | null;
  headers: Record<string, string>;
  /** The body's first bytes as UTF-8. */
  text: string;
  /** The body was longer than asked for (the rest was not read). */
  truncated: boolean;
  ms: number;
  error: string | null;
}

/** Read at most `max` bytes of a stream, then stop it (the connection is dropped). */
async function readCapped(
  stream: NodeJS.ReadableStream,
  max: number,
): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let truncated = false;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    chunks.push(b);
    bytes += b.length;
    if (bytes >= max) {
      truncated = true;
      break;
    }
  }
  const destroyable = stream as unknown as { destroy?: () => void };
  if (truncated && typeof destroyable.destroy === 'function') destroyable.destroy();
  const all = Buffer.concat(chunks);
  return { text: all.subarray(0, max).toString('utf8'), truncated };
}

function discard(data: unknown): void {
  if (data && typeof (data as NodeJS.ReadableStream).resume === 'function')
    (data as NodeJS.ReadableStream).resume();
}

function flatHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number') out[k] = String(v);
  }
  return out;
}

function messageOf(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' ? `${code} ${err.message}` : err.message;
  }
  return String(err);
}
