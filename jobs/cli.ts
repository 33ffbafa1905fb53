/**
 * The `odsync` command line. One top-level handler maps errors to exit codes:
 * 0 ok, 1 failed, 2 bad input/usage, 3 finished but partial/degraded, 4 lock held by another run.
 */
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { maskedConfig } from '../src/config.js';
import { ExitCode, OdsyncError, exitCodeFor } from '../src/errors.js';
import { createLogger } from '../src/logger.js';
import { loadBasics, withRuntime, type RuntimeOptions } from './runtime.js';

type Register = (
  program: Command,
  options: RuntimeOptions,
  io: CliIo,
  setExit: (code: number) => void,
) => void;

/**
 * Command modules, loaded lazily: a run loads only the module(s) of the command it names (so
 * `odsync sync catalog` never loads exceljs or the report renderers); `--help`, `help` or an
 * unknown command load them all, in this order, so the help lists every command.
 */
const COMMAND_MODULES: Array<{ commands: readonly string[]; load: () => Promise<Register> }> = [
  {
    commands: ['requests'],
    load: async () => (await import('./requests-import.js')).registerRequestsCommands,
  },
  { commands: ['plan'], load: async () => (await import('./plan-import.js')).registerPlanCommands },
  { commands: ['report', 'db'], load: async () => (await import('./report.js')).registerReportCommands },
  {
    commands: ['reconcile', 'match'],
    load: async () => (await import('./reconcile.js')).registerReconcileCommands,
  },
  { commands: ['nightly'], load: async () => (await import('./nightly.js')).registerNightlyCommands },
  { commands: ['schedule'], load: async () => (await import('./schedule.js')).registerScheduleCommands },
  { commands: ['sync'], load: async () => (await import('./sync.js')).registerSyncCommands },
  { commands: ['sync'], load: async () => (await import('./sync-feedback.js')).registerFeedbackSyncCommand },
  { commands: ['review'], load: async () => (await import('./review.js')).registerReviewCommands },
  {
    commands: ['quarterly'],
    load: async () => (await import('./quarterly.js')).registerQuarterlyCommands,
  },
];

/** Commands defined in this file (they need no command module). */
const BUILT_IN: readonly string[] = ['config', 'migrate', 'status'];

/** The top-level command `argv` (node, script, …args) names, or null (help, no or unknown command). */
export function commandNamed(argv: readonly string[]): string | null {
  const args = argv.slice(2);
  const at = args.findIndex((a) => !a.startsWith('-'));
  // `odsync --help sync` is the program's help: every command must be registered.
  if (at !== 0) return null;
  const first = args[0] ?? '';
  return BUILT_IN.includes(first) || COMMAND_MODULES.some((m) => m.commands.includes(first)) ? first : null;
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

/**
 * Build the program. `setExit` records the command's exit code. With `argv`, only the modules of
 * the command it names are loaded (see COMMAND_MODULES); without, every command is registered.
 */
export async function buildProgram(
  options: RuntimeOptions,
  io: CliIo,
  setExit: (code: number) => void,
  argv?: readonly string[],
): Promise<Command> {
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
      const status = await import('./status.js');
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

  const named = argv === undefined ? null : commandNamed(argv);
  const modules = COMMAND_MODULES.filter((m) => named === null || m.commands.includes(named));
  const registers = await Promise.all(modules.map((m) => m.load()));
  for (const register of registers) register(program, options, io, setExit);

  return program;
}

/** Run the CLI; returns the exit code (never throws). */
export async function main(
  argv: string[],
  options: RuntimeOptions = {},
  io: CliIo = defaultIo,
): Promise<number> {
  let exitCode: number = ExitCode.ok;
  try {
    const program = await buildProgram(
      options,
      io,
      (code) => {
        exitCode = code;
      },
      argv,
    );
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end with exit code 0; usage errors with 2.
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
    }
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof OdsyncError) io.stderr(`odsync: ${message}\n`);
    else {
      // A bug: one line for the operator; the stack goes to the log.
      io.stderr(`odsync: unexpected error: ${message.split('\n', 1)[0]}\n`);
      logUnexpected(options, err);
    }
    return exitCodeFor(err);
  }
}

function logUnexpected(options: RuntimeOptions, err: unknown): void {
  try {
    loadBasics(options).logger.error({ err }, 'unexpected error');
  } catch {
    createLogger({ level: 'error' }).error({ err }, 'unexpected error');
  }
}

// Running this file directly (tsx jobs/cli.ts …) behaves like the installed bin.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv);
}
