/**
 * The `odsync` command line: builds the program from the command registry (jobs/commands/) and
 * maps whatever a command throws to an exit code (jobs/exit-code.ts):
 * 0 ok, 1 failed, 2 bad input/usage, 3 finished but partial/degraded, 4 lock held by another run.
 */
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { ExitCode } from '../src/errors.js';
import { processIo, type CliIo } from './cli-io.js';
import { COMMANDS } from './commands/index.js';
import { exitCodeForError } from './exit-code.js';
import { logUnexpected, type RuntimeOptions } from './runtime.js';

export type { CliIo } from './cli-io.js';

/** The top-level command `argv` (node, script, …args) names, or null (help, no or unknown command). */
export function commandNamed(argv: readonly string[]): string | null {
  const args = argv.slice(2);
  const at = args.findIndex((a) => !a.startsWith('-'));
  // `odsync --help sync` is the program's help: every command must be registered.
  if (at !== 0) return null;
  const first = args[0] ?? '';
  return COMMANDS.some((m) => m.commands.includes(first)) ? first : null;
}

/**
 * Build the program. `setExit` records the command's exit code. With `argv`, only the module of
 * the command it names is loaded (see COMMANDS); without, every command is registered.
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

  const named = argv === undefined ? null : commandNamed(argv);
  const modules = COMMANDS.filter((m) => named === null || m.commands.includes(named));
  const registers = await Promise.all(modules.map((m) => m.load()));
  for (const register of registers) register(program, options, io, setExit);

  return program;
}

/** Run the CLI; returns the exit code (never throws). */
export async function main(
  argv: string[],
  options: RuntimeOptions = {},
  io: CliIo = processIo,
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
    return exitCodeForError(err, io, (e) => logUnexpected(options, e));
  }
}

// Running this file directly (tsx jobs/cli.ts …) behaves like the installed bin.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv);
}
