import { sql, type Kysely } from 'kysely';

// Datasets the platform lists as scheduled for delisting (simple-list status unpublish, 預計下架):
// one row per dataset and sighting period (valid from first_seen_at until cleared_at), and the
// discrepancy kind `delisting_scheduled`. Frozen once shipped.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('scheduled_delistings')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.dataset_id'))
    .addColumn('scheduled_on', 'date')
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('cleared_at', 'timestamptz')
    .addColumn('run_id', 'bigint', (c) => c.references('runs.id'))
    .execute();
  await sql`create unique index scheduled_delistings_open_idx on scheduled_delistings (dataset_id) where cleared_at is null`.execute(
    db,
  );
  await sql`alter table discrepancies drop constraint if exists discrepancies_kind_check`.execute(db);
  await sql`alter table discrepancies add constraint discrepancies_kind_check check (kind in ('overdue', 'published_late', 'missing', 'needs_review', 'unplanned', 'stale', 'unanswered_feedback', 'open_request', 'expected_date_passed', 'delisting_scheduled'))`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from discrepancies where kind = 'delisting_scheduled'`.execute(db);
  await sql`alter table discrepancies drop constraint if exists discrepancies_kind_check`.execute(db);
  await sql`alter table discrepancies add constraint discrepancies_kind_check check (kind in ('overdue', 'published_late', 'missing', 'needs_review', 'unplanned', 'stale', 'unanswered_feedback', 'open_request', 'expected_date_passed'))`.execute(
    db,
  );
  await db.schema.dropTable('scheduled_delistings').execute();
}
