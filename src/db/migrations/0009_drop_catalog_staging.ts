import { sql, type Kysely } from 'kysely';

// New and changed datasets' versions are written straight into dataset_versions (COPY on
// PostgreSQL) and the datasets rows upserted from them: the staging table in between wrote every
// record twice. It holds nothing outside a run's transaction. Frozen once shipped.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('catalog_staging').execute();
}

/** The table as migrations 0002 and 0008 left it. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('catalog_staging')
    .addColumn('run_id', 'bigint', (c) => c.notNull())
    .addColumn('dataset_id', 'text', (c) => c.notNull())
    .addColumn('title_key', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('catalog_staging_pkey', ['run_id', 'dataset_id'])
    .execute();
  await sql`alter table catalog_staging set unlogged`.execute(db);
  await sql`alter table catalog_staging set (toast_tuple_target = 8160)`.execute(db);
}
