/**
 * One factory, two engines: PostgreSQL (pg) when a URL is given, otherwise embedded PGlite in a
 * data directory (or in memory, for tests). Both get the same type parsers and a UTC session.
 */
import { join } from 'node:path';
import { once } from 'node:events';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as pgCopyFrom } from 'pg-copy-streams';
import type { Database } from './database.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { TYPE_PARSERS } from './type-parsers.js';

export type Engine = 'postgres' | 'pglite';

export type DbTarget =
  | { engine: 'postgres'; url: string; poolSize?: number }
  /** dataDir undefined = in-memory (tests). */
  | { engine: 'pglite'; dataDir?: string };

export interface DbHandle {
  db: Kysely<Database>;
  engine: Engine;
  /** Human description for logs, without secrets. */
  description: string;
  /** `COPY … FROM STDIN` on a connection of its own (PostgreSQL only: PGlite has no COPY stream). */
  copyFrom?: CopyOpener;
  close(): Promise<void>;
}

/** Opens a `COPY <table> (<columns>) FROM STDIN` statement; text format rows go to the sink. */
export type CopyOpener = (statement: CopyStatement) => Promise<CopySink>;

/** A fixed COPY statement (no SQL built from input: the callers pass constants). */
export type CopyStatement = `copy ${string} from stdin`;

export interface CopySink {
  /** Queue text; resolves when the stream has room again (backpressure). */
  write(text: string): Promise<void>;
  /** Finish the COPY; resolves once the server has stored every row (autocommitted). */
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
      copyFrom: (statement) => openCopy(pool, statement),
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
      parsers,
    });
    await pglite.exec(`SET TimeZone TO 'UTC'`);
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      engine: 'pglite',
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

async function openCopy(pool: pg.Pool, statement: CopyStatement): Promise<CopySink> {
  const client = await pool.connect();
  const stream = client.query(pgCopyFrom(statement));
  let failure = undefined as Error | undefined; // set by the 'error' listener
  let released = false;
  const release = (err?: Error) => {
    if (released) return;
    released = true;
    // A connection whose COPY failed or was abandoned is closed rather than reused.
    client.release(err ?? false);
  };
  stream.on('error', (err: Error) => {
    failure = err;
    release(err);
  });
  const rethrow = () => {
    if (failure) throw failure;
  };
  return {
    async write(text) {
      rethrow();
      if (!stream.write(text)) await once(stream, 'drain'); // rejects on 'error'
      rethrow();
    },
    async end() {
      rethrow();
      const finished = once(stream, 'finish');
      stream.end();
      await finished; // rejects with the server's error (e.g. a constraint) via 'error'
      release();
    },
    abort() {
      if (!released) {
        stream.destroy(new Error('COPY abandoned'));
        release(new Error('COPY abandoned'));
      }
      return Promise.resolve();
    },
  };
}

function safeHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}
