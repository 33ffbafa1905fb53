import { sql, type Kysely } from 'kysely';

// Valid time next to knowledge time. The platform's own delisting dates (history list, a changed
// export's 資料集下架 row) are facts about the world, stored with when odsync learned them
// (observed_at); a delisting event keeps its observation instant and gains the last sighting
// before it (the lower bound when the platform gives no date). Plan versions get the date they
// take effect and a snapshot of their items, so the version in force on a day can be read back.
// Frozen once shipped.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dataset_delisting_dates')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.dataset_id'))
    .addColumn('delisted_on', 'date', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('history_list', 'changed_export')`))
    .addColumn('observed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('run_id', 'bigint', (c) => c.references('runs.id'))
    .addUniqueConstraint('dataset_delisting_dates_key', ['dataset_id', 'delisted_on', 'source'])
    .execute();
  await db.schema.alterTable('dataset_events').addColumn('last_seen_at', 'timestamptz').execute();
  await sql`alter table dataset_events drop constraint dataset_events_source_check`.execute(db);
  await sql`alter table dataset_events add constraint dataset_events_source_check
    check (source in ('full_pass', 'changed_export', 'unpublished_list', 'history_list'))`.execute(db);

  await db.schema.alterTable('plan_versions').addColumn('effective_date', 'date').execute();
  await db.schema
    .createTable('plan_version_items')
    .addColumn('version_id', 'bigint', (c) => c.notNull().references('plan_versions.id'))
    .addColumn('plan_key', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('agency', 'text')
    .addColumn('planned_raw', 'text', (c) => c.notNull())
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addPrimaryKeyConstraint('plan_version_items_pkey', ['version_id', 'plan_key'])
    .execute();
  // Only the latest version of each label can be rebuilt from the items' current state; older
  // versions without a snapshot are read as before (the items' current state).
  await sql`insert into plan_version_items (version_id, plan_key, seq, title, description, unit,
      agency, planned_raw, due_date)
    select i.version_id, i.plan_key, i.seq, i.title, i.description, i.unit, i.agency, i.planned_raw,
      i.due_date
    from plan_items i
    where i.removed_at is null
      and i.version_id = (select max(v.id) from plan_versions v where v.label = i.label)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plan_version_items').execute();
  await db.schema.alterTable('plan_versions').dropColumn('effective_date').execute();
  await sql`delete from dataset_events where source = 'history_list'`.execute(db);
  await sql`alter table dataset_events drop constraint dataset_events_source_check`.execute(db);
  await sql`alter table dataset_events add constraint dataset_events_source_check
    check (source in ('full_pass', 'changed_export', 'unpublished_list'))`.execute(db);
  await db.schema.alterTable('dataset_events').dropColumn('last_seen_at').execute();
  await db.schema.dropTable('dataset_delisting_dates').execute();
}
