/**
 * A database that both the test and a CLI invocation (in-process or spawned) can open:
 * PGlite in a temporary data directory (one process at a time: close before running the CLI)
 * or a fresh PostgreSQL database. `env` is what the CLI needs to find it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDatabase, type DbHandle, type Engine } from '../../src/db/index.js';
import { createTestDb, type TestDb } from '../helpers/engines.js';

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
  let pgDb: TestDb | undefined;
  if (engine === 'postgres') pgDb = await createTestDb('postgres');
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
