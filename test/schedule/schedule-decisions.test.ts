import cron from 'node-cron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cronProblem, loadConfig } from '../../src/config/index.js';
import {
  CronSyntaxError,
  cronSchedule,
  decideCatchUp,
  deadManCheck,
  isValidCron,
  nextOccurrence,
  nextRun,
  nightlySchedule,
  previousOccurrence,
} from '../../src/schedule/index.js';

const TPE = 'Asia/Taipei';
const at = (iso: string) => new Date(iso);

describe('cron expressions', () => {
  it('accepts 5-field expressions and rejects bad ones with the field named', () => {
    const s = cronSchedule('0,30 */6 1-3 JAN,jul *', TPE);
    expect(s.minutes).toEqual([0, 30]);
    expect(s.hours).toEqual([0, 6, 12, 18]);
    expect(() => cronSchedule('30 2 * *', TPE)).toThrow(/expected 5 fields/);
    expect(() => cronSchedule('0 30 2 * * *', TPE)).toThrow(/expected 5 fields/);
    expect(() => cronSchedule('61 2 * * *', TPE)).toThrow(CronSyntaxError);
    expect(() => cronSchedule('30 25 * * *', TPE)).toThrow(/hour "25"/);
    expect(isValidCron('30 2 * * *')).toBe(true);
    expect(isValidCron('30 2 * * mon-fri')).toBe(true);
    expect(isValidCron('every night')).toBe(false);
  });

  it('rejects restricting both day fields, where Vixie cron (either) and node-cron (both) disagree', () => {
    // Vixie cron would run it on Mon 2026-12-07; node-cron fires only on a Monday the 1st (2027-02-01).
    expect(cronProblem('30 2 1 * 1')).toMatch(/both day-of-month and day-of-week/);
    expect(isValidCron('30 2 1-7 * mon')).toBe(false);
    expect(() => loadConfig({ ODSYNC_SCHEDULE: '30 2 1 * 1' })).toThrow(
      /ODSYNC_SCHEDULE: "30 2 1 \* 1" restricts both day-of-month and day-of-week/,
    );
    expect(loadConfig({ ODSYNC_SCHEDULE: '30 2 1 * *' }).schedule.cron).toBe('30 2 1 * *');
  });

  it('02:30 Asia/Taipei is 18:30 UTC the day before', () => {
    const s = cronSchedule('30 2 * * *', TPE);
    // 2026-11-27 10:00 Taipei → next is 2026-11-28 02:30 Taipei = 2026-11-27T18:30Z.
    expect(nextOccurrence(s, at('2026-11-27T02:00:00Z')).toISOString()).toBe('2026-11-27T18:30:00.000Z');
    expect(previousOccurrence(s, at('2026-11-27T02:00:00Z')).toISOString()).toBe('2026-11-26T18:30:00.000Z');
    // Exactly on the minute: previous includes it, next is strictly after.
    expect(previousOccurrence(s, at('2026-11-26T18:30:00Z')).toISOString()).toBe('2026-11-26T18:30:00.000Z');
    expect(nextOccurrence(s, at('2026-11-26T18:30:00Z')).toISOString()).toBe('2026-11-27T18:30:00.000Z');
  });

  it('weekday rules, leap days, DST zones', () => {
    // Sundays at 03:00 Taipei; 2026-11-27 is a Friday.
    expect(nextOccurrence(cronSchedule('0 3 * * 0', TPE), at('2026-11-27T00:00:00Z')).toISOString()).toBe(
      '2026-11-28T19:00:00.000Z',
    );
    const leap = cronSchedule('0 0 29 2 *', 'UTC');
    expect(nextOccurrence(leap, at('2026-03-01T00:00:00Z')).toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(previousOccurrence(leap, at('2026-03-01T00:00:00Z')).toISOString()).toBe(
      '2024-02-29T00:00:00.000Z',
    );
    // Europe/Berlin switches to summer time on 2026-03-29 (02:00 → 03:00).
    expect(
      nextOccurrence(cronSchedule('30 4 * * *', 'Europe/Berlin'), at('2026-03-28T04:00:00Z')).toISOString(),
    ).toBe('2026-03-29T02:30:00.000Z');
  });

  describe('agrees with the node-cron task that fires the job', () => {
    afterEach(() => vi.useRealTimers());
    const cases: [string, string][] = [
      ['30 2 * * *', TPE],
      ['30 2 * * 1', TPE],
      ['30 2 1 * *', TPE],
      ['0,30 */6 * jan,jul *', TPE],
      ['15 4 * * mon-fri', 'Europe/Berlin'],
      ['0 0 29 2 *', 'UTC'],
    ];
    it.each(cases)('%s in %s', (expression, timeZone) => {
      const now = at('2026-11-27T04:00:00Z');
      vi.useFakeTimers({ now });
      const firing = cron.createTask(expression, () => undefined, { timezone: timeZone });
      const expected = firing.getNextRuns(3);
      void firing.destroy();
      const s = cronSchedule(expression, timeZone);
      let t = now;
      for (const want of expected) {
        t = nextOccurrence(s, t);
        expect(t.toISOString()).toBe(want.toISOString());
        expect(previousOccurrence(s, new Date(t.getTime() + 59_000)).toISOString()).toBe(want.toISOString());
      }
      expect(previousOccurrence(s, new Date(expected[0]!.getTime() - 1)) < now).toBe(true);
    });
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

  it('reads the schedule: a daily one keeps the threshold, a weekly one waits for its next run', () => {
    const daily = nightlySchedule('30 2 * * *', TPE);
    expect(deadManCheck(at('2026-11-26T01:59:59Z'), now, 26, daily).ok).toBe(false);
    expect(deadManCheck(at('2026-11-26T02:00:00Z'), now, 26, daily).ok).toBe(true);
    // Mondays 02:30 Taipei: last success Mon 2026-11-23 02:40 Taipei, next run due Mon 30 Nov.
    const weekly = nightlySchedule('30 2 * * 1', TPE);
    const monday = at('2026-11-22T18:40:00Z');
    expect(deadManCheck(monday, now, 26).ok).toBe(false);
    const ok = deadManCheck(monday, now, 26, weekly);
    expect(ok.ok).toBe(true);
    expect(ok.allowedHours).toBeCloseTo(26 + 7 * 24 - 24, 0);
    expect(ok.thresholdHours).toBe(26); // status --json keeps the configured figure
    // Two hours after the missed Monday run was due, the switch trips.
    expect(deadManCheck(monday, at('2026-11-29T20:31:00Z'), 26, weekly).ok).toBe(false);
    expect(deadManCheck(monday, at('2026-11-29T20:20:00Z'), 26, weekly).ok).toBe(true);
  });
});
