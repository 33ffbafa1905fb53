import { describe, expect, it } from 'vitest';
import {
  CronSyntaxError,
  decideCatchUp,
  deadManCheck,
  isValidCron,
  nextOccurrence,
  nextRun,
  nightlySchedule,
  parseCron,
  previousOccurrence,
} from '../../src/schedule/index.js';

const TPE = 'Asia/Taipei';
const at = (iso: string) => new Date(iso);

describe('cron expressions', () => {
  it('parses lists, ranges, steps and names; rejects bad ones with the field named', () => {
    const spec = parseCron('0,30 */6 1-3 JAN,jul mon-fri');
    expect([...spec.minutes]).toEqual([0, 30]);
    expect([...spec.hours]).toEqual([0, 6, 12, 18]);
    expect([...spec.daysOfMonth]).toEqual([1, 2, 3]);
    expect([...spec.months]).toEqual([1, 7]);
    expect([...spec.daysOfWeek]).toEqual([1, 2, 3, 4, 5]);
    expect([...parseCron('0 0 * * 7').daysOfWeek]).toEqual([0]);
    expect(() => parseCron('30 2 * *')).toThrow(/expected 5 fields/);
    expect(() => parseCron('61 2 * * *')).toThrow(CronSyntaxError);
    expect(() => parseCron('30 25 * * *')).toThrow(/hour field "25"/);
    expect(isValidCron('30 2 * * *')).toBe(true);
    expect(isValidCron('every night')).toBe(false);
  });

  it('02:30 Asia/Taipei is 18:30 UTC the day before', () => {
    const spec = parseCron('30 2 * * *');
    // 2026-11-27 10:00 Taipei → next is 2026-11-28 02:30 Taipei = 2026-11-27T18:30Z.
    expect(nextOccurrence(spec, at('2026-11-27T02:00:00Z'), TPE).toISOString()).toBe(
      '2026-11-27T18:30:00.000Z',
    );
    expect(previousOccurrence(spec, at('2026-11-27T02:00:00Z'), TPE).toISOString()).toBe(
      '2026-11-26T18:30:00.000Z',
    );
    // Exactly on the minute: previous includes it, next is strictly after.
    expect(previousOccurrence(spec, at('2026-11-26T18:30:00Z'), TPE).toISOString()).toBe(
      '2026-11-26T18:30:00.000Z',
    );
    expect(nextOccurrence(spec, at('2026-11-26T18:30:00Z'), TPE).toISOString()).toBe(
      '2026-11-27T18:30:00.000Z',
    );
  });

  it('weekday and day-of-month rules (OR when both are restricted), leap days, DST zones', () => {
    // Sundays at 03:00 Taipei; 2026-11-27 is a Friday.
    expect(nextOccurrence(parseCron('0 3 * * 0'), at('2026-11-27T00:00:00Z'), TPE).toISOString()).toBe(
      '2026-11-28T19:00:00.000Z',
    );
    // the 1st or any Monday: from Fri 27 Nov the next is Mon 30 Nov.
    expect(nextOccurrence(parseCron('0 0 1 * 1'), at('2026-11-27T00:00:00Z'), 'UTC').toISOString()).toBe(
      '2026-11-30T00:00:00.000Z',
    );
    expect(nextOccurrence(parseCron('0 0 29 2 *'), at('2026-03-01T00:00:00Z'), 'UTC').toISOString()).toBe(
      '2028-02-29T00:00:00.000Z',
    );
    // Europe/Berlin switches to summer time on 2026-03-29 (02:00 → 03:00): 02:30 does not exist that day.
    expect(
      nextOccurrence(parseCron('30 4 * * *'), at('2026-03-28T04:00:00Z'), 'Europe/Berlin').toISOString(),
    ).toBe('2026-03-29T02:30:00.000Z');
  });
});

describe('missed-run detection', () => {
  const schedule = nightlySchedule('30 2 * * *', TPE);

  it('runs at start when no nightly run ever completed', () => {
    const d = decideCatchUp(schedule, null, at('2026-11-27T04:00:00Z'));
    expect(d).toMatchObject({ run: true, reason: 'no nightly run has ever completed' });
    expect(d.missedAt?.toISOString()).toBe('2026-11-26T18:30:00.000Z');
  });

  it('runs at start when the last due night passed without a completed run', () => {
    // Last completed run: the night before (2026-11-25 02:30 Taipei); the 2026-11-26 02:30 run is missing.
    const d = decideCatchUp(schedule, at('2026-11-24T18:30:05Z'), at('2026-11-27T04:00:00Z'));
    expect(d.run).toBe(true);
    expect(d.missedAt?.toISOString()).toBe('2026-11-26T18:30:00.000Z');
    expect(d.reason).toMatch(/did not happen/);
  });

  it('does nothing when the last due night completed (or a later manual run did)', () => {
    expect(decideCatchUp(schedule, at('2026-11-26T18:30:01Z'), at('2026-11-27T04:00:00Z')).run).toBe(false);
    expect(decideCatchUp(schedule, at('2026-11-27T01:00:00Z'), at('2026-11-27T04:00:00Z')).run).toBe(false);
  });

  it('a run one minute before the due time does not cover that night', () => {
    expect(decideCatchUp(schedule, at('2026-11-26T18:29:00Z'), at('2026-11-26T18:31:00Z')).run).toBe(true);
  });

  it('reports the next run', () => {
    expect(nextRun(schedule, at('2026-11-27T04:00:00Z')).toISOString()).toBe('2026-11-27T18:30:00.000Z');
  });
});

describe("dead-man's switch", () => {
  const now = at('2026-11-27T04:00:00Z');
  it('is ok within the threshold and trips after it', () => {
    expect(deadManCheck(at('2026-11-26T02:00:01Z'), now, 26).ok).toBe(true);
    expect(deadManCheck(at('2026-11-26T02:00:00Z'), now, 26).ok).toBe(true);
    const tripped = deadManCheck(at('2026-11-26T01:59:59Z'), now, 26);
    expect(tripped.ok).toBe(false);
    expect(tripped.message).toMatch(/no successful nightly run in the last 26 h/);
    expect(deadManCheck(null, now, 26)).toMatchObject({ ok: false, hoursSinceSuccess: null });
    expect(deadManCheck(at('2026-11-26T01:59:59Z'), now, 48).ok).toBe(true);
  });
});
