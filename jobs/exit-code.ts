/**
 * The one mapping from a thrown error to an exit code and the operator's one-line message:
 * 0 ok, 1 failed, 2 bad input/usage, 3 finished but partial/degraded, 4 lock held by another run.
 */
import { CommanderError } from 'commander';
import { ExitCode, OdsyncError, exitCodeFor } from '../src/errors.js';
import type { CliIo } from './cli-io.js';

/**
 * Write the error's line to stderr and return its exit code. Commander has already printed its own
 * usage message; anything that is not an OdsyncError is a bug, whose stack goes to `logUnexpected`.
 */
export function exitCodeForError(
  err: unknown,
  io: Pick<CliIo, 'stderr'>,
  logUnexpected: (err: unknown) => void,
): ExitCode {
  if (err instanceof CommanderError) {
    // --help and --version end with exit code 0; usage errors with 2.
    return err.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
  }
  if (err instanceof OdsyncError) {
    io.stderr(`odsync: ${err.message}\n`);
    return exitCodeFor(err);
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr(`odsync: unexpected error: ${message.split('\n', 1)[0]}\n`);
  logUnexpected(err);
  return exitCodeFor(err);
}
