/**
 * The platform's delisted-history list (simple-list, status history), read on full passes: which of
 * our datasets were delisted and, where the item says so, on which day. A first sync learns from it
 * what was delisted before it and when. Turns the list into delisting candidates, records to store
 * for datasets never seen listed, and the platform's dates (valid time, stored apart from events).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { PlatformFetchError, SchemaError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { PlatformClient } from '../platform/index.js';
import { nameKey } from '../text/index.js';
import type { KnownDataset, QuarantineItem } from './catalog-store.js';
import { contentHash } from './content-hash.js';
import type { CatalogRecord } from './normalize-record.js';
import type { PublisherFilter } from './publisher-filter.js';
import type { RunArchive } from './raw-archive.js';

export interface PlatformDelistingDate {
  datasetId: string;
  delistedOn: string;
  source: 'history_list' | 'changed_export';
}

export interface HistoryDelistings {
  /** Stored, listed until now, absent from this pass and on the list: to delist. */
  delist: string[];
  /** Ours, never stored: stored already delisted. */
  newRecords: Array<{ record: CatalogRecord; titleKey: string; hash: string }>;
  /** The platform's delisting dates of our datasets on the list. */
  dates: PlatformDelistingDate[];
  /** Why the list could not be read (the run is partial), or null. */
  problem: string | null;
}

export async function readDelistedHistory(deps: {
  client: PlatformClient;
  archive: RunArchive;
  filter: PublisherFilter;
  known: ReadonlyMap<string, KnownDataset>;
  seen: ReadonlySet<string>;
  logger: Logger;
  addQuarantine: (q: QuarantineItem) => void;
  minimalRecord: (datasetId: string, title: string, publisherName: string) => CatalogRecord;
}): Promise<HistoryDelistings> {
  const out: HistoryDelistings = { delist: [], newRecords: [], dates: [], problem: null };
  let list;
  try {
    list = await deps.client.listDelistedHistory();
  } catch (err) {
    if (!(err instanceof PlatformFetchError || err instanceof SchemaError)) throw err;
    return { ...out, problem: `delisted-history list not read: ${err.message}` };
  }
  if (!list) return out;
  await deps.archive.writeJsonLines('history-list', 'history-list.jsonl.br', list.items);
  for (const inv of list.invalid)
    deps.addQuarantine({ source: 'history-list', key: inv.key, reason: inv.reason, raw: inv.raw });
  let undated = 0;
  for (const item of list.items) {
    const prior = deps.known.get(item.nid);
    const ours = prior
      ? deps.filter.match({
          oid: prior.publisherOid,
          name: prior.publisherName,
          identifier: prior.identifier,
        }).ours
      : item.agency_name !== null && deps.filter.matchesName(item.agency_name);
    if (!ours) continue;
    if (item.unreadableDate) undated++;
    if (item.delistedOn)
      out.dates.push({ datasetId: item.nid, delistedOn: item.delistedOn, source: 'history_list' });
    if (deps.seen.has(item.nid)) continue; // listed again since: the date belongs to an earlier delisting
    if (prior) {
      if (!prior.delisted) out.delist.push(item.nid);
      continue;
    }
    const record = deps.minimalRecord(item.nid, item.title ?? `(dataset ${item.nid})`, item.agency_name!);
    out.newRecords.push({ record, titleKey: nameKey(record.title), hash: contentHash(record) });
  }
  if (undated > 0)
    deps.logger.warn(
      { undated },
      'delisted-history items with an unreadable date: their delisting is dated by observation',
    );
  return out;
}

/**
 * Store what the list taught (the run's transaction): datasets first known from it, delisted now
 * and never seen listed; then every platform delisting date of a stored dataset, once (the first
 * observation of a date is when odsync learned it).
 */
export async function applyDelistedHistory(
  db: Kysely<Database>,
  input: {
    runId: number;
    now: Date;
    newRecords: HistoryDelistings['newRecords'];
    dates: readonly PlatformDelistingDate[];
  },
): Promise<number> {
  const { runId, now } = input;
  let added = 0;
  if (input.newRecords.length > 0) {
    const rows = JSON.stringify(
      input.newRecords.map((u) => ({
        id: u.record.datasetId,
        title: u.record.title,
        title_key: u.titleKey,
        publisher: u.record.publisherName,
        hash: u.hash,
        data: JSON.stringify(u.record),
      })),
    );
    const inserted = await sql<{ dataset_id: string }>`
      insert into datasets (dataset_id, title, title_key, publisher_name, content_hash,
        current_version, first_seen_at, last_seen_at, delisted_at, first_run_id, last_run_id)
      select x.id, x.title, x.title_key, x.publisher, x.hash, 1, ${now}, ${now}, ${now}, ${runId}, ${runId}
      from jsonb_to_recordset(${rows}::jsonb) as x(id text, title text, title_key text, publisher text, hash text)
      on conflict (dataset_id) do nothing
      returning dataset_id`.execute(db);
    const ids = JSON.stringify(inserted.rows.map((r) => r.dataset_id));
    added = inserted.rows.length;
    await sql`
      insert into dataset_versions (dataset_id, version_no, content_hash, data, observed_at, run_id)
      select x.id, 1, x.hash, x.data::json, ${now}, ${runId}
      from jsonb_to_recordset(${rows}::jsonb) as x(id text, hash text, data text)
      where x.id in (select jsonb_array_elements_text(${ids}::jsonb))`.execute(db);
    await sql`
      insert into dataset_events (dataset_id, event, at, source, run_id, last_seen_at)
      select x.id, 'delisted', ${now}, 'history_list', ${runId}, null
      from jsonb_array_elements_text(${ids}::jsonb) as x(id)`.execute(db);
  }
  if (input.dates.length > 0) {
    await sql`
      insert into dataset_delisting_dates (dataset_id, delisted_on, source, observed_at, run_id)
      select distinct x.id, x.day::date, x.source, ${now}::timestamptz, ${runId}::bigint
      from jsonb_to_recordset(${JSON.stringify(
        input.dates.map((d) => ({ id: d.datasetId, day: d.delistedOn, source: d.source })),
      )}::jsonb) as x(id text, day text, source text)
      where exists (select 1 from datasets d where d.dataset_id = x.id)
      on conflict (dataset_id, delisted_on, source) do nothing`.execute(db);
  }
  return added;
}
