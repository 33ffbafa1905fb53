/**
 * Wall-clock time in an IANA zone → instant, without the runtime's TZ deciding. The platform
 * writes naive Asia/Taipei times everywhere (exports, pages, the Drupal-era crawl), and as-of days
 * end at local midnight: every such conversion goes through here.
 */
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

function exactOffset(wall: number, timeZone: string): number {
  // Fixed-offset zones (Taipei) converge in one step; the second handles DST edges elsewhere.
  const first = zoneOffsetMs(wall, timeZone);
  return zoneOffsetMs(wall - first, timeZone);
}

/**
 * `wall` is a local wall-clock time written as if it were UTC (`Date.UTC(y, m - 1, d, h, mi, s)`);
 * returns the instant it denotes in `timeZone`. Cached per local day: hot on export parsing.
 */
export function wallTimeToInstant(wall: number, timeZone: string): Date {
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
  return new Date(wall - (cached ?? exactOffset(wall, timeZone)));
}

/** The instant at which calendar day `YYYY-MM-DD` ends in `timeZone` (exclusive bound). */
export function endOfLocalDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return wallTimeToInstant(Date.UTC(y, m - 1, d + 1), timeZone);
}
