/** Time comes from an injected clock so "as of" dates are testable. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock pinned at one instant (tests, `--as-of` recomputation). */
export function fixedClock(at: Date | string): Clock {
  const instant = new Date(at);
  return { now: () => new Date(instant) };
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
