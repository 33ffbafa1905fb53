/**
 * The platform's scheduled delistings (simple-list status unpublish, 預計下架), read on full passes:
 * a dataset still listed that the platform will delist, with the day where given. Never evidence of
 * a delisting: stored apart, valid from the first list that names it until the first that does not.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.js';

export interface ScheduledDelisting {
  datasetId: string;
  /** The planned day (YYYY-MM-DD), or null when the platform gives none. */
  scheduledOn: string | null;
}

/** Store one complete reading of the list (the run's transaction); returns how many are open now. */
export async function applyScheduledDelistings(
  db: Kysely<Database>,
  input: { runId: number; now: Date; scheduled: readonly ScheduledDelisting[] },
): Promise<number> {
  const { runId, now } = input;
  const rows = JSON.stringify(input.scheduled.map((s) => ({ id: s.datasetId, day: s.scheduledOn })));
  // No longer named: the schedule is over (delisted, or called off).
  await sql`
    update scheduled_delistings set cleared_at = ${now}
    where cleared_at is null
      and dataset_id not in (select x.id from jsonb_to_recordset(${rows}::jsonb) as x(id text, day text))`.execute(
    db,
  );
  await sql`
    update scheduled_delistings s set last_seen_at = ${now}, scheduled_on = coalesce(x.day::date, s.scheduled_on)
    from jsonb_to_recordset(${rows}::jsonb) as x(id text, day text)
    where s.cleared_at is null and s.dataset_id = x.id`.execute(db);
  await sql`
    insert into scheduled_delistings (dataset_id, scheduled_on, first_seen_at, last_seen_at, run_id)
    select distinct on (x.id) x.id, x.day::date, ${now}::timestamptz, ${now}::timestamptz, ${runId}::bigint
    from jsonb_to_recordset(${rows}::jsonb) as x(id text, day text)
    where exists (select 1 from datasets d where d.dataset_id = x.id)
      and not exists (select 1 from scheduled_delistings s where s.dataset_id = x.id and s.cleared_at is null)`.execute(
    db,
  );
  const open = await db
    .selectFrom('scheduled_delistings')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('cleared_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(open.n);
}
