/**
 * Builds the real dependencies (config, logger, clock, database) for a CLI command or a job.
 * Only jobs/ and the CLI construct real instances; src/ receives them.
 */
import { systemClock, type Clock } from '../src/clock.js';
import { loadConfig, type Config } from '../src/config/index.js';
import { migrateToLatest, openDatabase, type DbHandle, type MigrationReport } from '../src/db/index.js';
import { createLogger, type Logger } from '../src/logger.js';
import type { RetryPolicy } from '../src/platform/index.js';
import type { RunJobDeps } from '../src/runs/index.js';

export interface Runtime {
  config: Readonly<Config>;
  logger: Logger;
  clock: Clock;
  handle: DbHandle;
  migrations: MigrationReport;
  /** Dependencies for `runJob`. */
  runDeps: RunJobDeps;
  /** Overrides of the platform retry policy (tests shorten the back-off). */
  platformPolicy?: Partial<RetryPolicy>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  env?: Record<string, string | undefined>;
  clock?: Clock;
  logger?: Logger;
  /** Overrides of the platform retry policy (tests shorten the back-off). */
  platformPolicy?: Partial<RetryPolicy>;
  /**
   * An open database to use instead of opening the configured one, left open on close (tests run
   * many commands on one PGlite, which costs about 0.4 s to open). It is still migrated.
   */
  handle?: DbHandle;
}

/** Load config and a logger without touching the database (e.g. `odsync config`). */
export function loadBasics(options: RuntimeOptions = {}): { config: Readonly<Config>; logger: Logger } {
  const config = loadConfig(options.env);
  const logger =
    options.logger ??
    createLogger({
      level: config.logLevel,
      secrets: [config.apiKey, config.databaseUrl, config.alerts.webhookUrl, config.alerts.smtpUrl].filter(
        (s): s is string => !!s,
      ),
      secretHeaders: [config.feedback.apiKeyHeader],
    });
  return { config, logger };
}

/** Open the configured database and apply pending migrations (every command migrates first). */
export async function openRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const { config, logger } = loadBasics(options);
  const clock = options.clock ?? systemClock;
  const handle =
    options.handle ??
    (await openDatabase(
      config.databaseUrl
        ? { engine: 'postgres', url: config.databaseUrl }
        : { engine: 'pglite', dataDir: config.dataDir },
    ));
  const close = options.handle ? () => Promise.resolve() : () => handle.close();
  try {
    logger.info({ engine: handle.engine }, `database: ${handle.description}`);
    const migrations = await migrateToLatest(handle.db);
    for (const name of migrations.applied) logger.info({ migration: name }, 'migration applied');
    return {
      config,
      logger,
      clock,
      handle,
      migrations,
      runDeps: { handle, logger, clock, staleAfterMs: config.staleRunMinutes * 60_000 },
      ...(options.platformPolicy ? { platformPolicy: options.platformPolicy } : {}),
      close,
    };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}

/** Open a runtime, run `fn`, always close. */
export async function withRuntime<T>(options: RuntimeOptions, fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime(options);
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

/** Log an unexpected error (a bug) with its stack, with the configured logger when there is one. */
export function logUnexpected(options: RuntimeOptions, err: unknown): void {
  try {
    loadBasics(options).logger.error({ err }, 'unexpected error');
  } catch {
    createLogger({ level: 'error' }).error({ err }, 'unexpected error');
  }
}
