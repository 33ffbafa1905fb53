import { sql, type Kysely } from 'kysely';

// Catalogue sync: current datasets, their versions and listing events, quarantine,
// raw-response archive index, per-run pass records and the per-run staging table.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('datasets')
    .addColumn('dataset_id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('title_key', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('publisher_name', 'text', (c) => c.notNull())
    .addColumn('publisher_oid', 'text')
    .addColumn('identifier', 'text')
    .addColumn('update_frequency', 'text')
    .addColumn('published_date', 'date')
    .addColumn('published_at', 'timestamptz')
    .addColumn('modified_at', 'timestamptz')
    .addColumn('comment_count', 'integer')
    .addColumn('view_count', 'integer')
    .addColumn('download_count', 'integer')
    .addColumn('counts_observed_at', 'timestamptz')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('delisted_at', 'timestamptz')
    .addColumn('detail', 'jsonb')
    .addColumn('detail_status', 'text', (c) => c.check(sql`detail_status in ('ok', 'not_found')`))
    .addColumn('detail_fetched_at', 'timestamptz')
    .addColumn('detail_content_hash', 'text')
    .addColumn('raw', 'jsonb', (c) => c.notNull())
    .addColumn('first_run_id', 'bigint', (c) => c.references('runs.id'))
    .addColumn('last_run_id', 'bigint', (c) => c.references('runs.id'))
    .execute();
  await db.schema.createIndex('datasets_publisher_idx').on('datasets').column('publisher_name').execute();
  await db.schema.createIndex('datasets_title_key_idx').on('datasets').column('title_key').execute();

  await db.schema
    .createTable('dataset_versions')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.dataset_id'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('observed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('run_id', 'bigint', (c) => c.references('runs.id'))
    .addUniqueConstraint('dataset_versions_no_key', ['dataset_id', 'version_no'])
    .execute();
  await db.schema
    .createIndex('dataset_versions_observed_idx')
    .on('dataset_versions')
    .columns(['dataset_id', 'observed_at'])
    .execute();

  await db.schema
    .createTable('dataset_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.dataset_id'))
    .addColumn('event', 'text', (c) => c.notNull().check(sql`event in ('listed', 'delisted', 'relisted')`))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('source', 'text', (c) =>
      c.notNull().check(sql`source in ('full_pass', 'changed_export', 'unpublished_list')`),
    )
    .addColumn('run_id', 'bigint', (c) => c.references('runs.id'))
    .execute();
  await db.schema
    .createIndex('dataset_events_dataset_idx')
    .on('dataset_events')
    .columns(['dataset_id', 'at'])
    .execute();

  await db.schema
    .createTable('quarantine')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('run_id', 'bigint', (c) => c.references('runs.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('record_key', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('raw', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('quarantine_run_idx').on('quarantine').column('run_id').execute();

  await db.schema
    .createTable('raw_archives')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('run_id', 'bigint', (c) => c.notNull().references('runs.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('catalog_passes')
    .addColumn('run_id', 'bigint', (c) => c.primaryKey().references('runs.id'))
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('full', 'incremental')`))
    .addColumn('complete', 'boolean', (c) => c.notNull())
    .addColumn('export_rows', 'integer', (c) => c.notNull())
    .addColumn('ours_rows', 'integer', (c) => c.notNull())
    .addColumn('platform_count', 'integer')
    .addColumn('report_dates', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('guard_reason', 'text')
    .addColumn('observed_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // Per-run scratch space: parsed rows land here first; the apply step reads it in one transaction.
  await db.schema
    .createTable('catalog_staging')
    .addColumn('run_id', 'bigint', (c) => c.notNull())
    .addColumn('dataset_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('upsert', 'delist')`))
    .addColumn('is_new', 'boolean', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('title_key', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('publisher_name', 'text', (c) => c.notNull())
    .addColumn('update_frequency', 'text')
    .addColumn('published_date', 'date')
    .addColumn('published_at', 'timestamptz')
    .addColumn('modified_at', 'timestamptz')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('catalog_staging_pkey', ['run_id', 'dataset_id'])
    .execute();
  // Scratch data: no WAL needed (a crash empties it, which is what the next run does anyway).
  await sql`alter table catalog_staging set unlogged`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'catalog_staging',
    'catalog_passes',
    'raw_archives',
    'quarantine',
    'dataset_events',
    'dataset_versions',
    'datasets',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
