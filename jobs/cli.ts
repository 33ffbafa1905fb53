/**
 * The `odsync` command line. One top-level handler maps errors to exit codes:
 * 0 ok, 1 failed, 2 bad input/usage, 3 finished but partial/degraded, 4 lock held by another run.
 */
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { maskedConfig } from '../src/config.js';
import { ExitCode, OdsyncError, exitCodeFor } from '../src/errors.js';
import { loadBasics, withRuntime, type RuntimeOptions } from './runtime.js';
import * as status from './status.js';
import { registerNightlyCommands } from './nightly.js';
import { registerScheduleCommands } from './schedule.js';
import { registerSyncCommands } from './sync.js';
import { registerRequestsCommands } from './requests-import.js';
import { registerFeedbackSyncCommand } from './sync-feedback.js';
import { registerPlanCommands } from './plan-import.js';
import { registerReportCommands } from './report.js';
import { registerReconcileCommands } from './reconcile.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

/** Build the program. `setExit` records the command's exit code. */
export function buildProgram(options: RuntimeOptions, io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('odsync')
    .description(
      'Keeps the Ministry of Labor open-data release plan honest: syncs data.gov.tw, imports the plan, ' +
        'reconciles them and reports what is late, missing or needs a decision.',
    )
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showHelpAfterError('(run `odsync --help` for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 failed, 2 bad input or usage, 3 finished but partial, 4 another run holds the lock.\n' +
        'Configuration comes from environment variables; `odsync config` shows the effective values.',
    );

  program
    .command('config')
    .description('print the effective configuration (secrets masked)')
    .action(() => {
      const { config } = loadBasics(options);
      io.stdout(JSON.stringify(maskedConfig(config), null, 2) + '\n');
    });

  program
    .command('migrate')
    .description('apply pending database migrations and report each')
    .action(async () => {
      await withRuntime(options, (rt) => {
        const { applied, alreadyApplied } = rt.migrations;
        for (const name of applied) io.stdout(`applied ${name}\n`);
        io.stdout(
          `${rt.handle.description}: ${applied.length} applied, ${alreadyApplied} already up to date\n`,
        );
        return Promise.resolve();
      });
    });

  program
    .command('status')
    .description('last run of each job, its status and counters, and time since the last success')
    .option('--json', 'machine-readable output')
    .option('--check', 'exit 1 when no nightly run succeeded within ODSYNC_DEADMAN_HOURS (for monitoring)')
    .action(async (opts: { json?: boolean; check?: boolean }) => {
      await withRuntime(options, async (rt) => {
        const result = await status.run(rt, { check: opts.check === true });
        io.stdout(
          opts.json
            ? JSON.stringify(status.toJson(result, rt.handle.engine), null, 2) + '\n'
            : status.toText(result, rt.handle.description),
        );
        setExit(result.exitCode);
      });
    });

  registerRequestsCommands(program, options, io, setExit);
  registerPlanCommands(program, options, io, setExit);
  registerReportCommands(program, options, io, setExit);
  registerReconcileCommands(program, options, io, setExit);
  registerNightlyCommands(program, options, io, setExit);
  registerScheduleCommands(program, options, io, setExit);
  registerSyncCommands(program, options, io, setExit);
  registerFeedbackSyncCommand(program, options, io, setExit);

  return program;
}

/** Run the CLI; returns the exit code (never throws). */
export async function main(
  argv: string[],
  options: RuntimeOptions = {},
  io: CliIo = defaultIo,
): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram(options, io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end with exit code 0; usage errors with 2.
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`odsync: ${err instanceof OdsyncError ? message : `unexpected error: ${message}`}\n`);
    if (!(err instanceof OdsyncError) && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    return exitCodeFor(err);
  }
}

// Running this file directly (tsx jobs/cli.ts …) behaves like the installed bin.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv);
}
