/**
 * One factory, two engines: PostgreSQL (pg) when a URL is given, otherwise embedded PGlite in a
 * data directory (or in memory, for tests). Both get the same type parsers and a UTC session.
 */
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
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
  close(): Promise<void>;
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
    return { db, engine: 'postgres', description: `PostgreSQL at ${where}`, close: () => db.destroy() };
  }

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

function safeHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}
