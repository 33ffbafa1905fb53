/**
 * Migrated template databases, made once per test run by global setup: a PostgreSQL database that
 * each test database is created from (`create database … template …`), and a PGlite data
 * directory (on disk, for CLI runs, and dumped, for in-memory databases) that skips initdb and the
 * migrations. Also the statement that empties a migrated database between tests.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import pg from 'pg';
import { migrateToLatest, openDatabase, type Database } from '../../src/db/index.js';
import { adminUrl } from './pg-admin.js';

export interface TestTemplates {
  /** A closed, migrated PGlite data directory (`ODSYNC_DATA_DIR` layout) to copy. */
  pgliteDataDir: string;
  /** The same database dumped by `dumpDataDir` (a tar file), for in-memory databases. */
  pgliteDump: string;
  /** A dump of a new PGlite database before any migration. */
  pgliteEmptyDump: string;
  /** Name of the migrated PostgreSQL template database; null when PostgreSQL is not used. */
  postgresTemplate: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAvailable: boolean;
    testTemplates: TestTemplates;
  }
}

/** Schema where rows that migrations insert are kept, to be restored after each reset. */
const SEED_SCHEMA = 'odsync_test_seed';

/** Build both templates; the returned function removes them. */
export async function makeTemplates(
  postgres: boolean,
): Promise<{ templates: TestTemplates; remove: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'odsync-test-templates-'));
  const pgliteDataDir = join(dir, 'pglite');
  const pgliteEmptyDump = join(dir, 'pglite-empty.tar');
  const pgliteDump = join(dir, 'pglite.tar');
  await dumpPglite(pgliteDataDir, pgliteEmptyDump); // initdb, before any migration
  const handle = await openDatabase({ engine: 'pglite', dataDir: pgliteDataDir });
  try {
    await migrateToLatest(handle.db);
    await keepSeedRows(handle.db);
  } finally {
    await handle.close();
  }
  await dumpPglite(pgliteDataDir, pgliteDump);

  let postgresTemplate: string | null = null;
  if (postgres) {
    postgresTemplate = `odsync_template_${process.pid}_${randomBytes(3).toString('hex')}`;
    await adminQuery(`create database ${postgresTemplate}`);
    const url = new URL(adminUrl());
    url.pathname = `/${postgresTemplate}`;
    const pgHandle = await openDatabase({ engine: 'postgres', url: url.href });
    try {
      await migrateToLatest(pgHandle.db);
      await keepSeedRows(pgHandle.db);
    } finally {
      await pgHandle.close();
    }
  }
  return {
    templates: { pgliteDataDir, pgliteDump, pgliteEmptyDump, postgresTemplate },
    remove: async () => {
      if (postgresTemplate) await adminQuery(`drop database if exists ${postgresTemplate} with (force)`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Dump the PGlite database of an `ODSYNC_DATA_DIR` (created if new) to a tar file. */
async function dumpPglite(dataDir: string, file: string): Promise<void> {
  // With PGlite itself: a DbHandle does not expose the instance.
  const { PGlite } = await import('@electric-sql/pglite');
  mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir: join(dataDir, 'pgdata') });
  try {
    const blob = await pglite.dumpDataDir('none');
    writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  } finally {
    await pglite.close();
  }
}

/** Run one statement on the admin connection (names generated here, never from input). */
export async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

/** Copy every table that holds rows after the migrations (seed data) into SEED_SCHEMA. */
async function keepSeedRows(db: Kysely<Database>): Promise<void> {
  const tables = await dataTables(db);
  for (const table of tables) {
    const { rows } = await sql<{
      has_rows: boolean;
    }>`select exists (select from ${sql.raw(table)}) as has_rows`.execute(db);
    if (!rows[0]?.has_rows) continue;
    await sql`create schema if not exists ${sql.id(SEED_SCHEMA)}`.execute(db);
    await sql`create table ${sql.id(SEED_SCHEMA, table)} as table ${sql.raw(table)}`.execute(db);
  }
}

/** Every table of the application (quoted `schema.table`), not the migrator's own nor the seeds. */
async function dataTables(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select format('%I.%I', schemaname, tablename) as name from pg_tables
    where schemaname not in ('pg_catalog', 'information_schema', ${SEED_SCHEMA})
      and tablename not like 'kysely_migration%'
    order by 1`.execute(db);
  return rows.map((r) => r.name);
}

/**
 * One statement that returns a migrated database to its state right after the migrations: every
 * table emptied (foreign keys not checked, so in any order), identities restarted, seed rows put back.
 */
export async function resetStatement(db: Kysely<Database>): Promise<RawBuilder<unknown>> {
  const tables = await dataTables(db);
  const sequences = await sql<{ name: string }>`
    select format('%I.%I', schemaname, sequencename) as name from pg_sequences
    where schemaname not in ('pg_catalog', 'information_schema', ${SEED_SCHEMA}) order by 1`.execute(db);
  const seeds = await sql<{ seed: string; target: string }>`
    select format('%I.%I', schemaname, tablename) as seed, tablename as target from pg_tables
    where schemaname = ${SEED_SCHEMA} order by 1`.execute(db);
  const identities = await sql<{ target: string; col: string }>`
    select format('%I.%I', table_schema, table_name) as target, column_name as col
    from information_schema.columns where is_identity = 'YES'`.execute(db);
  const lines = [
    'set local session_replication_role = replica;',
    ...tables.map((t) => `delete from ${t};`),
    ...sequences.rows.map((s) => `alter sequence ${s.name} restart;`),
  ];
  for (const { seed, target } of seeds.rows) {
    lines.push(`insert into ${target} overriding system value select * from ${seed};`);
    for (const id of identities.rows.filter((i) => i.target === target)) {
      const col = `"${id.col.replace(/"/g, '""')}"`;
      lines.push(
        `perform setval(pg_get_serial_sequence('${target.replace(/'/g, "''")}', '${id.col.replace(/'/g, "''")}'), coalesce(max(${col}), 0) + 1, false) from ${target};`,
      );
    }
  }
  return sql.raw(`do $reset$ begin\n${lines.join('\n')}\nend $reset$`);
}
