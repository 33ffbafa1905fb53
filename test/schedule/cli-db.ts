/**
 * A database that both the test and a CLI invocation (in-process or spawned) can open:
 * PGlite in a temporary data directory (one process at a time: close before running the CLI)
 * or a fresh PostgreSQL database. `env` is what the CLI needs to find it.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RuntimeOptions } from '../../jobs/runtime.js';
import { migrateToLatest, openDatabase, type DbHandle, type Engine } from '../../src/db/index.js';
import { createTestDb, testTemplates } from '../helpers/engines.js';
import { adminUrl } from '../helpers/pg-admin.js';
import { adminQuery } from '../helpers/templates.js';

export interface CliDb {
  engine: Engine;
  env: Record<string, string>;
  dataDir: string;
  /** Open (and migrate) a handle; on PGlite close it before the CLI runs. */
  open(): Promise<DbHandle>;
  /** Run `fn` with a handle: the held one, or one opened for `fn` and closed afterwards. */
  use<T>(fn: (handle: DbHandle) => Promise<T>): Promise<T>;
  /**
   * Keep one handle open until `release()` or `drop()`; `use` and `cli()` share it. Opening
   * PGlite costs about 0.4 s, several times per test. Release it before a process is spawned on
   * PGlite (one process at a time).
   */
  hold(): Promise<DbHandle>;
  release(): Promise<void>;
  /** Options for an in-process CLI run on this database (with the held handle, if any). */
  cli(options?: RuntimeOptions): RuntimeOptions;
  drop(): Promise<void>;
}

/** A fresh, migrated database. */
export async function createCliDb(engine: Engine): Promise<CliDb> {
  const dataDir = mkdtempSync(join(tmpdir(), 'odsync-cli-'));
  if (engine === 'pglite') {
    const templates = testTemplates();
    // A copy of the migrated template skips initdb and the migrations.
    if (templates) copyDataDir(templates.pgliteDataDir, dataDir);
    return pgliteCliDb(dataDir);
  }
  const pgDb = await createTestDb('postgres');
  // Only the URL is used from here on; an idle pool would block `create database … template`.
  await pgDb.handle.close();
  return postgresCliDb(pgDb.url!, dataDir, () => pgDb.drop());
}

/**
 * A copy of `base` (closed) as a new CliDb: PostgreSQL `create database … template …`, or a copy
 * of the PGlite data directory. Lets a suite build an expensive starting state once.
 */
export async function cloneCliDb(base: CliDb): Promise<CliDb> {
  await base.release();
  const dataDir = mkdtempSync(join(tmpdir(), 'odsync-cli-'));
  if (base.engine === 'pglite') {
    copyDataDir(base.dataDir, dataDir);
    return pgliteCliDb(dataDir);
  }
  const baseName = new URL(base.env.DATABASE_URL!).pathname.slice(1);
  const name = `${baseName.slice(0, 40)}_c${randomBytes(3).toString('hex')}`;
  // Identifiers cannot be bind parameters; both names are generated here from [a-z0-9_].
  if (!/^[a-z0-9_]+$/.test(name) || !/^[a-z0-9_]+$/.test(baseName))
    throw new Error('unexpected database name');
  await adminQuery(`create database ${name} template ${baseName}`);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return postgresCliDb(url.href, dataDir, () => adminQuery(`drop database if exists ${name} with (force)`));
}

function pgliteCliDb(dataDir: string): CliDb {
  return cliDb('pglite', { ODSYNC_DATA_DIR: dataDir }, dataDir, () =>
    openDatabase({ engine: 'pglite', dataDir }),
  );
}

function postgresCliDb(url: string, dataDir: string, dropDatabase: () => Promise<void>): CliDb {
  return cliDb(
    'postgres',
    { DATABASE_URL: url, ODSYNC_DATA_DIR: dataDir },
    dataDir,
    () => openDatabase({ engine: 'postgres', url }),
    dropDatabase,
  );
}

function cliDb(
  engine: Engine,
  env: Record<string, string>,
  dataDir: string,
  openHandle: () => Promise<DbHandle>,
  dropDatabase: () => Promise<void> = () => Promise.resolve(),
): CliDb {
  let held: DbHandle | null = null;
  const open = async () => {
    const handle = await openHandle();
    await migrateToLatest(handle.db);
    return handle;
  };
  const release = async () => {
    const h = held;
    held = null;
    await h?.close();
  };
  return {
    engine,
    env,
    dataDir,
    open,
    use: async (fn) => {
      if (held) return fn(held);
      const h = await open();
      try {
        return await fn(h);
      } finally {
        await h.close();
      }
    },
    hold: async () => (held ??= await open()),
    release,
    cli: (options = {}) => ({
      ...options,
      env: { ...env, ...options.env },
      ...(held ? { handle: held } : {}),
    }),
    drop: async () => {
      await release();
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Copy a closed PGlite data directory (without its lock file). */
function copyDataDir(from: string, to: string): void {
  cpSync(from, to, { recursive: true, filter: (src) => !src.endsWith('odsync.lock') });
}
