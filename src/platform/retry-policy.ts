/**
 * The one retry policy for platform calls. Retried: network errors (incl. timeouts), HTTP 5xx,
 * HTTP 429 (waiting `Retry-After`, capped), and HTTP-200 `success:false` envelopes whose code is in
 * the configured transient list. Never retried: other 4xx, other `success:false` codes, schema errors.
 */
export interface RetryPolicy {
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
  factor: number;
  randomize: boolean;
  maxRetryAfterMs: number;
  maxRetryTimeMs: number;
}

export const PLATFORM_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  /** Default retries after the first attempt (ODSYNC_HTTP_RETRIES overrides). */
  retries: 4,
  /** Exponential backoff between attempts. */
  minTimeoutMs: 500,
  maxTimeoutMs: 15_000,
  factor: 2,
  randomize: true,
  /** Longest `Retry-After` we are willing to wait; longer ones fail the call. */
  maxRetryAfterMs: 120_000,
  /** Give up on one call after this long in total. */
  maxRetryTimeMs: 10 * 60_000,
});

/** `Retry-After` header (seconds or HTTP date) → milliseconds from `now`; undefined if absent/invalid. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
