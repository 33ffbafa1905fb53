import { sql, type Kysely } from 'kysely';

// The release plan: versions (one per imported file), items' current state, per-version changes.
// Frozen once shipped: never edit a migration that has shipped; add a new one.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('plan_versions')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('checksum', 'text', (c) => c.notNull().check(sql`checksum ~ '^[0-9a-f]{64}$'`))
    .addColumn('format', 'text', (c) =>
      c.notNull().check(sql`format in ('tsv', 'csv', 'xlsx', 'ods', 'minutes')`),
    )
    .addColumn('encoding', 'text')
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('item_count', 'integer', (c) => c.notNull().check(sql`item_count >= 0`))
    .addColumn('warnings', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('run_id', 'bigint', (c) => c.references('runs.id'))
    .execute();
  await db.schema
    .createIndex('plan_versions_label_idx')
    .on('plan_versions')
    .columns(['label', 'id'])
    .execute();

  await db.schema
    .createTable('plan_items')
    .addColumn('plan_key', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull().check(sql`seq > 0`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('agency', 'text')
    .addColumn('planned_raw', 'text', (c) => c.notNull())
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('due_precision', 'text', (c) =>
      c.notNull().check(sql`due_precision in ('day', 'month', 'quarter', 'half', 'year')`),
    )
    .addColumn('formula_fields', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('source_row', 'integer')
    .addColumn('version_id', 'bigint', (c) => c.notNull().references('plan_versions.id'))
    .addColumn('first_version_id', 'bigint', (c) => c.notNull().references('plan_versions.id'))
    .addColumn('removed_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('plan_items_label_seq_key', ['label', 'seq'])
    .execute();
  await db.schema
    .createIndex('plan_items_current_due_idx')
    .on('plan_items')
    .column('due_date')
    .where(sql.ref('removed_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('plan_changes')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('version_id', 'bigint', (c) => c.notNull().references('plan_versions.id'))
    .addColumn('plan_key', 'text', (c) => c.notNull().references('plan_items.plan_key'))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('added', 'removed', 'renamed', 'due_moved', 'description_changed', 'unit_changed')`,
        ),
    )
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .execute();
  await db.schema.createIndex('plan_changes_version_idx').on('plan_changes').column('version_id').execute();
  await db.schema
    .createIndex('plan_changes_key_idx')
    .on('plan_changes')
    .columns(['plan_key', 'version_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plan_changes').execute();
  await db.schema.dropTable('plan_items').execute();
  await db.schema.dropTable('plan_versions').execute();
}
