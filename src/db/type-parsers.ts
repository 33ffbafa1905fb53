/**
 * One set of type parsers for both drivers, so rows look the same on PostgreSQL and PGlite:
 * int8 and numeric → number, date → 'YYYY-MM-DD' string, timestamptz → Date. Sessions run with
 * TimeZone=UTC so timestamptz text always carries an explicit offset.
 */
export const TYPE_OIDS = {
  int8: 20,
  numeric: 1700,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
} as const;

function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} exceeds Number.MAX_SAFE_INTEGER`);
  return n;
}

const TS = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?:([+-]\d{2})(?::?(\d{2}))?)?$/;

/** Parse PostgreSQL timestamp text; a missing offset means UTC (session time zone). */
export function parseTimestamp(value: string): Date {
  if (value === 'infinity') return new Date(8.64e15);
  if (value === '-infinity') return new Date(-8.64e15);
  const m = TS.exec(value);
  if (!m) return new Date(value);
  const [, date, time, oh, om] = m;
  const offset = oh === undefined ? 'Z' : `${oh}:${om ?? '00'}`;
  return new Date(`${date}T${time}${offset}`);
}

export const TYPE_PARSERS: Readonly<Record<number, (value: string) => unknown>> = Object.freeze({
  [TYPE_OIDS.int8]: parseInt8,
  [TYPE_OIDS.numeric]: Number,
  [TYPE_OIDS.date]: (v: string) => v,
  [TYPE_OIDS.timestamp]: parseTimestamp,
  [TYPE_OIDS.timestamptz]: parseTimestamp,
});
