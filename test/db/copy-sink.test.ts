/**
 * The COPY sink of a PostgreSQL session when its connection is gone: the write fails, and the
 * abort that follows returns instead of waiting forever for the answer to a CopyFail (the catalogue
 * stage used to hang there when the server dropped its connection mid-run).
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../src/db/index.js';
import { createTestDb, engineAvailable, type TestDb } from '../helpers/engines.js';
import { adminUrl } from '../helpers/pg-admin.js';

const COPY = 'copy dataset_events (dataset_id, event, at, source, run_id) from stdin' as const;

/** `p`, or a rejection after `ms` (a hang fails the test instead of timing it out). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

describe.skipIf(!engineAvailable('postgres'))('COPY sink on a lost connection [postgres]', () => {
  let testDb: TestDb;
  let handle: DbHandle;
  beforeEach(async () => {
    testDb = await createTestDb('postgres');
    handle = await openDatabase({ engine: 'postgres', url: testDb.url! });
  });
  afterEach(async () => {
    await handle.close();
    await testDb.drop();
  });

  it('a COPY on a terminated connection fails, and its abort returns', async () => {
    const session = await handle.session();
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(session.db);
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    try {
      await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
    } finally {
      await admin.end();
    }
    // The client learns of the loss asynchronously.
    await new Promise((r) => setTimeout(r, 200));
    const sink = await session.copyFrom!(COPY);
    const written = (async () => {
      await sink.write(Buffer.from('1\tadded\t2026-01-01 00:00:00+00\texport\t1\n'));
      await sink.end();
    })();
    await expect(within(written, 5000, 'the COPY')).rejects.toThrow(/not queryable|terminat|connection/i);
    await within(sink.abort(), 5000, 'the abort');
    await session.release(true);
  });
});
