/**
 * Run the same integration suite on PostgreSQL and PGlite. Every test starts from an empty,
 * migrated database: one database per `describeEngines` block (a PGlite loaded from the migrated
 * template, or a PostgreSQL database created from the template database), emptied before each test.
 *
 *   describeEngines('store', (ctx) => { it('…', async () => { ctx.handle.db … }) })
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RawBuilder } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, inject } from 'vitest';
import { migrateToLatest, openDatabase, type DbHandle, type Engine } from '../../src/db/index.js';
import { adminUrl } from './pg-admin.js';
import { adminQuery, resetStatement, type TestTemplates } from './templates.js';

export const ENGINES: Engine[] = ['pglite', 'postgres'];

export function engineAvailable(engine: Engine): boolean {
  const wanted = (process.env.ODSYNC_TEST_ENGINES ?? 'pglite,postgres').split(',');
  if (!wanted.includes(engine)) return false;
  return engine === 'pglite' || inject('postgresAvailable');
}

/** The run's templates (global setup); undefined when run without it. */
export function testTemplates(): TestTemplates | undefined {
  return inject('testTemplates');
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

const dumps = new Map<string, Blob>();

/** Create a new empty database, migrated unless `migrate: false` (from the templates when there are). */
export async function createTestDb(engine: Engine, options: { migrate?: boolean } = {}): Promise<TestDb> {
  const migrate = options.migrate !== false;
  const templates = testTemplates();
  if (engine === 'pglite') {
    const file = templates && (migrate ? templates.pgliteDump : templates.pgliteEmptyDump);
    let dump = file ? dumps.get(file) : undefined;
    if (file && !dump) dumps.set(file, (dump = new Blob([readFileSync(file)])));
    const handle = await openDatabase(dump ? { engine: 'pglite', loadDataDir: dump } : { engine: 'pglite' });
    if (migrate) await migrateToLatest(handle.db);
    return {
      handle,
      engine,
      url: undefined,
      openAnother: () => Promise.reject(new Error('an in-memory PGlite database cannot be shared')),
      drop: () => handle.close(),
    };
  }
  const template = migrate ? templates?.postgresTemplate : undefined;
  const name = `odsync_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  // Identifiers cannot be bind parameters; both names are generated from [a-z0-9_].
  await adminQuery(template ? `create database ${name} template ${template}` : `create database ${name}`);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const handle = await openDatabase({ engine: 'postgres', url: url.href });
  if (migrate) await migrateToLatest(handle.db);
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
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

export interface EngineContext {
  engine: Engine;
  /** The current test's database (empty and migrated at the start of every test). */
  readonly db: TestDb;
}

/**
 * `describe` once per engine; each test gets an empty migrated database in `ctx.db`.
 * With `migrate: false` each test gets a new, unmigrated database instead.
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
      if (options.migrate === false) {
        beforeEach(async () => {
          current = await createTestDb(engine, options);
        });
        afterEach(async () => {
          await current?.drop();
          current = undefined;
        });
      } else {
        const shared = sharedDb(engine);
        beforeAll(() => shared.open());
        beforeEach(async () => {
          current = await shared.next();
        });
        afterEach(() => shared.afterTest());
        afterAll(async () => {
          current = undefined;
          await shared.close();
        });
      }
      body(ctx);
    });
  }
}

/**
 * One migrated database for a block of tests, emptied before every test but the first. A test that
 * closes or drops it gets a new one for the next test; handles from `openAnother` close after each test.
 */
function sharedDb(engine: Engine) {
  let base: TestDb | undefined;
  let reset: RawBuilder<unknown> | undefined;
  let used = false;
  let lost = false;
  let extra: DbHandle[] = [];

  const open = async () => {
    base = await createTestDb(engine);
    reset = await resetStatement(base.handle.db);
    used = false;
    lost = false;
  };
  const close = async () => {
    await base?.drop();
    base = undefined;
  };
  return {
    open,
    close,
    async next(): Promise<TestDb> {
      if (!base || lost) {
        await close().catch(() => undefined);
        await open();
      } else if (used) {
        await reset!.execute(base.handle.db);
      }
      used = true;
      const b = base!;
      const handle: DbHandle = {
        ...b.handle,
        close: () => {
          lost = true;
          return b.handle.close();
        },
      };
      return {
        handle,
        engine,
        url: b.url,
        openAnother: async () => {
          const h = await b.openAnother();
          extra.push(h);
          return h;
        },
        drop: () => {
          lost = true;
          return b.drop();
        },
      };
    },
    async afterTest() {
      const handles = extra;
      extra = [];
      await Promise.all(handles.map((h) => h.close().catch(() => undefined)));
    },
  };
}
