/**
 * `odsync schedule`: a long-running process that starts the nightly run on a cron schedule
 * (node-cron; the only file that starts its timers). The decisions (what is due, what was missed)
 * are pure functions in src/schedule/ on node-cron's own matcher; this file wires timers, signals
 * and the nightly job.
 *
 * No overlap: node-cron's `noOverlap` skips a tick while its previous execution is pending, an
 * in-process guard covers the catch-up run, and the nightly run itself takes the database job
 * lock (a manual `odsync nightly` running at the same time makes the scheduled one exit 4).
 */
import cron, { type ScheduledTask } from 'node-cron';
import { ExitCode } from '../src/errors.js';
import type { Logger } from '../src/logger.js';
import { lastCompletedStart } from '../src/runs/index.js';
import { decideCatchUp, nextRun, nightlySchedule } from '../src/schedule/index.js';
import { withRuntime, type RuntimeOptions } from './runtime.js';

export type TriggerReason = 'scheduled' | 'catch-up';

export interface SchedulerDeps {
  cron: string;
  timeZone: string;
  logger: Logger;
  /** Start time of the last completed (succeeded or partial) nightly run; null = never. */
  lastCompletedStart(): Promise<Date | null>;
  /** Run one nightly job to the end; `signal` aborts it between stages. Returns its exit code. */
  runNightly(signal: AbortSignal, reason: TriggerReason): Promise<number>;
}

export interface RunningScheduler {
  /** Stop scheduling, abort the current run between stages and wait for it. Idempotent. */
  stop(reason?: string): Promise<void>;
  /** True while a nightly run started by this scheduler is in progress. */
  busy(): boolean;
  /** Resolves once `stop` has finished. */
  stopped: Promise<void>;
}

/** Start the schedule (and the missed-run catch-up). Timers use the global clock (fake in tests). */
export async function startScheduler(deps: SchedulerDeps): Promise<RunningScheduler> {
  const schedule = nightlySchedule(deps.cron, deps.timeZone);
  const log = deps.logger.child({ component: 'scheduler' });
  const abort = new AbortController();
  let current: Promise<void> | null = null;
  let stopping = false;

  const trigger = (reason: TriggerReason): Promise<void> => {
    if (stopping) return Promise.resolve();
    if (current) {
      log.warn({ reason }, 'skipped: the previous nightly run is still in progress');
      return Promise.resolve();
    }
    log.info({ reason }, 'starting the nightly run');
    current = deps
      .runNightly(abort.signal, reason)
      .then((code) => {
        if (code === ExitCode.lockHeld)
          log.warn({ reason }, 'skipped: another nightly run holds the database lock');
        else log.info({ reason, exitCode: code }, 'nightly run finished');
      })
      .catch((err: unknown) => log.error({ err }, 'nightly run crashed; the scheduler keeps going'))
      .finally(() => {
        current = null;
        if (!stopping) log.info({ next: nextRun(schedule, new Date()).toISOString() }, 'next nightly run');
      });
    return current;
  };

  const task: ScheduledTask = cron.createTask(schedule.nightly.expression, () => trigger('scheduled'), {
    name: 'odsync-nightly',
    timezone: deps.timeZone,
    noOverlap: true,
    logger: {
      info: (m) => log.info(m),
      warn: (m) => log.warn(m),
      error: (m, err) => log.error({ err: err ?? m }, 'node-cron error'),
      debug: (m) => log.debug(typeof m === 'string' ? m : m.message),
    },
  });
  task.on('execution:overlap', (ctx) => {
    log.warn({ slot: ctx.date.toISOString() }, 'tick skipped: the previous nightly run is still in progress');
  });
  await task.start();
  log.info(
    { cron: deps.cron, timeZone: deps.timeZone, next: nextRun(schedule, new Date()).toISOString() },
    'scheduler started',
  );

  try {
    const decision = decideCatchUp(schedule, await deps.lastCompletedStart(), new Date());
    if (decision.run) {
      log.warn({ missedAt: decision.missedAt?.toISOString() }, `missed run: ${decision.reason}; running now`);
      void trigger('catch-up');
    }
  } catch (err) {
    log.error({ err }, 'could not check for a missed run; waiting for the next scheduled one');
  }

  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopPromise: Promise<void> | null = null;
  return {
    busy: () => current !== null,
    stopped,
    stop: (reason = 'stop requested') => {
      stopPromise ??= (async () => {
        stopping = true;
        await task.destroy();
        if (current) {
          log.warn({ reason }, 'stopping: the current run ends after its current stage');
          abort.abort(new Error(reason));
          await current;
        }
        log.info({ reason }, 'scheduler stopped');
        resolveStopped();
      })();
      return stopPromise;
    },
  };
}

/** Start time of the last completed nightly run, read with a short-lived connection. */
export function lastCompletedNightlyStart(options: RuntimeOptions): Promise<Date | null> {
  return withRuntime(options, (rt) => lastCompletedStart(rt.handle.db, 'nightly'));
}
