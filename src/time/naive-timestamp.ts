/**
 * The platform writes naive local timestamps (`YYYY-MM-DD HH:mm:ss[.ffffff]`, Asia/Taipei; older
 * records `YYYY/MM/DD`). They are converted explicitly with the configured zone; the runtime's TZ
 * never decides.
 */
import { PLATFORM_TIMESTAMP, isCalendarValid } from '../../schemas/platform-common.js';
import { wallTimeToInstant } from './zoned-time.js';

const pad2 = (s: string): string => (s.length === 1 ? `0${s}` : s);

/**
 * Naive local text → instant. Returns null for empty text; throws RangeError on text that is not
 * a timestamp or names no real time (02-30, hour 25). Microseconds beyond milliseconds are
 * truncated (the raw text is kept elsewhere).
 */
export function naiveToInstant(text: string, timeZone: string): Date | null {
  return naiveInstantAndDate(text, timeZone)[0];
}

/** The calendar date part (`YYYY-MM-DD`) of a naive local timestamp, or null when it is not a real date. */
export function naiveDate(text: string): string | null {
  const m = PLATFORM_TIMESTAMP.exec(text.trim());
  if (!m || !isCalendarValid(+m[1]!, +m[3]!, +m[4]!, +(m[5] ?? 0), +(m[6] ?? 0), +(m[7] ?? 0))) return null;
  return `${m[1]}-${pad2(m[3]!)}-${pad2(m[4]!)}`;
}

/** naiveToInstant and naiveDate of the same text, the text read once (the catalogue's hot path). */
export function naiveInstantAndDate(text: string, timeZone: string): [Date | null, string | null] {
  const t = text.trim();
  if (t === '') return [null, null];
  const m = PLATFORM_TIMESTAMP.exec(t);
  if (!m) throw new RangeError(`not a platform timestamp: ${JSON.stringify(t)}`);
  const [, y, , mo, d, h = '0', mi = '0', s = '0', frac = ''] = m;
  if (!isCalendarValid(+y!, +mo!, +d!, +h, +mi, +s))
    throw new RangeError(`invalid date: ${JSON.stringify(t)}`);
  const ms = Number((frac + '000').slice(0, 3));
  const wall = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, ms);
  return [wallTimeToInstant(wall, timeZone), `${y}-${pad2(mo!)}-${pad2(d!)}`];
}
