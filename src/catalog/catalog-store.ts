/**
 * Storage of the catalogue, all within the run's one transaction: new versions of new and changed
 * datasets in batches (written while the export is still being parsed, see VersionWriter), then
 * the rest of the run (sightings, delistings, details, counters, quarantine, archive index, pass
 * record). Rows travel as one JSON parameter per statement (`jsonb_to_recordset`): one round trip
 * per batch, the same SQL on PostgreSQL and PGlite, no SQL built from strings.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, DatasetEventSource } from '../db/index.js';
import type { CatalogRecord } from './normalize-record.js';
import { storableValue } from './stored-record.js';

type Db = Kysely<Database> | Transaction<Database>;
export type DelistSource = 'full_pass' | 'changed_export' | 'unpublished_list' | 'history_list';

/** What the sync knows about a stored dataset at the start of a run. */
export interface KnownDataset {
  hash: string;
  currentVersion: number;
  delisted: boolean;
  publisherName: string;
  publisherOid: string | null;
  identifier: string | null;
  detailHash: string | null;
}

/** Every stored dataset, or only those of `ids` (an incremental pass asks per read of the export). */
export async function loadKnown(db: Db, ids?: readonly string[]): Promise<Map<string, KnownDataset>> {
  if (ids?.length === 0) return new Map();
  let query = db
    .selectFrom('datasets')
    .select([
      'dataset_id',
      'content_hash',
      'current_version',
      'delisted_at',
      'publisher_name',
      'publisher_oid',
      'identifier',
      'detail_content_hash',
    ]);
  if (ids) {
    const list = JSON.stringify(ids);
    query = query.where('dataset_id', 'in', sql<string>`(select jsonb_array_elements_text(${list}::jsonb))`);
  }
  const rows = await query.execute();
  const map = new Map<string, KnownDataset>();
  for (const r of rows) {
    map.set(r.dataset_id, {
      hash: r.content_hash,
      currentVersion: r.current_version,
      delisted: r.delisted_at !== null,
      publisherName: r.publisher_name,
      publisherOid: r.publisher_oid,
      identifier: r.identifier,
      detailHash: r.detail_content_hash,
    });
  }
  return map;
}

/** Which version of a dataset was written this run, and its title key (computed in JS). */
export interface VersionKey {
  datasetId: string;
  /** The stored dataset's current_version + 1 (1 for a new dataset). */
  versionNo: number;
  titleKey: string;
}

/** A new version of a dataset (new or changed this run); version 1 = a dataset not stored yet. */
export interface VersionRow extends VersionKey {
  hash: string;
  record: CatalogRecord;
  /** The record's JSON (what the hash is of), stored as the version's data. */
  json: string;
  /** Its UTF-8, when the caller has it already (read at once: it may be a reused buffer). */
  bytes?: Buffer;
}

/** Insert versions with one statement (PGlite; PostgreSQL uses COPY, see VersionWriter). */
export async function insertVersions(
  db: Db,
  runId: number,
  now: Date,
  rows: readonly VersionRow[],
): Promise<void> {
  if (rows.length === 0) return;
  // `data` goes in as text: stored as the very JSON its content hash is of.
  const payload = JSON.stringify(
    rows.map((r) => ({ id: r.datasetId, vno: r.versionNo, hash: r.hash, data: r.json })),
  );
  await sql`
    insert into dataset_versions (dataset_id, version_no, content_hash, data, observed_at, run_id)
    select x.id, x.vno, x.hash, x.data::json, ${now}, ${runId}
    from jsonb_to_recordset(${payload}::jsonb) as x(id text, vno int, hash text, data text)`.execute(db);
}

export interface DetailUpdate {
  datasetId: string;
  status: 'ok' | 'not_found';
  detail: unknown;
  publisherOid: string | null;
  identifier: string | null;
  /** content_hash the detail belongs to. */
  contentHash: string;
}

export interface CountsUpdate {
  datasetId: string;
  comments: number | null;
  views: number | null;
  downloads: number | null;
}

export interface QuarantineItem {
  source: string;
  key: string | null;
  reason: string;
  raw: unknown;
}

export interface ArchiveItem {
  source: string;
  path: string;
  bytes: number;
  sha256: string;
}

export interface ApplyInput {
  runId: number;
  now: Date;
  mode: 'full' | 'incremental';
  /** Seen this run, content unchanged (changed ones were upserted with their new version). */
  seenUnchanged: readonly string[];
  /** Seen this run while delisted, content unchanged: relisted. */
  relistedUnchanged: readonly string[];
  /** Changed this run (a new version written) while delisted before: relisted. */
  relistedChanged: readonly string[];
  /** Datasets to mark delisted, with the evidence. */
  delist: ReadonlyArray<{ datasetId: string; source: DelistSource }>;
  details: readonly DetailUpdate[];
  counts: readonly CountsUpdate[];
  quarantine: readonly QuarantineItem[];
  archives: readonly ArchiveItem[];
  pass: {
    complete: boolean;
    exportRows: number;
    oursRows: number;
    platformCount: number | null;
    reportDates: string[];
    guardReason: string | null;
  };
}

export interface ApplyResult {
  relisted: number;
  delisted: number;
}

const BATCH = 5000;

function chunks<T>(items: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Upsert the datasets whose new versions were just written (the caller's transaction): columns
 * from the version's record, current_version = that version; a `listed` event for the new ones.
 */
export async function applyVersions(
  db: Db,
  runId: number,
  now: Date,
  source: DatasetEventSource,
  versions: readonly VersionKey[],
): Promise<{ added: number; changed: number }> {
  if (versions.length === 0) return { added: 0, changed: 0 };
  const keys = JSON.stringify(
    versions.map((v) => ({ id: v.datasetId, vno: v.versionNo, title_key: v.titleKey })),
  );
  // One statement (one round trip per batch). `xmax = 0` tells an inserted row from an updated one.
  const r = await sql<{ added: number; changed: number }>`
    with k as (
      select * from jsonb_to_recordset(${keys}::jsonb) as k(id text, vno int, title_key text)
    ), up as (
      insert into datasets (dataset_id, title, title_key, publisher_name, update_frequency,
        published_date, published_at, modified_at, content_hash, current_version, first_seen_at,
        last_seen_at, first_run_id, last_run_id)
      select v.dataset_id, v.data->>'title', k.title_key, v.data->>'publisherName',
        v.data->>'updateFrequency', (v.data->>'publishedDate')::date, (v.data->>'publishedAt')::timestamptz,
        (v.data->>'modifiedAt')::timestamptz, v.content_hash, v.version_no, ${now}, ${now}, ${runId}, ${runId}
      from k join dataset_versions v on v.dataset_id = k.id and v.version_no = k.vno
      on conflict (dataset_id) do update set title = excluded.title, title_key = excluded.title_key,
        publisher_name = excluded.publisher_name,
        update_frequency = excluded.update_frequency, published_date = excluded.published_date,
        published_at = excluded.published_at, modified_at = excluded.modified_at,
        content_hash = excluded.content_hash, current_version = excluded.current_version,
        last_seen_at = excluded.last_seen_at, delisted_at = null, last_run_id = excluded.last_run_id
      returning dataset_id, (xmax = 0) as inserted
    ), listed as (
      insert into dataset_events (dataset_id, event, at, source, run_id)
      select up.dataset_id, 'listed', ${now}, ${source}, ${runId} from up where up.inserted
    )
    select (count(*) filter (where inserted))::int as added, (count(*) filter (where not inserted))::int as changed
    from up`.execute(db);
  return { added: r.rows[0]?.added ?? 0, changed: r.rows[0]?.changed ?? 0 };
}

/** Undo this run's insertion of new datasets (a detail call showed they are another publisher's). */
export async function removeAdded(db: Db, runId: number, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const list = JSON.stringify(ids);
  const added = sql`(select jsonb_array_elements_text(${list}::jsonb))`;
  await sql`delete from dataset_versions where run_id = ${runId} and dataset_id in ${added}`.execute(db);
  await sql`delete from dataset_events where run_id = ${runId} and dataset_id in ${added}`.execute(db);
  await sql`delete from datasets where first_run_id = ${runId} and dataset_id in ${added}`.execute(db);
}

/** Apply the rest of a run (the caller's transaction, after every batch of new versions). */
/**
 * Everything a pass learnt besides the versions, in the run's transaction, step by step: sightings,
 * delistings, listing events, details, counters, quarantine, archives and the pass itself.
 */
export async function applyRest(trx: Db, input: ApplyInput): Promise<ApplyResult> {
  await recordSightings(trx, input);
  const delisted = await applyDelistings(trx, input);
  await recordListingEvents(trx, input, delisted);
  await applyDetails(trx, input);
  await applyCounts(trx, input);
  await storeQuarantine(trx, input.runId, input.now, input.quarantine);
  await recordArchivesAndPass(trx, input);
  return {
    relisted: input.relistedUnchanged.length + input.relistedChanged.length,
    delisted: delisted.length,
  };
}

interface Delisted {
  datasetId: string;
  source: string;
  lastSeen: Date | null;
}

/** Seen, unchanged: only the sighting is recorded (and a relisting clears delisted_at). */
async function recordSightings(trx: Db, { runId, now, ...input }: ApplyInput): Promise<void> {
  for (const ids of chunks([...input.seenUnchanged, ...input.relistedUnchanged], 20_000)) {
    await sql`
      update datasets set last_seen_at = ${now}, last_run_id = ${runId}, delisted_at = null
      where dataset_id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`.execute(trx);
  }
}

/** Mark delisted the candidates not delisted already; last_seen_at stays the lower bound. */
async function applyDelistings(trx: Db, { runId, now, delist }: ApplyInput): Promise<Delisted[]> {
  const out: Delisted[] = [];
  for (const batch of chunks(delist)) {
    const r = await sql<{ dataset_id: string; source: string; last_seen_at: Date | null }>`
      update datasets d set delisted_at = ${now}, last_run_id = ${runId}
      from jsonb_to_recordset(${JSON.stringify(batch.map((b) => ({ id: b.datasetId, source: b.source })))}::jsonb)
        as x(id text, source text)
      where d.dataset_id = x.id and d.delisted_at is null
      returning d.dataset_id, x.source, d.last_seen_at`.execute(trx);
    for (const row of r.rows)
      out.push({ datasetId: row.dataset_id, source: row.source, lastSeen: row.last_seen_at });
  }
  return out;
}

/** Listing history: relistings and delistings as events. */
async function recordListingEvents(trx: Db, input: ApplyInput, delisted: readonly Delisted[]): Promise<void> {
  const { runId, now } = input;
  const events: Array<{ id: string; event: string; source: string; last_seen: string | null }> = [];
  const seenSource = input.mode === 'full' ? 'full_pass' : 'changed_export';
  for (const id of [...input.relistedUnchanged, ...input.relistedChanged])
    events.push({ id, event: 'relisted', source: seenSource, last_seen: null });
  for (const d of delisted)
    events.push({
      id: d.datasetId,
      event: 'delisted',
      source: d.source,
      last_seen: d.lastSeen ? new Date(d.lastSeen).toISOString() : null,
    });
  for (const batch of chunks(events)) {
    await sql`
      insert into dataset_events (dataset_id, event, at, source, run_id, last_seen_at)
      select x.id, x.event, ${now}, x.source, ${runId}, x.last_seen::timestamptz
      from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(id text, event text, source text, last_seen text)
      where exists (select 1 from datasets d where d.dataset_id = x.id)`.execute(trx);
  }
}

async function applyDetails(trx: Db, { now, details }: ApplyInput): Promise<void> {
  for (const batch of chunks(details, 1000)) {
    await sql`
      update datasets d set detail = x.detail, detail_status = x.status, detail_fetched_at = ${now},
        detail_content_hash = x.content_hash,
        publisher_oid = coalesce(x.publisher_oid, d.publisher_oid),
        identifier = coalesce(x.identifier, d.identifier)
      from jsonb_to_recordset(${JSON.stringify(
        batch.map((b) => ({
          id: b.datasetId,
          status: b.status,
          detail: b.detail,
          publisher_oid: b.publisherOid,
          identifier: b.identifier,
          content_hash: b.contentHash,
        })),
      )}::jsonb) as x(id text, status text, detail jsonb, publisher_oid text, identifier text, content_hash text)
      where d.dataset_id = x.id`.execute(trx);
  }
}

/** Volatile counters: overwritten in place, never a version. */
async function applyCounts(trx: Db, { now, counts }: ApplyInput): Promise<void> {
  for (const batch of chunks(counts)) {
    await sql`
      update datasets d set comment_count = x.comments, view_count = x.views,
        download_count = x.downloads, counts_observed_at = ${now}
      from jsonb_to_recordset(${JSON.stringify(
        batch.map((c) => ({
          id: c.datasetId,
          comments: c.comments,
          views: c.views,
          downloads: c.downloads,
        })),
      )}::jsonb) as x(id text, comments integer, views integer, downloads integer)
      where d.dataset_id = x.id`.execute(trx);
  }
}

async function storeQuarantine(
  trx: Db,
  runId: number,
  now: Date,
  quarantine: readonly QuarantineItem[],
): Promise<void> {
  for (const batch of chunks(quarantine, 1000)) {
    await sql`
      insert into quarantine (run_id, source, record_key, reason, raw, created_at)
      select ${runId}, x.source, x.key, x.reason, x.raw, ${now}
      from jsonb_to_recordset(${JSON.stringify(
        batch.map((q) =>
          storableValue({ source: q.source, key: q.key, reason: q.reason, raw: q.raw ?? null }),
        ),
      )}::jsonb) as x(source text, key text, reason text, raw jsonb)`.execute(trx);
  }
}

async function recordArchivesAndPass(
  trx: Db,
  { runId, now, mode, archives, pass }: ApplyInput,
): Promise<void> {
  for (const a of archives) {
    await trx
      .insertInto('raw_archives')
      .values({
        run_id: runId,
        source: a.source,
        path: a.path,
        bytes: a.bytes,
        sha256: a.sha256,
        created_at: now,
      })
      .execute();
  }
  await trx
    .insertInto('catalog_passes')
    .values({
      run_id: runId,
      mode,
      complete: pass.complete,
      export_rows: pass.exportRows,
      ours_rows: pass.oursRows,
      platform_count: pass.platformCount,
      report_dates: JSON.stringify(pass.reportDates),
      guard_reason: pass.guardReason,
      observed_at: now,
    })
    .execute();
}

/** The latest complete full pass (the reference for the drop guard), or undefined. */
export async function lastCompleteFullPass(db: Db) {
  return db
    .selectFrom('catalog_passes')
    .selectAll()
    .where('mode', '=', 'full')
    .where('complete', '=', true)
    .orderBy('observed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The latest pass of a run that did not fail (where an incremental sync continues from). */
export async function lastPass(db: Db) {
  return db
    .selectFrom('catalog_passes')
    .selectAll()
    .orderBy('observed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}
