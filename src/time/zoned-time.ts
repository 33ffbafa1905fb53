/**
 * Wall-clock time in an IANA zone ↔ instant, without the runtime's TZ deciding. The platform
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
/** Cached spans of 8 local days. */
const SPAN = 8 * DAY;
/** Per zone and span: the offset, when it is the same throughout (no transition in it). */
const spanOffsets = new Map<string, Map<number, number | null>>();

function exactOffset(wall: number, timeZone: string): number {
  // Fixed-offset zones (Taipei) converge in one step; the second handles DST edges elsewhere.
  const first = zoneOffsetMs(wall, timeZone);
  return zoneOffsetMs(wall - first, timeZone);
}

/**
 * `wall` is a local wall-clock time written as if it were UTC (`Date.UTC(y, m - 1, d, h, mi, s)`);
 * returns the instant it denotes in `timeZone`. Cached per 8-day span without a transition (two
 * equal offsets at its ends; no zone changes twice within 8 days): hot on export parsing.
 */
export function wallTimeToInstant(wall: number, timeZone: string): Date {
  let spans = spanOffsets.get(timeZone);
  if (!spans) spanOffsets.set(timeZone, (spans = new Map<number, number | null>()));
  const span = Math.floor(wall / SPAN);
  let cached = spans.get(span);
  if (cached === undefined) {
    const a = exactOffset(span * SPAN, timeZone);
    const b = exactOffset(span * SPAN + SPAN - 1, timeZone);
    cached = a === b ? a : null;
    if (spans.size > 100_000) spans.clear();
    spans.set(span, cached);
  }
  return new Date(wall - (cached ?? exactOffset(wall, timeZone)));
}

/** The instant at which calendar day `YYYY-MM-DD` ends in `timeZone` (exclusive bound). */
export function endOfLocalDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return wallTimeToInstant(Date.UTC(y, m - 1, d + 1), timeZone);
}

/** Calendar date `YYYY-MM-DD` of an instant in an IANA time zone (default Asia/Taipei). */
export function localDate(at: Date, timeZone = 'Asia/Taipei'): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}
