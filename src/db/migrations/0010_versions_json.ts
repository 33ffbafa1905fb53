import { sql, type Kysely } from 'kysely';

// dataset_versions.data as json, not jsonb: a version is stored as the very JSON text its
// content_hash is of (sha256 of its UTF-8: history can be checked byte for byte), and PostgreSQL
// only checks it instead of converting it (docs/performance.md). Reads use `data->>'key'`, which
// json has too. Versions already stored keep jsonb's normalised text. Frozen once shipped.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table dataset_versions alter column data type json using data::json`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table dataset_versions alter column data type jsonb using data::jsonb`.execute(db);
}
