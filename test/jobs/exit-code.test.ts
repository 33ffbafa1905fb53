import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { exitCodeForError } from '../../jobs/exit-code.js';
import {
  ConfigError,
  FileInputError,
  InputError,
  LockHeldError,
  PlatformFetchError,
} from '../../src/errors.js';

function map(err: unknown) {
  let stderr = '';
  const logged: unknown[] = [];
  const code = exitCodeForError(err, { stderr: (t) => void (stderr += t) }, (e) => logged.push(e));
  return { code, stderr, logged };
}

describe('exitCodeForError: the one error → exit code mapping', () => {
  it.each([
    ['bad input', new InputError('--as-of: bad'), 2],
    ['bad configuration', new ConfigError(['PORT: not a number']), 2],
    ['a rejected file', new FileInputError([{ message: 'no header' }]), 2],
    ['a platform failure', new PlatformFetchError('HTTP 503', { url: 'https://x', status: 503 }), 1],
    ['the lock held by another run', new LockHeldError('nightly is running'), 4],
  ])('%s: exit %i with one odsync: line, nothing logged', (_name, err, expected) => {
    const r = map(err);
    expect(r.code).toBe(expected);
    expect(r.stderr).toBe(`odsync: ${err.message}\n`);
    expect(r.logged).toEqual([]);
  });

  it('help and version exit 0, usage errors 2, and print nothing more (commander already did)', () => {
    expect(map(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toEqual({
      code: 0,
      stderr: '',
      logged: [],
    });
    expect(map(new CommanderError(1, 'commander.unknownCommand', "error: unknown command 'x'")).code).toBe(2);
  });

  it('a bug exits 1 with its first line only; the whole error goes to the log', () => {
    const bug = new TypeError('cannot read x\n    at somewhere');
    const r = map(bug);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('odsync: unexpected error: cannot read x\n');
    expect(r.logged).toEqual([bug]);
    expect(map('a string').stderr).toBe('odsync: unexpected error: a string\n');
  });
});
