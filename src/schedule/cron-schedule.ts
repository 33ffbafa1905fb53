/**
 * The nightly schedule, interpreted by node-cron: the same matcher that fires the job answers
 * "when was it last due?" and "when is it due next?", so catch-up and the health check cannot
 * disagree with the timer. Pure given `now`; no timers are started here.
 */
import { createTask, parse } from 'node-cron';
import { cronProblem } from '../config/index.js';
import { localDate, wallTimeToInstant } from '../time/index.js';

/** Thrown for an expression that cannot be the schedule. */
export class CronSyntaxError extends Error {}

export interface CronSchedule {
  /** The expression as configured (trimmed). */
  expression: string;
  timeZone: string;
  /** node-cron's own test: does the schedule fire at this instant? */
  matches(at: Date): boolean;
  /** Candidate local hours and minutes, ascending (from node-cron's parse). */
  hours: readonly number[];
  minutes: readonly number[];
}

/** Is `expression` usable as the schedule? */
export function isValidCron(expression: string): boolean {
  return cronProblem(expression) === null;
}

/** Interpret `expression` in `timeZone` (throws CronSyntaxError when it cannot be the schedule). */
export function cronSchedule(expression: string, timeZone: string): CronSchedule {
  const problem = cronProblem(expression);
  if (problem !== null) throw new CronSyntaxError(problem);
  const source = expression.trim();
  const fields = parse(source);
  // A task is node-cron's only public matcher; destroyed at once so it never fires or lingers in its registry.
  const matcher = createTask(source, () => undefined, { timezone: timeZone });
  void matcher.destroy();
  return {
    expression: source,
    timeZone,
    matches: (at) => matcher.match(at),
    hours: [...fields.hour].sort((a, b) => a - b),
    minutes: [...fields.minute].sort((a, b) => a - b),
  };
}

const DAY = 86_400_000;
// Far enough to reach the next 29 February across a skipped leap year (2100).
const MAX_DAYS = 8 * 366 + 2;

/** Local calendar day of `at` as a UTC-midnight "wall" timestamp. */
function localDayWall(at: Date, timeZone: string): number {
  const [y, m, d] = localDate(at, timeZone).split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

/** The instants of one local day at which the schedule's hour and minute fields match, ascending. */
function candidates(s: CronSchedule, dayWall: number): Date[] {
  const out: Date[] = [];
  for (const h of s.hours)
    for (const mi of s.minutes) out.push(wallTimeToInstant(dayWall + (h * 60 + mi) * 60_000, s.timeZone));
  return out;
}

/** The first instant strictly after `after` at which the schedule fires. */
export function nextOccurrence(s: CronSchedule, after: Date): Date {
  const start = localDayWall(after, s.timeZone);
  for (let i = -1; i <= MAX_DAYS; i++) {
    for (const t of candidates(s, start + i * DAY)) if (t > after && s.matches(t)) return t;
  }
  throw new CronSyntaxError(`"${s.expression}" never fires`);
}

/** The last instant at or before `atOrBefore` at which the schedule fired. */
export function previousOccurrence(s: CronSchedule, atOrBefore: Date): Date {
  const start = localDayWall(atOrBefore, s.timeZone);
  for (let i = 1; i >= -MAX_DAYS; i--) {
    const day = candidates(s, start + i * DAY);
    for (let k = day.length - 1; k >= 0; k--) {
      const t = day[k]!;
      if (t <= atOrBefore && s.matches(t)) return t;
    }
  }
  throw new CronSyntaxError(`"${s.expression}" never fires`);
}
