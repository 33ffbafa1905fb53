/**
 * One run of a job at a time. On PostgreSQL a session advisory lock, held on a dedicated
 * connection for the whole run (it dies with the process). On PGlite the data-directory lock
 * already excludes other processes; within one process a registry does the same job.
 */
import { sql } from 'kysely';
import type { DbHandle } from '../db/index.js';
import { LockHeldError } from '../errors.js';

const LOCK_NAMESPACE = 0x6f64; // "od"
const heldInProcess = new WeakMap<object, Set<string>>();

/** Run `fn` while holding the lock for `job`; throws LockHeldError if another run holds it. */
export async function withJobLock<T>(handle: DbHandle, job: string, fn: () => Promise<T>): Promise<T> {
  if (handle.engine === 'pglite') {
    const held = heldInProcess.get(handle.db) ?? new Set<string>();
    heldInProcess.set(handle.db, held);
    if (held.has(job)) throw lockHeld(job);
    held.add(job);
    try {
      return await fn();
    } finally {
      held.delete(job);
    }
  }
  return handle.db.connection().execute(async (conn) => {
    const { rows } = await sql<{ locked: boolean }>`
        select pg_try_advisory_lock(${LOCK_NAMESPACE}, hashtext(${job})) as locked`.execute(conn);
    if (!rows[0]?.locked) throw lockHeld(job);
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(${LOCK_NAMESPACE}, hashtext(${job}))`
        .execute(conn)
        .catch(() => undefined);
    }
  });
}

function lockHeld(job: string): LockHeldError {
  return new LockHeldError(`another "${job}" run is in progress; this one exits without doing anything`);
}
