/**
 * The platform writes naive local timestamps (`YYYY-MM-DD HH:mm:ss[.ffffff]`, Asia/Taipei). They
 * are converted explicitly with the configured zone; the runtime's TZ never decides.
 */
const NAIVE = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/;

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timeZone` from UTC at instant `utcMs`, in milliseconds. */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  let fmt = offsetFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, fmt);
  }
  const parts: Record<string, number> = {};
  for (const p of fmt.formatToParts(new Date(utcMs)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

const DAY = 86_400_000;
/** Per zone and local day: the offset, when it is the same all day (no transition that day). */
const dayOffsets = new Map<string, number | null>();

/** Offset to subtract from a local wall-clock time (as UTC ms) to get the instant. */
function offsetAt(wall: number, timeZone: string): number {
  const day = Math.floor(wall / DAY);
  const key = `${timeZone}|${day}`;
  let cached = dayOffsets.get(key);
  if (cached === undefined) {
    const a = exactOffset(day * DAY, timeZone);
    const b = exactOffset(day * DAY + DAY - 1, timeZone);
    cached = a === b ? a : null;
    if (dayOffsets.size > 100_000) dayOffsets.clear();
    dayOffsets.set(key, cached);
  }
  return cached ?? exactOffset(wall, timeZone);
}

function exactOffset(wall: number, timeZone: string): number {
  // Fixed-offset zones (Taipei) converge in one step; the second handles DST edges elsewhere.
  const first = zoneOffsetMs(wall, timeZone);
  return zoneOffsetMs(wall - first, timeZone);
}

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
  return new Date(wall - offsetAt(wall, timeZone));
}

/** The calendar date part of a naive local timestamp (already a local date), or null. */
export function naiveDate(text: string): string | null {
  const m = NAIVE.exec(text.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}
