import { describe, expect, it } from 'vitest';
import { endOfLocalDay, wallTimeToInstant } from '../../src/time/index.js';

/** The wall-clock reading of instant `t` in `zone`, written as if it were UTC. */
function readingIn(zone: string): (t: number) => number {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return (t) => {
    const p = Object.fromEntries(fmt.formatToParts(new Date(t)).map((x) => [x.type, Number(x.value)]));
    return Date.UTC(p.year!, p.month! - 1, p.day, p.hour, p.minute, p.second);
  };
}

describe('wallTimeToInstant', () => {
  it('converts Taipei wall time (UTC+8, no DST since 1980)', () => {
    expect(wallTimeToInstant(Date.UTC(2016, 2, 31, 23, 59, 59), 'Asia/Taipei').toISOString()).toBe(
      '2016-03-31T15:59:59.000Z',
    );
    expect(endOfLocalDay('2015-08-31', 'Asia/Taipei').toISOString()).toBe('2015-08-31T16:00:00.000Z');
  });

  // The offset is cached per span of days: a span holding a transition (or two, as Casablanca's
  // month-long Ramadan suspension of its +1 hour) must not reuse one offset throughout.
  it.each(['America/New_York', 'Africa/Casablanca', 'Australia/Lord_Howe', 'Asia/Taipei'])(
    'every existing wall time 2018–2024 (sampled every 5 h 17 min) reads back the same in %s',
    (zone) => {
      const reading = readingIn(zone);
      const wrong: string[] = [];
      for (let wall = Date.UTC(2018, 0, 1); wall < Date.UTC(2025, 0, 1); wall += (5 * 60 + 17) * 60_000) {
        const got = wallTimeToInstant(wall, zone).getTime();
        if (reading(got) === wall) continue;
        // A wall time skipped by a spring-forward has no instant: nothing to check.
        const exists = [-2, -1, -0.5, 0, 0.5, 1, 2].some((h) => reading(got + h * 3_600_000) === wall);
        if (exists) wrong.push(new Date(wall).toISOString());
      }
      expect(wrong).toEqual([]);
    },
  );
});
