/**
 * The few error classes odsync throws. Every error carries a stable `code`; the CLI's single
 * top-level handler (jobs/exit-code.ts) maps them to exit codes with `exitCodeFor`. Expected
 * outcomes (discrepancies, migration results, partial runs) are returned values, not exceptions.
 */
export const ExitCode = {
  ok: 0,
  failed: 1,
  badInput: 2,
  partial: 3,
  lockHeld: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class OdsyncError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  constructor(code: string, message: string, options: { cause?: unknown; exitCode?: ExitCode } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = options.exitCode ?? ExitCode.failed;
  }
}

/** Invalid environment/configuration; `issues` holds every problem as `path: message`. */
export class ConfigError extends OdsyncError {
  readonly issues: string[];
  constructor(issues: string[], options: { cause?: unknown } = {}) {
    super('CONFIG', `invalid configuration:\n  ${issues.join('\n  ')}`, {
      ...options,
      exitCode: ExitCode.badInput,
    });
    this.issues = issues;
  }
}

/** Bad command-line usage or input file; exit code 2. */
export class InputError extends OdsyncError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('INPUT', message, { ...options, exitCode: ExitCode.badInput });
  }
}

/** One problem in an input file, located as precisely as the format allows. */
export interface InputProblem {
  file?: string;
  /** Spreadsheets: the sheet's name. */
  sheet?: string;
  row?: number;
  column?: string;
  message: string;
}

export function formatProblem(p: InputProblem): string {
  const where = [
    p.file,
    p.sheet && `sheet ${p.sheet}`,
    p.row === undefined ? undefined : `row ${p.row}`,
    p.column && `column ${p.column}`,
  ]
    .filter(Boolean)
    .join(', ');
  return where ? `${where}: ${p.message}` : p.message;
}

/** A plan/requests file that cannot be imported; lists every problem found, nothing was written. */
export class FileInputError extends OdsyncError {
  readonly problems: InputProblem[];
  constructor(problems: InputProblem[], options: { cause?: unknown } = {}) {
    super(
      'FILE_INPUT',
      `input rejected (${problems.length} problem${problems.length === 1 ? '' : 's'}), nothing imported:\n  ${problems.map(formatProblem).join('\n  ')}`,
      {
        ...options,
        exitCode: ExitCode.badInput,
      },
    );
    this.problems = problems;
  }
}

/** An HTTP call to the platform failed (after retries where retrying was allowed). */
export class PlatformFetchError extends OdsyncError {
  readonly url: string;
  readonly status: number | undefined;
  readonly retryable: boolean;
  constructor(
    message: string,
    details: { url: string; status?: number; retryable?: boolean; cause?: unknown },
  ) {
    super('PLATFORM_FETCH', message, { cause: details.cause });
    this.url = details.url;
    this.status = details.status;
    this.retryable = details.retryable ?? false;
  }
}

/** A payload did not match its schema as a whole (single bad records go to quarantine instead). */
export class SchemaError extends OdsyncError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('SCHEMA', message, options);
  }
}

/** Another run of the same job (or another process on the embedded database) holds the lock. */
export class LockHeldError extends OdsyncError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('LOCK_HELD', message, { ...options, exitCode: ExitCode.lockHeld });
  }
}

/** Map any thrown value to a CLI exit code. */
export function exitCodeFor(err: unknown): ExitCode {
  return err instanceof OdsyncError ? err.exitCode : ExitCode.failed;
}
