/**
 * The catalogue sync: full pass (the whole export) or incremental (the daily changed exports since
 * the last run, with overlap). Never loses data to a bad night: the export is saved as received
 * (and archived), parsed (the full export as it downloads), and applied batch by batch inside the
 * run's one transaction, which commits only at the end; delisting happens only in a pass that is
 * not partial (see delist-guards.ts): for absence from a full pass that passed the drop guards, or
 * on an explicit 資料集下架.
 */
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { localDate } from '../clock.js';
import type { Config } from '../config.js';
import type { CopyOpener, Database, DbSession } from '../db/index.js';
import { PlatformFetchError, SchemaError } from '../errors.js';
import type { Logger } from '../logger.js';
import { mapLimit, type PlatformClient } from '../platform/index.js';
import { nameKey } from '../text/index.js';
import {
  applyRest,
  lastCompleteFullPass,
  lastPass,
  loadKnown,
  removeAdded,
  type CountsUpdate,
  type DetailUpdate,
  type KnownDataset,
  type QuarantineItem,
} from './catalog-store.js';
import { JsonHasher } from './content-hash.js';
import { delistGuards, type DelistCandidate } from './delist-guards.js';
import { parseExportFileBatches, parseExportStreamBatches, type ParsedItem } from './export-parser.js';
import { DownloadRestarted, GrowingFile } from './growing-file.js';
import { normalizeRow, type CatalogRecord, type FieldNote } from './normalize-record.js';
import { PublisherFilter } from './publisher-filter.js';
import { RunArchive } from './raw-archive.js';
import { FULL_PASS_BATCH, VersionWriter } from './version-writer.js';
import { applyDelistedHistory, readDelistedHistory } from './history-list.js';
import { applyScheduledDelistings, type ScheduledDelisting } from './scheduled-delistings.js';

export type SyncMode = 'full' | 'incremental' | 'auto';

export interface CatalogProgress {
  phase: 'download' | 'parse' | 'details' | 'counts' | 'apply';
  done: number;
  total: number | null;
}

export interface CatalogSyncDeps {
  client: PlatformClient;
  logger: Logger;
  clock: Clock;
  config: Readonly<Config>;
  runId: number;
  /** The connection the run's one transaction runs on (DbHandle.session). */
  openSession: () => Promise<DbSession>;
  onProgress?: (p: CatalogProgress) => void;
}

export interface CatalogSyncResult {
  status: 'succeeded' | 'partial';
  reason?: string;
  counters: {
    mode: 'full' | 'incremental';
    exportRows: number;
    ours: number;
    added: number;
    changed: number;
    unchanged: number;
    relisted: number;
    delisted: number;
    quarantined: number;
    detailsFetched: number;
    detailsFailed: number;
    requests: number;
    retries: number;
    downloadedBytes: number;
    /** Times the full export's download, and so its parse, started over. */
    exportRestarts: number;
    phaseMs: Record<string, number>;
  };
}

/** Quarantined records kept per run (the rest are counted only). */
const QUARANTINE_CAP = 10_000;
/** Without a complete full pass for this long, the nightly sync does one. */
const FULL_PASS_MAX_AGE_DAYS = 8;

/**
 * One catalogue run, in one transaction: a crash or an error at any point leaves the previous
 * state as it was (the next run starts over; nothing is half-applied).
 */
export async function syncCatalog(
  deps: CatalogSyncDeps,
  requested: SyncMode = 'auto',
): Promise<CatalogSyncResult> {
  const session = await deps.openSession();
  let broken = false;
  try {
    await sql`begin`.execute(session.db);
    const result = await runPass(deps, session.db, session.copyFrom, requested);
    await sql`commit`.execute(session.db);
    return result;
  } catch (err) {
    await sql`rollback`.execute(session.db).catch(() => {
      broken = true;
    });
    throw err;
  } finally {
    await session.release(broken);
  }
}

async function runPass(
  deps: CatalogSyncDeps,
  db: Kysely<Database>,
  copyFrom: CopyOpener | undefined,
  requested: SyncMode,
): Promise<CatalogSyncResult> {
  const { client, logger, clock, config, runId } = deps;
  const now = clock.now();
  const tz = config.timeZone;
  const filter = new PublisherFilter(config.publishers);
  const archive = new RunArchive(config.dataDir, runId);
  const requestsAtStart = client.stats.requests;
  const retriesAtStart = client.stats.retries;
  const progress = deps.onProgress ?? (() => undefined);
  // Where the time goes (recorded in the run's counters).
  const phaseMs: Record<string, number> = {};
  let phaseStart = performance.now();
  const endPhase = (name: string) => {
    const t = performance.now();
    phaseMs[name] = Math.round((phaseMs[name] ?? 0) + t - phaseStart);
    phaseStart = t;
  };

  const mode = await decideMode(db, requested, now, config);
  logger.info({ mode, requested }, `catalogue sync: ${mode} pass`);
  // A full pass needs every stored dataset (absence means delisting); an incremental one only those
  // its changed exports name, looked up a read at a time.
  const known = mode === 'full' ? await loadKnown(db) : new Map<string, KnownDataset>();
  const looked = new Set<string>();
  endPhase('prepare');

  const reasons: string[] = [];
  // What the export(s) said; all of it starts over when a download does (see GrowingFile).
  const newWriter = () =>
    new VersionWriter({
      db,
      runId,
      now,
      source: mode === 'full' ? 'full_pass' : 'changed_export',
      // Incremental: several days are read, only a dataset's last row counts: applied at the end.
      batchSize: mode === 'full' ? FULL_PASS_BATCH : Infinity,
      ...(copyFrom ? { copyFrom } : {}),
    });
  let quarantine: QuarantineItem[] = [];
  let quarantined = 0;
  const addQuarantine = (q: QuarantineItem) => {
    quarantined++;
    if (quarantine.length < QUARANTINE_CAP) quarantine.push(q);
  };
  // Per dataset: what this run decided.
  let seen = new Set<string>(); // listed on the platform this run (incl. quarantined with an id)
  // New or changed this run: dataset id → content hash (new = not in `known`).
  let upserts = new Map<string, string>();
  // Delisted by a 資料集下架 row of a changed export.
  let delistedByExport = new Set<string>();
  // The report_date of a dataset's 資料集下架 row: the platform's own delisting date.
  let exportDelistDates = new Map<string, string>();
  let unchanged = new Set<string>();
  let exportRows = 0;
  let keylessInvalid = 0;
  let versions = newWriter();
  const startOver = () => {
    quarantine = [];
    quarantined = 0;
    seen = new Set();
    upserts = new Map();
    delistedByExport = new Set();
    exportDelistDates = new Map();
    unchanged = new Set();
    exportRows = 0;
    keylessInvalid = 0;
    versions = newWriter();
  };
  let downloadedBytes = 0;
  let exportRestarts = 0;
  const hasher = new JsonHasher();
  const notes: FieldNote[] = [];
  // The platform's own count (full passes), read while the export is parsed: the progress total.
  let platformCount = null as number | null; // set in a callback: keep TS from narrowing it to null
  const consume = async (batches: AsyncIterable<ParsedItem[]>, source: string) => {
    const total = () => (source === 'catalog-export' ? platformCount : null);
    for await (const items of batches) {
      if (mode === 'incremental') {
        const ids = items.flatMap((i) =>
          i.kind === 'row' && !looked.has(i.row.datasetId) ? [i.row.datasetId] : [],
        );
        for (const id of ids) looked.add(id);
        for (const [id, k] of await loadKnown(db, ids)) known.set(id, k);
      }
      for (const item of items) {
        exportRows++;
        if (exportRows % 5000 === 0) progress({ phase: 'parse', done: exportRows, total: total() });
        // Let I/O callbacks run: the database's replies for the batch in flight would otherwise wait
        // for the next file read.
        if (exportRows % 32 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        if (item.kind === 'invalid') {
          if (item.key === null) keylessInvalid++;
          else seen.add(item.key);
          addQuarantine({ source, key: item.key, reason: item.reason, raw: item.raw });
          continue;
        }
        const row = item.row;
        if (!filter.matchesName(row.publisher)) continue;
        const id = row.datasetId;
        const prior = known.get(id);
        if (row.changeStatus === '資料集下架') {
          seen.delete(id);
          unchanged.delete(id);
          const applied = upserts.delete(id) && !versions.withdraw(id);
          if (applied || (prior && !prior.delisted)) delistedByExport.add(id);
          if (source.startsWith('changed-export:')) exportDelistDates.set(id, source.slice(15));
          continue;
        }
        let record;
        notes.length = 0;
        try {
          record = normalizeRow(row, tz, notes);
        } catch (err) {
          seen.add(id);
          addQuarantine({
            source,
            key: id,
            reason: `record ${item.recordNo}: ${(err as Error).message}`,
            raw: row,
          });
          continue;
        }
        // A full export lists a dataset once. A repeat after its 資料集下架 row is a duplicate too:
        // its first row may have gone out with a batch already (version numbers come from `known`).
        if (mode === 'full' && (seen.has(id) || delistedByExport.has(id))) {
          addQuarantine({
            source,
            key: id,
            reason: `record ${item.recordNo}: duplicate dataset id ${id} (first kept)`,
            raw: row,
          });
          continue;
        }
        const json = JSON.stringify(record);
        // JSON.stringify writes NUL and unpaired surrogates (JSON exports only: the CSV is decoded
        // to well-formed text) as \u escapes, and only those: cheap to rule out.
        const unstorable = json.includes('\\u') ? unstorableText(record) : null;
        if (unstorable) {
          seen.add(id);
          addQuarantine({ source, key: id, reason: `record ${item.recordNo}: ${unstorable}`, raw: null });
          continue;
        }
        seen.add(id);
        for (const n of notes) {
          addQuarantine({
            source,
            key: id,
            reason: `record ${item.recordNo}: ${n.field}: ${n.message}; stored as null`,
            raw: { field: n.field, value: n.raw },
          });
        }
        const { bytes, hash } = hasher.encode(json);
        delistedByExport.delete(id);
        if (prior && prior.hash === hash) {
          if (upserts.delete(id)) versions.withdraw(id);
          unchanged.add(id);
          continue;
        }
        unchanged.delete(id);
        upserts.set(id, hash);
        await versions.add({
          datasetId: id,
          versionNo: (prior?.currentVersion ?? 0) + 1,
          titleKey: nameKey(record.title),
          hash,
          record,
          json,
          bytes,
        });
      }
    }
    progress({ phase: 'parse', done: exportRows, total: total() });
  };

  const reportDates: string[] = [];
  const parseOptions = (source: string) => ({ format: config.platform.exportFormat, source });
  // A changed export is downloaded as received, then parsed while a copy is compressed into the
  // archive.
  const readExport = async (name: string, source: string) => {
    endPhase('download');
    const compressed = archive.compress(source, name);
    try {
      await Promise.all([
        compressed,
        consume(parseExportFileBatches(archive.pathOf(name), parseOptions(source)), source),
      ]);
    } finally {
      // Never under a reader: the parse may not even have opened the file when a small one is
      // already compressed.
      await compressed.catch(() => undefined);
      await archive.discard(name);
    }
    endPhase('parseAndStage');
  };
  // The full export is parsed as it downloads; once it is complete, it is compressed into the
  // archive while the parse goes on. A retried download starts the parse over (the batches
  // already written are rolled back to the savepoint).
  const readFullExport = async (name: string) => {
    const file = new GrowingFile(archive.pathOf(name));
    const download = client
      .downloadExport(() => [file.writer()])
      .then(
        (dl) => {
          file.complete();
          downloadedBytes += dl.bytes;
          endPhase('download');
          return dl;
        },
        (err: unknown) => {
          file.fail(err instanceof Error ? err : new Error(String(err)));
          throw err;
        },
      );
    const compressed = download.then(() => archive.compress('catalog-export', name));
    // Asked after the download, so the request pacing never delays the export.
    const counted = download.then(() =>
      client.totalCount().then(
        (n) => {
          platformCount = n;
        },
        (err: unknown) => {
          logger.warn({ err }, 'could not read the platform dataset count; the count guard is skipped');
        },
      ),
    );
    // Handled here; awaited below (a rejection must not go unhandled while the parse runs).
    for (const p of [download, compressed, counted]) p.catch(() => undefined);
    try {
      await sql`savepoint export_pass`.execute(db);
      for (;;) {
        try {
          await consume(
            parseExportStreamBatches(file.read(), parseOptions('catalog-export')),
            'catalog-export',
          );
          break;
        } catch (err) {
          if (!(err instanceof DownloadRestarted)) throw err;
          await versions.abort();
          await sql`rollback to savepoint export_pass`.execute(db);
          logger.warn(
            { rowsDiscarded: exportRows },
            'the export download started over: its parse starts over too',
          );
          exportRestarts++;
          startOver();
        }
      }
      // The last batch written before the savepoint goes (a failure of it is the run's error).
      await versions.finish();
      await sql`release savepoint export_pass`.execute(db);
      await Promise.all([download, compressed, counted]);
    } finally {
      await Promise.allSettled([download, compressed, counted]);
      await archive.discard(name);
    }
    endPhase('parseAndStage');
  };
  try {
    if (mode === 'full') {
      progress({ phase: 'download', done: 0, total: null });
      await readFullExport(`export.${config.platform.exportFormat}`);
    } else {
      const from = await incrementalStart(db, now, config);
      for (const date of datesBetween(from, localDate(now, tz))) {
        reportDates.push(date);
        const name = `changed-${date}.${config.platform.exportFormat}`;
        const dl = await client.downloadChangedExport(date, () => archive.fileWriter(name));
        downloadedBytes += dl.bytes;
        await readExport(name, `changed-export:${date}`);
      }
    }
    await versions.finish();
  } catch (err) {
    await versions.abort();
    throw err;
  }

  // Details: new/changed datasets first, then the backlog (details never fetched or stale).
  const detailIds = pickDetailIds(upserts, known, unchanged, config.catalog.detailLimit);
  const details: DetailUpdate[] = [];
  const detailArchive: unknown[] = [];
  const excluded: string[] = [];
  let detailsFailed = 0;
  let detailsDone = 0;
  await mapLimit(detailIds, config.http.concurrency, async (id) => {
    try {
      const { detail, raw } = await client.fetchDetail(id);
      detailArchive.push({ datasetId: id, response: raw });
      const hash = upserts.get(id) ?? known.get(id)?.hash ?? '';
      if (detail) {
        const m = filter.match({
          oid: detail.publisherOid,
          name: detail.publisherOidName ?? known.get(id)?.publisherName ?? null,
          identifier: detail.identifier ?? null,
        });
        if (!m.ours && upserts.has(id) && !known.has(id)) {
          logger.info({ datasetId: id, reason: m.reason }, 'dataset excluded: its publisherOID is not ours');
          excluded.push(id);
          return;
        }
      }
      details.push({
        datasetId: id,
        status: detail ? 'ok' : 'not_found',
        detail: detail ?? null,
        publisherOid: detail?.publisherOid ?? null,
        identifier: detail?.identifier ?? null,
        contentHash: hash,
      });
    } catch (err) {
      if (err instanceof SchemaError) {
        addQuarantine({ source: 'detail', key: id, reason: err.message, raw: null });
      } else if (err instanceof PlatformFetchError) {
        detailsFailed++;
        logger.warn({ datasetId: id, err: err.message }, 'detail call failed');
      } else throw err;
    } finally {
      detailsDone++;
      if (detailsDone % 20 === 0) progress({ phase: 'details', done: detailsDone, total: detailIds.length });
    }
  });
  if (excluded.length > 0) {
    await removeAdded(db, runId, excluded);
    for (const id of excluded) {
      upserts.delete(id);
      seen.delete(id);
    }
  }
  await archive.writeJsonLines('detail', 'details.jsonl.br', detailArchive);
  if (detailsFailed > 0) reasons.push(`${detailsFailed} detail call(s) failed; they are retried next run`);

  endPhase('details');
  // Volatile counters (comment/view/download) from the front list of publishers with an agency_tid.
  const counts: CountsUpdate[] = [];
  const listArchive: unknown[] = [];
  for (const p of config.publishers ?? []) {
    if (p.agencyTid === null) continue;
    try {
      progress({ phase: 'counts', done: 0, total: null });
      const page = await client.listAllByAgency(p.agencyTid);
      listArchive.push({ agencyTid: p.agencyTid, count: page.count, items: page.items });
      for (const inv of page.invalid)
        addQuarantine({ source: 'front-list', key: inv.key, reason: inv.reason, raw: inv.raw });
      for (const item of page.items) {
        // Datasets not stored are ignored by the update itself (an incremental pass knows only some).
        counts.push({
          datasetId: item.nid,
          comments: item.comment_quantity ?? null,
          views: item.dataset_view_times ?? null,
          downloads: item.resource_download_times ?? null,
        });
      }
    } catch (err) {
      if (!(err instanceof PlatformFetchError || err instanceof SchemaError)) throw err;
      reasons.push(`counters of ${p.name} not refreshed: ${err.message}`);
    }
  }
  await archive.writeJsonLines('front-list', 'front-list.jsonl.br', listArchive);

  // Full passes also read the platform's `unpublish` list. It names datasets scheduled for
  // delisting, still published: stored as scheduled (early warning), never evidence of a delisting.
  let scheduled: ScheduledDelisting[] | null = null;
  if (mode === 'full') {
    try {
      const list = await client.listUnpublished();
      await archive.writeJsonLines('unpublished-list', 'unpublished-list.jsonl.br', list?.items ?? []);
      for (const inv of list?.invalid ?? [])
        addQuarantine({ source: 'unpublished-list', key: inv.key, reason: inv.reason, raw: inv.raw });
      // Ours and listed in this pass: a listed dataset is only scheduled; a delisted one is history.
      if (list)
        scheduled = list.items
          .filter((i) => seen.has(i.nid))
          .map((i) => ({ datasetId: i.nid, scheduledOn: i.scheduledOn }));
    } catch (err) {
      if (!(err instanceof PlatformFetchError || err instanceof SchemaError)) throw err;
      reasons.push(`unpublished list not read: ${err.message}`);
    }
  }

  // The delisted-history list (full passes): the platform's own delistings, with dates where given.
  const history =
    mode === 'full'
      ? await readDelistedHistory({
          client,
          archive,
          filter,
          known,
          seen,
          logger,
          addQuarantine,
          minimalRecord,
        })
      : { delist: [], newRecords: [], dates: [], problem: null };
  if (history.problem) reasons.push(history.problem);

  // Delisting: the candidates of every source, then the guards.
  const oursRows = seen.size;
  const candidates: DelistCandidate[] = [];
  for (const id of delistedByExport) candidates.push({ datasetId: id, source: 'changed_export' });
  const byHistory = new Set(history.delist.filter((id) => !delistedByExport.has(id)));
  for (const id of byHistory) candidates.push({ datasetId: id, source: 'history_list' });
  let guardReason: string | null = null;
  if (mode === 'full') {
    const guards: string[] = [];
    const previous = await lastCompleteFullPass(db);
    const drop = config.delistDropThreshold;
    if (previous && exportRows < previous.export_rows * (1 - drop)) {
      guards.push(
        `export has ${exportRows} rows, the last complete pass had ${previous.export_rows} (more than ${Math.round(drop * 100)}% fewer)`,
      );
    }
    if (previous && previous.ours_rows > 0 && oursRows < previous.ours_rows * (1 - drop)) {
      guards.push(
        `${oursRows} of our datasets listed, the last complete pass had ${previous.ours_rows} (more than ${Math.round(drop * 100)}% fewer)`,
      );
    }
    if (platformCount !== null && exportRows < platformCount * (1 - config.catalog.exportCountTolerance)) {
      guards.push(
        `export has ${exportRows} rows but the platform counts ${platformCount} datasets (export truncated?)`,
      );
    }
    if (keylessInvalid > 0) guards.push(`${keylessInvalid} export record(s) unreadable without a dataset id`);
    if (guards.length > 0) {
      guardReason = `full pass incomplete, nothing delisted: ${guards.join('; ')}`;
      reasons.unshift(guardReason);
    }
    for (const [id, k] of known) {
      if (k.delisted || seen.has(id) || delistedByExport.has(id) || byHistory.has(id)) continue;
      if (!filter.match({ oid: k.publisherOid, name: k.publisherName, identifier: k.identifier }).ours)
        continue;
      candidates.push({ datasetId: id, source: 'full_pass' });
    }
  }
  if (quarantined > 0) reasons.push(`${quarantined} record(s) quarantined (see the quarantine table)`);
  const passComplete = reasons.length === 0;
  const guarded = delistGuards({ candidates, partialReasons: reasons });
  if (guarded.reason !== null && guardReason === null) reasons.push(guarded.reason);
  const delist = guarded.apply;

  const relistedUnchanged = [...unchanged].filter((id) => known.get(id)?.delisted);
  const relistedChanged = [...upserts.keys()].filter((id) => known.get(id)?.delisted);
  endPhase('listsAndGuards');
  progress({ phase: 'apply', done: 0, total: null });
  const applied = await applyRest(db, {
    runId,
    now,
    mode,
    seenUnchanged: [...unchanged].filter((id) => !known.get(id)?.delisted),
    relistedUnchanged,
    relistedChanged,
    delist,
    unpublishedNew: [],
    details,
    counts,
    quarantine,
    archives: archive.registered,
    pass: {
      complete: mode === 'full' && guardReason === null,
      exportRows,
      oursRows,
      platformCount,
      reportDates,
      guardReason: guardReason ?? guarded.reason,
    },
  });
  const historyAdded = await applyDelistedHistory(db, {
    runId,
    now,
    // Datasets delisted before odsync first saw them are recorded only by a complete pass, like any delisting.
    newRecords: passComplete ? history.newRecords : [],
    dates: [
      ...history.dates,
      ...[...exportDelistDates].map(([datasetId, delistedOn]) => ({
        datasetId,
        delistedOn,
        source: 'changed_export' as const,
      })),
    ],
  });
  if (scheduled !== null) {
    const open = await applyScheduledDelistings(db, { runId, now, scheduled });
    if (open > 0) logger.info({ scheduled: open }, 'datasets scheduled for delisting (預計下架)');
  }
  endPhase('apply');
  if (quarantined > 0) logger.warn({ quarantined }, 'records quarantined (see the quarantine table)');

  const status = reasons.length > 0 ? 'partial' : 'succeeded';
  return {
    status,
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
    counters: {
      mode,
      exportRows,
      ours: oursRows,
      added: versions.added - excluded.length, // excluded: new datasets removed again
      changed: versions.changed,
      unchanged: unchanged.size,
      relisted: applied.relisted,
      delisted: applied.delisted + historyAdded,
      quarantined,
      detailsFetched: details.length,
      detailsFailed,
      requests: client.stats.requests - requestsAtStart,
      retries: client.stats.retries - retriesAtStart,
      downloadedBytes,
      exportRestarts,
      phaseMs,
    },
  };
}

function pickDetailIds(
  upserts: ReadonlyMap<string, string>,
  known: ReadonlyMap<string, KnownDataset>,
  unchanged: ReadonlySet<string>,
  limit: number,
): string[] {
  if (limit <= 0) return [];
  const out: string[] = [];
  for (const id of upserts.keys()) {
    if (out.length >= limit) return out;
    out.push(id);
  }
  for (const id of unchanged) {
    if (out.length >= limit) break;
    const k = known.get(id);
    if (k && k.detailHash !== k.hash) out.push(id);
  }
  return out;
}

async function decideMode(
  db: Kysely<Database>,
  requested: SyncMode,
  now: Date,
  config: Readonly<Config>,
): Promise<'full' | 'incremental'> {
  if (requested !== 'auto') return requested;
  const full = await lastCompleteFullPass(db);
  if (!full) return 'full';
  const ageDays = (now.getTime() - full.observed_at.getTime()) / 86_400_000;
  if (ageDays >= FULL_PASS_MAX_AGE_DAYS) return 'full';
  const weekday = new Date(`${localDate(now, config.timeZone)}T00:00:00Z`).getUTCDay();
  if (weekday === config.catalog.fullSyncWeekday && ageDays >= 0.5) return 'full';
  return 'incremental';
}

/** First report date of an incremental run: the last pass's date minus the overlap. */
async function incrementalStart(db: Kysely<Database>, now: Date, config: Readonly<Config>): Promise<string> {
  const last = await lastPass(db);
  const since = last ? last.observed_at : now;
  const start = new Date(`${localDate(since, config.timeZone)}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - config.catalog.changedOverlapDays);
  return start.toISOString().slice(0, 10);
}

/** Calendar dates from..to inclusive (YYYY-MM-DD), at most 31. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const d = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  while (d <= end && out.length < 31) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

/** A record known only by id, title and publisher (from the unpublished list). */
export function minimalRecord(datasetId: string, title: string, publisherName: string): CatalogRecord {
  return {
    datasetId,
    title: title.trim(),
    description: '',
    publisherName: publisherName.trim(),
    updateFrequency: null,
    publishedAt: null,
    publishedDate: null,
    modifiedAt: null,
    provisionType: null,
    category: null,
    quality: null,
    uploadMethod: null,
    license: null,
    cost: null,
    relatedUrl: null,
    contactName: null,
    contactPhone: null,
    notes: null,
    fields: [],
    resources: [],
  };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why the record's text cannot be stored, or null: a NUL character (PostgreSQL text cannot hold
 * one) or an unpaired UTF-16 surrogate (json would store its escape, but every `data->>` of it
 * would fail).
 */
export function unstorableText(record: CatalogRecord): string | null {
  const strings: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string') strings.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  collect(record);
  if (strings.some((t) => t.includes('\0'))) return 'contains a NUL character';
  if (strings.some((t) => LONE_SURROGATE.test(t))) return 'contains an unpaired UTF-16 surrogate';
  return null;
}
