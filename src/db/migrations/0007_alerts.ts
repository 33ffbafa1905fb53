import { sql, type Kysely } from 'kysely';

// Alerts: which discrepancy was sent on which channel (each is alerted once per
// channel), and a log of every delivery attempt. Frozen once shipped: add a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('alert_sent')
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('webhook', 'email')`))
    .addColumn('discrepancy_id', 'text', (c) => c.notNull())
    .addColumn('run_id', 'bigint', (c) => c.references('runs.id'))
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_sent_pkey', ['channel', 'discrepancy_id'])
    .execute();
  await db.schema
    .createTable('alert_deliveries')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('run_id', 'bigint', (c) => c.references('runs.id'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('webhook', 'email')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('sent', 'failed')`))
    .addColumn('discrepancies', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('attempted_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('alert_deliveries_attempted_idx')
    .on('alert_deliveries')
    .column('attempted_at')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('alert_deliveries').execute();
  await db.schema.dropTable('alert_sent').execute();
}
