/**
 * One factory, two engines: PostgreSQL (pg) when a URL is given, otherwise embedded PGlite in a
 * data directory (or in memory, for tests). Both get the same type parsers and a UTC session.
 */
import { join } from 'node:path';
import { once } from 'node:events';
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import pg from 'pg';
import { from as pgCopyFrom } from 'pg-copy-streams';
import type { Database } from './database.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { TYPE_PARSERS } from './type-parsers.js';

export type Engine = 'postgres' | 'pglite';

export type DbTarget =
  | { engine: 'postgres'; url: string; poolSize?: number }
  /**
   * dataDir undefined = in-memory (tests); `loadDataDir` starts an in-memory database from a data
   * directory dumped by PGlite's `dumpDataDir` (a migrated template, skipping initdb).
   */
  | { engine: 'pglite'; dataDir?: string; loadDataDir?: Blob };

export interface DbHandle {
  db: Kysely<Database>;
  engine: Engine;
  /** Human description for logs, without secrets. */
  description: string;
  /**
   * One connection for a unit of work: a transaction begun on `session.db` spans every statement
   * on it, COPY included (PostgreSQL; PGlite has one connection anyway, and no COPY stream).
   */
  session(): Promise<DbSession>;
  close(): Promise<void>;
}

export interface DbSession {
  db: Kysely<Database>;
  /** `COPY … FROM STDIN` on the session's connection (PostgreSQL only). */
  copyFrom?: CopyOpener;
  /** Give the connection back; `broken`: close it instead (e.g. a failed rollback). */
  release(broken?: boolean): Promise<void>;
}

/** Opens a `COPY <table> (<columns>) FROM STDIN` statement; its rows (text or binary) go to the sink. */
export type CopyOpener = (statement: CopyStatement) => Promise<CopySink>;

/** A fixed COPY statement (no SQL built from input: the callers pass constants). */
export type CopyStatement = `copy ${string} from stdin` | `copy ${string} from stdin with (format binary)`;

export interface CopySink {
  /** Queue text (as UTF-8) or bytes; resolves when the stream has room again (backpressure). */
  write(text: string | Buffer): Promise<void>;
  /** Finish the COPY; resolves once the server has stored every row. */
  end(): Promise<void>;
  /** Abandon the COPY: the server discards every row sent. Never throws. */
  abort(): Promise<void>;
}

export async function openDatabase(target: DbTarget): Promise<DbHandle> {
  if (target.engine === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 5,
      options: '-c TimeZone=UTC',
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          const parser = TYPE_PARSERS[oid];
          return parser ?? (pg.types.getTypeParser(oid, format) as (value: string) => unknown);
        }) as typeof pg.types.getTypeParser,
      },
    });
    // An idle client losing its server connection must not crash the process.
    pool.on('error', () => undefined);
    // Nor a checked-out one with no query in flight (the connection holding a job's advisory
    // lock): pg emits 'error' on the client itself, which would be an uncaught exception. The
    // next query on it fails and is handled where it is made.
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const where = safeHost(target.url);
    return {
      db,
      engine: 'postgres',
      description: `PostgreSQL at ${where}`,
      session: () => openSession(pool),
      close: () => db.destroy(),
    };
  }

  // Loaded only when used: PGlite's WASM module costs ~60 MB of memory on import.
  const [{ PGlite }, { PGliteDialect }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('kysely-pglite-dialect'),
  ]);
  const lock = target.dataDir === undefined ? undefined : acquireDataDirLock(target.dataDir);
  try {
    const parsers = Object.fromEntries(
      Object.entries(TYPE_PARSERS).map(([oid, fn]) => [oid, (v: string) => fn(v)]),
    );
    const pglite = await PGlite.create({
      ...(target.dataDir === undefined ? {} : { dataDir: join(target.dataDir, 'pgdata') }),
      ...(target.loadDataDir === undefined ? {} : { loadDataDir: target.loadDataDir }),
      parsers,
    });
    await pglite.exec(`SET TimeZone TO 'UTC'`);
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      engine: 'pglite',
      session: () => Promise.resolve({ db, release: () => Promise.resolve() }),
      description:
        target.dataDir === undefined ? 'embedded PGlite (in memory)' : `embedded PGlite in ${target.dataDir}`,
      close: async () => {
        try {
          await db.destroy();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}

async function openSession(pool: pg.Pool): Promise<DbSession> {
  const client = await pool.connect();
  // Kysely over this one connection: its "pool" always hands out the same client.
  const single: PostgresPool = {
    connect: () =>
      Promise.resolve({
        query: client.query.bind(client),
        release: () => undefined,
      }),
    end: () => Promise.resolve(),
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: single }) });
  let released = false;
  return {
    db,
    copyFrom: (statement) => openCopy(client, statement),
    async release(broken = false) {
      if (released) return;
      released = true;
      await db.destroy();
      client.release(broken);
    },
  };
}

function openCopy(client: pg.PoolClient, statement: CopyStatement): Promise<CopySink> {
  const stream = client.query(pgCopyFrom(statement));
  let failure = undefined as Error | undefined; // set by the 'error' listener
  let done = false;
  stream.on('error', (err: Error) => {
    failure = err;
  });
  const rethrow = () => {
    if (failure) throw failure;
  };
  return Promise.resolve({
    async write(text) {
      rethrow();
      if (!stream.write(text)) await once(stream, 'drain'); // rejects on 'error'
      rethrow();
    },
    async end() {
      rethrow();
      const finished = once(stream, 'finish'); // rejects with the server's error (e.g. bad data)
      stream.end();
      await finished;
      done = true;
    },
    async abort() {
      if (done) return;
      done = true;
      // After an error the COPY is over: the server ended it, or the connection is gone and a
      // CopyFail would wait forever for an answer (the stream would never close).
      if (failure) return;
      // CopyFail: the server discards the rows and the connection stays usable (its transaction,
      // if any, is aborted).
      const settled = once(stream, 'close').catch(() => undefined);
      stream.destroy(new Error('COPY abandoned'));
      await settled;
    },
  });
}

function safeHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}
