/**
 * Pure decisions for the scheduler and the health check: what is due next, whether a scheduled
 * night was missed while the scheduler was down, and whether the dead-man's switch has tripped.
 */
import { cronSchedule, nextOccurrence, previousOccurrence, type CronSchedule } from './cron-schedule.js';

export interface NightlySchedule {
  /** When the nightly run is due (default `30 2 * * *`, after the platform rebuilds its export at 01:00). */
  nightly: CronSchedule;
  timeZone: string;
}

/**
 * Build the schedule from its configuration string (throws CronSyntaxError on a bad expression).
 * The weekly full catalogue pass is not a second schedule: the catalogue stage turns the nightly
 * run on ODSYNC_FULL_SYNC_WEEKDAY (or after 8 days without one) into a full pass by itself.
 */
export function nightlySchedule(nightly: string, timeZone: string): NightlySchedule {
  return { nightly: cronSchedule(nightly, timeZone), timeZone };
}

export interface CatchUpDecision {
  run: boolean;
  /** The scheduled instant that was missed (null when nothing was missed). */
  missedAt: Date | null;
  reason: string;
}

/**
 * Missed-run detection at scheduler start: a night is missed when its scheduled instant has
 * passed and no run that started at or after it has completed (succeeded or partial). A failed
 * run does not count as done, so a restart retries it once. `lastCompletedStart` is the start
 * time of the last completed nightly run.
 */
export function decideCatchUp(
  schedule: NightlySchedule,
  lastCompletedStart: Date | null,
  now: Date,
): CatchUpDecision {
  const due = previousOccurrence(schedule.nightly, now);
  if (lastCompletedStart === null) {
    return { run: true, missedAt: due, reason: 'no nightly run has ever completed' };
  }
  if (lastCompletedStart < due) {
    return {
      run: true,
      missedAt: due,
      reason: `the run due ${due.toISOString()} did not happen (last completed run started ${lastCompletedStart.toISOString()})`,
    };
  }
  return { run: false, missedAt: null, reason: 'up to date' };
}

/** The next scheduled instant strictly after `now`. */
export function nextRun(schedule: NightlySchedule, now: Date): Date {
  return nextOccurrence(schedule.nightly, now);
}

export interface DeadManResult {
  ok: boolean;
  /** As configured (ODSYNC_DEADMAN_HOURS). */
  thresholdHours: number;
  /** The allowance actually applied: the threshold plus the schedule's longer-than-a-day gaps. */
  allowedHours: number;
  lastSuccessAt: Date | null;
  hoursSinceSuccess: number | null;
  message: string;
}

const HOUR = 3_600_000;

/**
 * The dead-man's switch: trips when no nightly run succeeded within `thresholdHours` of `now`.
 * With the schedule, the allowance grows by however much longer than a day the schedule waits
 * after the last success before its next run (a weekday or weekly schedule is not an alarm).
 */
export function deadManCheck(
  lastSuccessAt: Date | null,
  now: Date,
  thresholdHours: number,
  schedule?: NightlySchedule,
): DeadManResult {
  if (lastSuccessAt === null) {
    return {
      ok: false,
      thresholdHours,
      allowedHours: thresholdHours,
      lastSuccessAt,
      hoursSinceSuccess: null,
      message: `WARNING: no nightly run has ever succeeded (threshold ${thresholdHours} h)`,
    };
  }
  const wait = schedule
    ? nextOccurrence(schedule.nightly, lastSuccessAt).getTime() - lastSuccessAt.getTime()
    : 0;
  const allowed = thresholdHours + Math.max(0, wait - 24 * HOUR) / HOUR;
  const hours = (now.getTime() - lastSuccessAt.getTime()) / HOUR;
  const ok = hours <= allowed;
  const shown = Math.round(allowed * 10) / 10;
  return {
    ok,
    thresholdHours,
    allowedHours: shown,
    lastSuccessAt,
    hoursSinceSuccess: hours,
    message: ok
      ? `ok: last successful nightly run ${hours.toFixed(1)} h ago (threshold ${shown} h)`
      : `WARNING: no successful nightly run in the last ${shown} h (last success ${lastSuccessAt.toISOString()}, ${hours.toFixed(1)} h ago)`,
  };
}
