/**
 * Optional adapter: citizen requests from the agency machine-to-machine feed. Enabled only when
 * both DATAGOVTW_API_KEY and DATAGOVTW_REQUESTS_PATH are set; otherwise the sync reports "requests
 * feed not configured" and succeeds. The key travels in a header and never appears in a message.
 */
import axios from 'axios';
import type { Kysely } from 'kysely';
import pRetry, { AbortError } from 'p-retry';
import type { Database } from '../db/index.js';
import { PlatformFetchError, SchemaError, type InputProblem } from '../errors.js';
import type { Logger } from '../logger.js';
import { PLATFORM_RETRY_POLICY, parseRetryAfter } from '../platform/index.js';
import type { Publisher } from '../publishers/index.js';
import { feedItems, requestsFeedSchema } from '../../schemas/requests-feed.js';
import { platformErrorEnvelopeSchema } from '../../schemas/platform-common.js';
import type { ParsedRequest } from './parse-requests-crawl.js';
import { mapColumns, missingColumns, parseExportRecord } from './parse-suggests-export.js';
import { ourAgencyMatcher } from './publisher-match.js';
import type { RequestField } from './request-columns.js';
import { storeRequests, type StoreRequestsResult } from './requests-store.js';

export interface RequestsFeedConfig {
  baseUrl: string;
  path: string | undefined;
  apiKey: string | undefined;
  apiKeyHeader: string;
  timeoutMs: number;
  retries: number;
  timeZone: string;
  publishers: readonly Publisher[] | null;
  keepAll: boolean;
}

export type RequestsFeedResult =
  | { configured: false; message: string }
  | ({
      configured: true;
      calls: number;
      itemsRead: number;
      invalid: number;
      problems: InputProblem[];
    } & StoreRequestsResult);

/** GET one feed URL with the platform retry policy (network, 5xx, 429 with Retry-After). */
async function getFeed(url: string, config: RequestsFeedConfig): Promise<unknown> {
  const policy = PLATFORM_RETRY_POLICY;
  return pRetry(
    async () => {
      let res;
      try {
        res = await axios.get<string>(url, {
          timeout: config.timeoutMs,
          headers: { [config.apiKeyHeader]: config.apiKey ?? '', Accept: 'application/json' },
          responseType: 'text',
          transformResponse: (d: unknown) => d,
          validateStatus: () => true,
        });
      } catch (err) {
        throw new PlatformFetchError(`${url}: network error`, { url, retryable: true, cause: err });
      }
      if (res.status === 429 || res.status >= 500) {
        const wait = parseRetryAfter(res.headers['retry-after']);
        if (wait !== undefined)
          await new Promise((r) => setTimeout(r, Math.min(wait, policy.maxRetryAfterMs)));
        throw new PlatformFetchError(`${url}: HTTP ${res.status}`, {
          url,
          status: res.status,
          retryable: true,
        });
      }
      if (res.status < 200 || res.status >= 300) {
        throw new AbortError(
          new PlatformFetchError(`${url}: HTTP ${res.status}`, { url, status: res.status }),
        );
      }
      let body: unknown;
      try {
        body = JSON.parse(res.data);
      } catch (err) {
        throw new AbortError(new SchemaError(`${url}: response is not JSON`, { cause: err }));
      }
      const envelope = platformErrorEnvelopeSchema.safeParse(body);
      if (envelope.success) {
        const e = envelope.data;
        const type = e.error?.error_type ?? e.error?.type ?? String(e.code ?? '');
        throw new AbortError(
          new PlatformFetchError(`${url}: platform error ${type || '(no code)'}`, { url, status: 200 }),
        );
      }
      return body;
    },
    {
      retries: config.retries,
      minTimeout: policy.minTimeoutMs,
      maxTimeout: policy.maxTimeoutMs,
      factor: policy.factor,
      randomize: policy.randomize,
      maxRetryTime: policy.maxRetryTimeMs,
    },
  );
}

/** Pull requests from the feed into the database (one transaction per import). */
export async function syncRequestsFeed(
  deps: { db: Kysely<Database>; logger: Logger; now: Date; runId: number | null },
  config: RequestsFeedConfig,
): Promise<RequestsFeedResult> {
  if (!config.apiKey || !config.path) {
    return {
      configured: false,
      message: 'requests feed not configured (set DATAGOVTW_API_KEY and DATAGOVTW_REQUESTS_PATH)',
    };
  }
  const paths = config.path.includes('{oid}')
    ? [...new Set((config.publishers ?? []).map((p) => p.oid).filter((o): o is string => o !== null))].map(
        (oid) => config.path!.replace('{oid}', encodeURIComponent(oid)),
      )
    : [config.path];
  const requests: ParsedRequest[] = [];
  const problems: InputProblem[] = [];
  let itemsRead = 0;
  for (const path of paths) {
    const url = `${config.baseUrl}${path}`;
    const body = await getFeed(url, config);
    const parsed = requestsFeedSchema.safeParse(body);
    if (!parsed.success) throw new SchemaError(`${url}: unexpected requests feed shape`);
    const items = feedItems(parsed.data);
    itemsRead += items.length;
    const mapping = mapColumns([...new Set(items.flatMap((i) => Object.keys(i)))]);
    const missing = items.length > 0 ? missingColumns(mapping) : null;
    if (missing) throw new SchemaError(`${url}: requests feed items: ${missing}`);
    items.forEach((item, index) => {
      const values = new Map<RequestField, unknown>();
      for (const [field, key] of mapping.fields) if (key in item) values.set(field, item[key]);
      const r = parseExportRecord(values, (f) => mapping.fields.get(f) ?? f, {
        file: path,
        row: index + 1,
        timeZone: config.timeZone,
        raw: item,
      });
      if (r.ok) requests.push(r.value);
      else problems.push(...r.problems);
    });
  }
  if (problems.length > 0) {
    deps.logger.warn({ invalid: problems.length }, 'requests feed items that failed validation were skipped');
  }
  const stored = await storeRequests(
    deps.db,
    requests.map((r) => ({ record: r.record, raw: r.raw })),
    {
      isOurs: ourAgencyMatcher(config.publishers),
      keepAll: config.keepAll,
      source: 'feed',
      sourceFile: null,
      now: deps.now,
      runId: deps.runId,
    },
  );
  return {
    configured: true,
    calls: paths.length,
    itemsRead,
    invalid: new Set(problems.map((p) => `${p.file}:${p.row}`)).size,
    problems,
    ...stored,
  };
}
