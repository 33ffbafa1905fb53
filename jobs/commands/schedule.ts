/**
 * `odsync schedule`: the scheduler (jobs/schedule.ts) with the process's signals: the first
 * SIGTERM/SIGINT stops after the current stage, a second one exits at once.
 */
import type { Command } from 'commander';
import { ExitCode } from '../../src/errors.js';
import type { CliIo } from '../cli-io.js';
import { run as runNightlyJob } from '../nightly.js';
import { loadBasics, type RuntimeOptions } from '../runtime.js';
import { lastCompletedNightlyStart, startScheduler } from '../schedule.js';

export function registerScheduleCommands(
  program: Command,
  options: RuntimeOptions,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  program
    .command('schedule')
    .description(
      'run forever: start `nightly` on ODSYNC_SCHEDULE (default 02:30 Asia/Taipei), catch up a missed night at start; ' +
        'SIGTERM/SIGINT stop after the current stage, a second signal exits at once',
    )
    .action(async () => {
      const { config, logger } = loadBasics(options);
      // The database is opened per run and closed after it, so `odsync status` can read an
      // embedded (single-process) database between runs.
      const scheduler = await startScheduler({
        cron: config.schedule.cron,
        timeZone: config.timeZone,
        logger,
        lastCompletedStart: () => lastCompletedNightlyStart(options),
        runNightly: (signal) => runNightlyJob(options, io, { signal }),
      });
      let signals = 0;
      const onSignal = (sig: NodeJS.Signals) => {
        signals++;
        if (signals === 1) {
          logger.warn({ signal: sig }, 'shutting down: no new runs; send the signal again to exit at once');
          void scheduler.stop(`received ${sig}`);
        } else {
          logger.error(
            { signal: sig },
            'second signal: exiting now; the database rolls back the open transaction',
          );
          process.exit(ExitCode.failed);
        }
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      try {
        await scheduler.stopped;
      } finally {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
      }
      setExit(ExitCode.ok);
    });
}
