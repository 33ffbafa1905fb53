/**
 * The platform writes naive local timestamps (`YYYY-MM-DD HH:mm:ss[.ffffff]`, Asia/Taipei). They
 * are converted explicitly with the configured zone; the runtime's TZ never decides.
 */
import { wallTimeToInstant } from '../time/index.js';

const NAIVE = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/;

/**
 * Naive local text → instant. Returns null for empty text; throws RangeError on malformed text.
 * Microseconds beyond milliseconds are truncated (the raw text is kept elsewhere).
 */
export function naiveToInstant(text: string, timeZone: string): Date | null {
  const t = text.trim();
  if (t === '') return null;
  const m = NAIVE.exec(t);
  if (!m) throw new RangeError(`not a platform timestamp: ${JSON.stringify(t)}`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = ''] = m;
  const ms = Number((frac + '000').slice(0, 3));
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (Number.isNaN(wall)) throw new RangeError(`invalid date: ${t}`);
  return wallTimeToInstant(wall, timeZone);
}

/** The calendar date part of a naive local timestamp (already a local date), or null. */
export function naiveDate(text: string): string | null {
  const m = NAIVE.exec(text.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}
