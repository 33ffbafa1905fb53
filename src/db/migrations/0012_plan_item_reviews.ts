import { sql, type Kysely } from 'kysely';

// The units' answers from the review workbooks: one row per import that changed a plan item's
// answer (append-only, the latest per item is current, the rest is its history), and the new
// discrepancy kind `expected_date_passed`. Frozen once shipped.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('plan_item_reviews')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('plan_key', 'text', (c) => c.notNull().references('plan_items.plan_key'))
    .addColumn('reason', 'text')
    .addColumn('expected_date', 'date')
    .addColumn('remark', 'text')
    .addColumn('confirm_dataset_id', 'text')
    .addColumn('reject_dataset_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('reviewed_by', 'text', (c) => c.notNull())
    .addColumn('source_file', 'text', (c) => c.notNull())
    .addColumn('source_sha256', 'text', (c) => c.notNull())
    .addColumn('source_sheet', 'text', (c) => c.notNull())
    .addColumn('source_row', 'integer', (c) => c.notNull())
    .addColumn('run_id', 'bigint', (c) => c.references('runs.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('conflict', 'jsonb')
    .execute();
  await db.schema
    .createIndex('plan_item_reviews_item_idx')
    .on('plan_item_reviews')
    .columns(['plan_key', 'recorded_at', 'id'])
    .execute();
  await sql`alter table discrepancies drop constraint if exists discrepancies_kind_check`.execute(db);
  await sql`alter table discrepancies add constraint discrepancies_kind_check check (kind in ('overdue', 'published_late', 'missing', 'needs_review', 'unplanned', 'stale', 'unanswered_feedback', 'open_request', 'expected_date_passed'))`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from discrepancies where kind = 'expected_date_passed'`.execute(db);
  await sql`alter table discrepancies drop constraint if exists discrepancies_kind_check`.execute(db);
  await sql`alter table discrepancies add constraint discrepancies_kind_check check (kind in ('overdue', 'published_late', 'missing', 'needs_review', 'unplanned', 'stale', 'unanswered_feedback', 'open_request'))`.execute(
    db,
  );
  await db.schema.dropTable('plan_item_reviews').execute();
}
