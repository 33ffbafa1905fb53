import { sql, type Kysely } from 'kysely';

// Reconciliation: manual decisions, per-run matches/statuses/discrepancies/request links,
// and the discrepancy life cycle. Frozen once shipped: never edit a migration that has shipped.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('match_decisions')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('plan_key', 'text', (c) => c.notNull().references('plan_items.plan_key'))
    .addColumn('dataset_id', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('confirm', 'reject')`))
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('match_decisions_pair_idx')
    .on('match_decisions')
    .columns(['plan_key', 'dataset_id', 'decided_at'])
    .execute();

  await db.schema
    .createTable('reconcile_runs')
    .addColumn('run_id', 'bigint', (c) => c.primaryKey().references('runs.id'))
    .addColumn('as_of', 'date', (c) => c.notNull())
    .addColumn('updated_lifecycle', 'boolean', (c) => c.notNull())
    .addColumn('options', 'jsonb', (c) => c.notNull())
    .addColumn('summary', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('reconcile_runs_as_of_idx')
    .on('reconcile_runs')
    .columns(['as_of', 'run_id'])
    .execute();

  await db.schema
    .createTable('reconcile_matches')
    .addColumn('run_id', 'bigint', (c) => c.notNull().references('reconcile_runs.run_id').onDelete('cascade'))
    .addColumn('plan_key', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) =>
      c.notNull().check(sql`outcome in ('matched', 'needs_review', 'none')`),
    )
    .addColumn('method', 'text', (c) => c.check(sql`method in ('auto', 'manual')`))
    .addColumn('dataset_id', 'text')
    .addColumn('score', 'double precision')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('evidence', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('reconcile_matches_pkey', ['run_id', 'plan_key'])
    .execute();

  await db.schema
    .createTable('reconcile_item_statuses')
    .addColumn('run_id', 'bigint', (c) => c.notNull().references('reconcile_runs.run_id').onDelete('cascade'))
    .addColumn('plan_key', 'text', (c) => c.notNull())
    .addColumn('as_of', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`status in ('published_on_time', 'published_late', 'overdue', 'pending', 'missing', 'needs_review')`,
        ),
    )
    .addColumn('dataset_id', 'text')
    .addColumn('published_date', 'date')
    .addColumn('due_date', 'date')
    .addColumn('lag_days', 'integer')
    .addColumn('overdue_days', 'integer')
    .addColumn('method', 'text', (c) => c.check(sql`method in ('auto', 'manual')`))
    .addColumn('score', 'double precision')
    .addPrimaryKeyConstraint('reconcile_item_statuses_pkey', ['run_id', 'plan_key'])
    .execute();
  await db.schema
    .createIndex('reconcile_item_statuses_item_idx')
    .on('reconcile_item_statuses')
    .columns(['plan_key', 'as_of'])
    .execute();

  await db.schema
    .createTable('discrepancies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('overdue', 'published_late', 'missing', 'needs_review', 'unplanned', 'stale', 'unanswered_feedback', 'open_request')`,
        ),
    )
    .addColumn('plan_key', 'text')
    .addColumn('dataset_id', 'text')
    .addColumn('detail', 'jsonb', (c) => c.notNull())
    .addColumn('first_seen', 'date', (c) => c.notNull())
    .addColumn('last_seen', 'date', (c) => c.notNull())
    .addColumn('resolved_at', 'date')
    .addColumn('first_run_id', 'bigint', (c) => c.notNull().references('runs.id'))
    .addColumn('resolved_run_id', 'bigint', (c) => c.references('runs.id'))
    .execute();
  await db.schema
    .createIndex('discrepancies_open_idx')
    .on('discrepancies')
    .columns(['kind', 'first_seen'])
    .where(sql.ref('resolved_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('reconcile_run_discrepancies')
    .addColumn('run_id', 'bigint', (c) => c.notNull().references('reconcile_runs.run_id').onDelete('cascade'))
    .addColumn('discrepancy_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('plan_key', 'text')
    .addColumn('dataset_id', 'text')
    .addColumn('detail', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('reconcile_run_discrepancies_pkey', ['run_id', 'discrepancy_id'])
    .execute();

  await db.schema
    .createTable('reconcile_request_links')
    .addColumn('run_id', 'bigint', (c) => c.notNull().references('reconcile_runs.run_id').onDelete('cascade'))
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull().check(sql`target in ('plan_item', 'dataset')`))
    .addColumn('plan_key', 'text')
    .addColumn('dataset_id', 'text')
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('confidence', 'text', (c) => c.notNull().check(sql`confidence in ('high', 'review')`))
    .addColumn('evidence', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('reconcile_request_links_pkey', ['run_id', 'request_id', 'target'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'reconcile_request_links',
    'reconcile_run_discrepancies',
    'discrepancies',
    'reconcile_item_statuses',
    'reconcile_matches',
    'reconcile_runs',
    'match_decisions',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
