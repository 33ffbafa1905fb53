/** Small run-journal lookups the jobs need (the nightly's stage reports, the scheduler's catch-up). */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';

/** Id of the latest child run of `parentId` for `job`, or null (none, or the lookup failed). */
export async function lastChildRunId(
  db: Kysely<Database>,
  parentId: number,
  job: string,
): Promise<number | null> {
  const row = await db
    .selectFrom('runs')
    .select('id')
    .where('parent_id', '=', parentId)
    .where('job', '=', job)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
    // A stage that failed may have failed because the database did: its report still goes out.
    .catch(() => undefined);
  return row?.id ?? null;
}

/** Start time of the last completed (succeeded or partial) run of `job`; null = never. */
export async function lastCompletedStart(db: Kysely<Database>, job: string): Promise<Date | null> {
  const row = await db
    .selectFrom('runs')
    .select('started_at')
    .where('job', '=', job)
    .where('status', 'in', ['succeeded', 'partial'])
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.started_at ?? null;
}

/** The `args` of the latest succeeded runs of `job` (newest first, at most `limit`). */
export async function succeededRunArgs(db: Kysely<Database>, job: string, limit = 50): Promise<unknown[]> {
  const rows = await db
    .selectFrom('runs')
    .select('args')
    .where('job', '=', job)
    .where('status', '=', 'succeeded')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.args);
}
