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
import type { Config } from '../config/index.js';
import type { CopyOpener, Database, DbSession } from '../db/index.js';
import { PlatformFetchError, SchemaError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { PlatformClient } from '../platform/index.js';
import {
  applyRest,
  lastCompleteFullPass,
  loadKnown,
  removeAdded,
  type KnownDataset,
  type QuarantineItem,
} from './catalog-store.js';
import { delistGuards, fullPassShortfalls, type DelistCandidate } from './delist-guards.js';
import { ExportPass } from './export-pass.js';
import { fetchDetails } from './fetch-details.js';
import { readFrontCounts } from './front-counts.js';
import { applyDelistedHistory, readDelistedHistory } from './history-list.js';
import { decideMode, incrementalDates, type SyncMode } from './pass-mode.js';
import { PhaseTimer } from './phase-timer.js';
import { PublisherFilter } from './publisher-filter.js';
import { RunArchive } from './raw-archive.js';
import { readChangedExport, readFullExport } from './read-export.js';
import { applyScheduledDelistings, type ScheduledDelisting } from './scheduled-delistings.js';
import { minimalRecord } from './stored-record.js';
import { FULL_PASS_BATCH, VersionWriter } from './version-writer.js';

export type { SyncMode } from './pass-mode.js';

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
  const filter = new PublisherFilter(config.publishers);
  const archive = new RunArchive(config.dataDir, runId);
  const requestsAtStart = client.stats.requests;
  const retriesAtStart = client.stats.retries;
  const progress = deps.onProgress ?? (() => undefined);
  const timer = new PhaseTimer();

  const mode = await decideMode(db, requested, now, config);
  logger.info({ mode, requested }, `catalogue sync: ${mode} pass`);
  // A full pass needs every stored dataset (absence means delisting); an incremental one only those
  // its changed exports name, looked up a read at a time.
  const known = mode === 'full' ? await loadKnown(db) : new Map<string, KnownDataset>();
  timer.end('prepare');

  const reasons: string[] = [];
  let platformCount = null as number | null; // set in a callback: keep TS from narrowing it to null
  const pass = new ExportPass({
    db,
    mode,
    known,
    filter,
    timeZone: config.timeZone,
    progress,
    platformCount: () => platformCount,
    newWriter: () =>
      new VersionWriter({
        db,
        runId,
        now,
        source: mode === 'full' ? 'full_pass' : 'changed_export',
        // Incremental: several days are read, only a dataset's last row counts: applied at the end.
        batchSize: mode === 'full' ? FULL_PASS_BATCH : Infinity,
        ...(copyFrom ? { copyFrom } : {}),
      }),
  });
  const reader = { db, client, logger, archive, pass, format: config.platform.exportFormat, timer };
  const addQuarantine = (q: QuarantineItem) => pass.addQuarantine(q);

  let downloadedBytes = 0;
  let exportRestarts = 0;
  const reportDates: string[] = [];
  try {
    if (mode === 'full') {
      progress({ phase: 'download', done: 0, total: null });
      const read = await readFullExport(reader, `export.${config.platform.exportFormat}`, (n) => {
        platformCount = n;
      });
      downloadedBytes += read.downloadedBytes;
      exportRestarts += read.restarts;
    } else {
      for (const date of await incrementalDates(db, now, config)) {
        reportDates.push(date);
        const name = `changed-${date}.${config.platform.exportFormat}`;
        const dl = await client.downloadChangedExport(date, () => archive.fileWriter(name));
        downloadedBytes += dl.bytes;
        await readChangedExport(reader, name, `changed-export:${date}`);
      }
    }
    await pass.versions.finish();
  } catch (err) {
    await pass.versions.abort();
    throw err;
  }

  const fetched = await fetchDetails({
    client,
    logger,
    filter,
    upserts: pass.upserts,
    known,
    unchanged: pass.unchanged,
    limit: config.catalog.detailLimit,
    concurrency: config.http.concurrency,
    addQuarantine,
    progress,
  });
  if (fetched.excluded.length > 0) {
    await removeAdded(db, runId, fetched.excluded);
    for (const id of fetched.excluded) {
      pass.upserts.delete(id);
      pass.seen.delete(id);
    }
  }
  await archive.writeJsonLines('detail', 'details.jsonl.br', fetched.archive);
  if (fetched.failed > 0) reasons.push(`${fetched.failed} detail call(s) failed; they are retried next run`);
  timer.end('details');

  const front = await readFrontCounts(client, config.publishers ?? [], addQuarantine, progress);
  reasons.push(...front.problems);
  await archive.writeJsonLines('front-list', 'front-list.jsonl.br', front.archive);

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
          .filter((i) => pass.seen.has(i.nid))
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
          seen: pass.seen,
          logger,
          addQuarantine,
          minimalRecord,
        })
      : { delist: [], newRecords: [], dates: [], problem: null };
  if (history.problem) reasons.push(history.problem);

  // Delisting: the candidates of every source, then the guards.
  const { seen, delistedByExport, unchanged, upserts, exportRows } = pass;
  const oursRows = seen.size;
  const candidates: DelistCandidate[] = [];
  for (const id of delistedByExport) candidates.push({ datasetId: id, source: 'changed_export' });
  const byHistory = new Set(history.delist.filter((id) => !delistedByExport.has(id)));
  for (const id of byHistory) candidates.push({ datasetId: id, source: 'history_list' });
  let guardReason: string | null = null;
  if (mode === 'full') {
    const previous = await lastCompleteFullPass(db);
    const shortfalls = fullPassShortfalls({
      exportRows,
      oursRows,
      previous: previous ? { exportRows: previous.export_rows, oursRows: previous.ours_rows } : null,
      platformCount,
      keylessInvalid: pass.keylessInvalid,
      dropThreshold: config.delistDropThreshold,
      countTolerance: config.catalog.exportCountTolerance,
    });
    if (shortfalls.length > 0) {
      guardReason = `full pass incomplete, nothing delisted: ${shortfalls.join('; ')}`;
      reasons.unshift(guardReason);
    }
    for (const [id, k] of known) {
      if (k.delisted || seen.has(id) || delistedByExport.has(id) || byHistory.has(id)) continue;
      if (!filter.match({ oid: k.publisherOid, name: k.publisherName, identifier: k.identifier }).ours)
        continue;
      candidates.push({ datasetId: id, source: 'full_pass' });
    }
  }
  const quarantined = pass.quarantined;
  if (quarantined > 0) reasons.push(`${quarantined} record(s) quarantined (see the quarantine table)`);
  const passComplete = reasons.length === 0;
  const guarded = delistGuards({ candidates, partialReasons: reasons });
  if (guarded.reason !== null && guardReason === null) reasons.push(guarded.reason);

  const relistedUnchanged = [...unchanged].filter((id) => known.get(id)?.delisted);
  const relistedChanged = [...upserts.keys()].filter((id) => known.get(id)?.delisted);
  timer.end('listsAndGuards');
  progress({ phase: 'apply', done: 0, total: null });
  const applied = await applyRest(db, {
    runId,
    now,
    mode,
    seenUnchanged: [...unchanged].filter((id) => !known.get(id)?.delisted),
    relistedUnchanged,
    relistedChanged,
    delist: guarded.apply,
    details: fetched.details,
    counts: front.counts,
    quarantine: pass.quarantine,
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
      ...[...pass.exportDelistDates].map(([datasetId, delistedOn]) => ({
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
  timer.end('apply');
  if (quarantined > 0) logger.warn({ quarantined }, 'records quarantined (see the quarantine table)');

  const status = reasons.length > 0 ? 'partial' : 'succeeded';
  return {
    status,
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
    counters: {
      mode,
      exportRows,
      ours: oursRows,
      added: pass.versions.added - fetched.excluded.length, // excluded: new datasets removed again
      changed: pass.versions.changed,
      unchanged: unchanged.size,
      relisted: applied.relisted,
      delisted: applied.delisted + historyAdded,
      quarantined,
      detailsFetched: fetched.details.length,
      detailsFailed: fetched.failed,
      requests: client.stats.requests - requestsAtStart,
      retries: client.stats.retries - retriesAtStart,
      downloadedBytes,
      exportRestarts,
      phaseMs: timer.ms,
    },
  };
}
