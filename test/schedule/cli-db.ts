/**
 * A database that both the test and a CLI invocation (in-process or spawned) can open:
 * PGlite in a temporary data directory (one process at a time: close before running the CLI)
 * or a fresh PostgreSQL database. `env` is what the CLI needs to find it.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrateToLatest, openDatabase, type DbHandle, type Engine } from '../../src/db/index.js';
import { createTestDb, testTemplates, type TestDb } from '../helpers/engines.js';
import { adminUrl } from '../helpers/pg-admin.js';

export interface CliDb {
  engine: Engine;
  env: Record<string, string>;
  dataDir: string;
  /** Open (and migrate) a handle; on PGlite close it before the CLI runs. */
  open(): Promise<DbHandle>;
  /** Run `fn` with a handle that is closed afterwards. */
  use<T>(fn: (handle: DbHandle) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

export async function createCliDb(engine: Engine): Promise<CliDb> {
  const dataDir = mkdtempSync(join(tmpdir(), 'odsync-cli-'));
  const templates = testTemplates();
  // A copy of the migrated template skips initdb and the migrations.
  if (engine === 'pglite' && templates) copyDataDir(templates.pgliteDataDir, dataDir);
  let pgDb: TestDb | undefined;
  if (engine === 'postgres') {
    pgDb = await createTestDb('postgres');
    // Only the URL is used from here on; an idle pool would block `create database … template`.
    await pgDb.handle.close();
  }
  const env: Record<string, string> = pgDb
    ? { DATABASE_URL: pgDb.url!, ODSYNC_DATA_DIR: dataDir }
    : { ODSYNC_DATA_DIR: dataDir };
  const open = async () => {
    const handle = pgDb
      ? await openDatabase({ engine: 'postgres', url: pgDb.url! })
      : await openDatabase({ engine: 'pglite', dataDir });
    await migrateToLatest(handle.db);
    return handle;
  };
  return {
    engine,
    env,
    dataDir,
    open,
    use: async (fn) => {
      const h = await open();
      try {
        return await fn(h);
      } finally {
        await h.close();
      }
    },
    drop: async () => {
      await pgDb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A copy of `base` (closed) as a new CliDb: PostgreSQL `create database … template …`, or a copy
 * of the PGlite data directory. Lets a suite build an expensive starting state once.
 */
export async function cloneCliDb(base: CliDb): Promise<CliDb> {
  const dataDir = mkdtempSync(join(tmpdir(), 'odsync-cli-'));
  if (base.engine === 'pglite') {
    copyDataDir(base.dataDir, dataDir);
    const env = { ...base.env, ODSYNC_DATA_DIR: dataDir };
    const open = async () => {
      const handle = await openDatabase({ engine: 'pglite', dataDir });
      await migrateToLatest(handle.db);
      return handle;
    };
    return {
      engine: 'pglite',
      env,
      dataDir,
      open,
      use: async (fn) => {
        const h = await open();
        try {
          return await fn(h);
        } finally {
          await h.close();
        }
      },
      drop: () => {
        rmSync(dataDir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  const baseUrl = new URL(base.env.DATABASE_URL!);
  const baseName = baseUrl.pathname.slice(1);
  const name = `${baseName.slice(0, 40)}_c${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    // Identifiers cannot be bind parameters; both names are generated here from [a-z0-9_].
    if (!/^[a-z0-9_]+$/.test(name) || !/^[a-z0-9_]+$/.test(baseName))
      throw new Error('unexpected database name');
    await admin.query(`create database ${name} template ${baseName}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const open = async () => {
    const handle = await openDatabase({ engine: 'postgres', url: url.href });
    await migrateToLatest(handle.db);
    return handle;
  };
  return {
    engine: 'postgres',
    env: { DATABASE_URL: url.href, ODSYNC_DATA_DIR: dataDir },
    dataDir,
    open,
    use: async (fn) => {
      const h = await open();
      try {
        return await fn(h);
      } finally {
        await h.close();
      }
    },
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Copy a closed PGlite data directory (without its lock file). */
function copyDataDir(from: string, to: string): void {
  cpSync(from, to, { recursive: true, filter: (src) => !src.endsWith('odsync.lock') });
}
