/** `odsync nightly [--as-of] [--out] [--full]`: the main job (jobs/nightly.ts). */
import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../../src/errors.js';
import type { CliIo } from '../cli-io.js';
import { run as runNightlyJob } from '../nightly.js';
import type { RuntimeOptions } from '../runtime.js';

const asOfSchema = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

export function registerNightlyCommands(
  program: Command,
  options: RuntimeOptions,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  program
    .command('nightly')
    .description(
      'the main job: migrate, sync catalogue and feedback, reconcile, report, alert; one summary line. ' +
        'Exit 0 ok, 1 a stage failed, 3 a stage was partial, 4 another nightly run is in progress',
    )
    .option('--as-of <date>', 'reconcile and report as of YYYY-MM-DD (default today, Asia/Taipei)')
    .option('--out <dir>', 'report directory (default ./reports/<as-of>/)')
    .option('--full', 'full catalogue pass (re-read everything; the only way deletions are inferred)')
    .action(async (opts: { asOf?: string; out?: string; full?: boolean }) => {
      if (opts.asOf !== undefined && !asOfSchema.safeParse(opts.asOf).success) {
        throw new InputError(`--as-of "${opts.asOf}": must be a date YYYY-MM-DD`);
      }
      setExit(
        await runNightlyJob(options, io, {
          ...(opts.asOf === undefined ? {} : { asOf: opts.asOf }),
          ...(opts.out === undefined ? {} : { out: opts.out }),
          full: opts.full === true,
        }),
      );
    });
}
