/**
 * Run the same integration suite on PostgreSQL and PGlite. Each test database is new and
 * migrated: a fresh PostgreSQL database (dropped afterwards) or an in-memory PGlite.
 *
 *   describeEngines('store', (ctx) => { it('…', async () => { ctx.handle.db … }) })
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, inject } from 'vitest';
import { migrateToLatest, openDatabase, type DbHandle, type Engine } from '../../src/db/index.js';
import { adminUrl } from './pg-admin.js';

export const ENGINES: Engine[] = ['pglite', 'postgres'];

export function engineAvailable(engine: Engine): boolean {
  const wanted = (process.env.ODSYNC_TEST_ENGINES ?? 'pglite,postgres').split(',');
  if (!wanted.includes(engine)) return false;
  return engine === 'pglite' || inject('postgresAvailable');
}

export interface TestDb {
  handle: DbHandle;
  engine: Engine;
  /** For PostgreSQL: the URL of the test database (for spawning processes or a second pool). */
  url: string | undefined;
  /** Open a second, independent handle on the same database (PostgreSQL only). */
  openAnother(): Promise<DbHandle>;
  drop(): Promise<void>;
}

/** Create a new empty database, optionally migrated. */
export async function createTestDb(engine: Engine, options: { migrate?: boolean } = {}): Promise<TestDb> {
  if (engine === 'pglite') {
    const handle = await openDatabase({ engine: 'pglite' });
    if (options.migrate !== false) await migrateToLatest(handle.db);
    return {
      handle,
      engine,
      url: undefined,
      openAnother: () => Promise.reject(new Error('an in-memory PGlite database cannot be shared')),
      drop: () => handle.close(),
    };
  }
  const name = `odsync_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const handle = await openDatabase({ engine: 'postgres', url: url.href });
  if (options.migrate !== false) await migrateToLatest(handle.db);
  const extra: DbHandle[] = [];
  return {
    handle,
    engine,
    url: url.href,
    openAnother: async () => {
      const h = await openDatabase({ engine: 'postgres', url: url.href });
      extra.push(h);
      return h;
    },
    drop: async () => {
      await Promise.all([handle, ...extra].map((h) => h.close().catch(() => undefined)));
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface EngineContext {
  engine: Engine;
  /** The current test's database (new for every test). */
  readonly db: TestDb;
}

/**
 * `describe` once per engine; each test gets a fresh migrated database in `ctx.db`.
 * The PostgreSQL block is skipped (loudly, by global setup) only when no server is reachable outside CI.
 */
export function describeEngines(
  name: string,
  body: (ctx: EngineContext) => void,
  options: { migrate?: boolean } = {},
): void {
  for (const engine of ENGINES) {
    const available = engineAvailable(engine);
    describe.skipIf(!available)(`${name} [${engine}]`, () => {
      let current: TestDb | undefined;
      const ctx: EngineContext = {
        engine,
        get db() {
          if (!current) throw new Error('test database not ready');
          return current;
        },
      };
      beforeEach(async () => {
        current = await createTestDb(engine, options);
      });
      afterEach(async () => {
        await current?.drop();
        current = undefined;
      });
      body(ctx);
    });
  }
}
