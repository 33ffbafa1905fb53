/**
 * `odsync sync feedback`: comments on our datasets. One list call per publisher (agency_tid →
 * comment_quantity), then comment calls only for datasets whose count changed since the last
 * fetch (all with `full`), plus, at most once per `recheckAfterHours`, datasets that still have
 * unanswered comments: the count does not change when an agency replies, so this is how a reply
 * is noticed. Per-dataset failures make the run partial; nothing is half-written.
 */
import type { Insertable, Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database, FeedbackDatasetTable } from '../db/index.js';
import { PlatformFetchError, SchemaError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Publisher } from '../publishers/index.js';
import { nameKey } from '../text/index.js';
import type { CommentsSource, ListedDataset } from './comments-source.js';
import { storeDatasetComments, type StoreCommentsResult } from './comments-store.js';

export interface SyncCommentsDeps {
  db: Kysely<Database>;
  source: CommentsSource;
  logger: Logger;
  clock: Clock;
}

export interface SyncCommentsOptions {
  publishers: readonly Publisher[] | null;
  full: boolean;
  /** Re-fetch datasets with unanswered comments when their last fetch is older than this. */
  recheckAfterHours: number;
  /** A filtered list claiming more rows than this is the "filter ignored" trap. */
  maxAgencyDatasets: number;
  runId: number | null;
}

export interface SyncCommentsResult {
  status: 'succeeded' | 'partial';
  reasons: string[];
  counters: {
    publishers: number;
    publishersListed: number;
    datasetsListed: number;
    datasetsWithComments: number;
    fetched: number;
    skippedUnchanged: number;
    fetchFailed: number;
    invalidComments: number;
    httpRequests: number;
  } & StoreCommentsResult;
}

const TID_CACHE_DAYS = 7;

async function resolveAgencyTids(
  deps: SyncCommentsDeps,
  publishers: readonly Publisher[],
  reasons: string[],
  forceRefresh: boolean,
): Promise<Map<string, number>> {
  const now = deps.clock.now();
  const out = new Map<string, number>();
  const cached = new Map(
    (await deps.db.selectFrom('feedback_agency_tids').selectAll().execute()).map((r) => [r.agency_name, r]),
  );
  const missing: Publisher[] = [];
  for (const p of publishers) {
    if (p.agencyTid !== null) {
      out.set(p.name, p.agencyTid);
      continue;
    }
    const c = cached.get(p.name);
    if (c && !forceRefresh && now.getTime() - c.resolved_at.getTime() < TID_CACHE_DAYS * 86_400_000) {
      out.set(p.name, c.agency_tid);
    } else missing.push(p);
  }
  if (missing.length === 0) return out;
  let options: { tid: number; name: string }[];
  try {
    options = (await deps.source.agencyOptions()).options;
  } catch (err) {
    if (!(err instanceof PlatformFetchError || err instanceof SchemaError)) throw err;
    reasons.push(`agency ids could not be resolved (${err.message})`);
    for (const p of missing) {
      const c = cached.get(p.name);
      if (c) out.set(p.name, c.agency_tid); // stale but better than nothing
    }
    return out;
  }
  const byKey = new Map<string, number[]>();
  for (const o of options) byKey.set(nameKey(o.name), [...(byKey.get(nameKey(o.name)) ?? []), o.tid]);
  for (const p of missing) {
    // Exact name first, aliases after; an ambiguous name is not guessed.
    const hits = [p.name, ...p.aliases]
      .map((n) => [...new Set(byKey.get(nameKey(n)) ?? [])])
      .find((t) => t.length > 0);
    if (!hits || hits.length !== 1) {
      reasons.push(
        `no unique agency id for ${p.name} on the platform (${hits ? 'ambiguous' : 'not listed'})`,
      );
      continue;
    }
    const tid = hits[0]!;
    out.set(p.name, tid);
    await deps.db
      .insertInto('feedback_agency_tids')
      .values({ agency_name: p.name, agency_tid: tid, resolved_at: now })
      .onConflict((oc) => oc.column('agency_name').doUpdateSet({ agency_tid: tid, resolved_at: now }))
      .execute();
  }
  return out;
}

function belongsTo(item: ListedDataset, p: Publisher): boolean {
  if (item.agencyName === null) return true;
  const keys = new Set([p.name, ...p.aliases].map(nameKey));
  return keys.has(nameKey(item.agencyName));
}

/** Sync comments of our datasets. */
export async function syncComments(
  deps: SyncCommentsDeps,
  options: SyncCommentsOptions,
): Promise<SyncCommentsResult> {
  const { db, source, logger } = deps;
  const reasons: string[] = [];
  const requestsBefore = source.requestCount();
  const counters: SyncCommentsResult['counters'] = {
    publishers: 0,
    publishersListed: 0,
    datasetsListed: 0,
    datasetsWithComments: 0,
    fetched: 0,
    skippedUnchanged: 0,
    fetchFailed: 0,
    invalidComments: 0,
    httpRequests: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    reappeared: 0,
    newlyAnswered: 0,
  };
  if (options.publishers === null) {
    return {
      status: 'partial',
      reasons: ['ODSYNC_PUBLISHERS is `*`: comments are synced per publisher, set a publisher list'],
      counters,
    };
  }
  const publishers = options.publishers;
  counters.publishers = publishers.length;
  let tids = await resolveAgencyTids(deps, publishers, reasons, false);

  // 1. Counts from the agency-filtered list.
  const listed = new Map<string, ListedDataset & { publisher: string; tid: number }>();
  for (const p of publishers) {
    let tid = tids.get(p.name);
    if (tid === undefined) continue;
    for (let attempt = 0; ; attempt++) {
      try {
        const page = await source.listAgency(tid);
        const foreign = page.items.filter((i) => !belongsTo(i, p));
        if (page.count > options.maxAgencyDatasets || foreign.length > 0) {
          // Either the filter was ignored (whole catalogue) or the cached tid now names another agency.
          throw new SchemaError(
            `list for ${p.name} (agency_tid ${tid}) returned ${page.count} datasets` +
              (foreign.length ? `, ${foreign.length} of another agency` : '') +
              ': filter ignored or agency id changed',
          );
        }
        for (const item of page.items) listed.set(item.nid, { ...item, publisher: p.name, tid });
        counters.publishersListed++;
        break;
      } catch (err) {
        if (!(err instanceof PlatformFetchError || err instanceof SchemaError)) throw err;
        if (attempt === 0 && p.agencyTid === null) {
          // A cached tid may be stale: resolve again once.
          tids = await resolveAgencyTids(deps, [p], reasons, true);
          const again = tids.get(p.name);
          if (again !== undefined && again !== tid) {
            tid = again;
            continue;
          }
        }
        reasons.push(`comment counts of ${p.name} not refreshed: ${err.message}`);
        break;
      }
    }
  }
  counters.datasetsListed = listed.size;

  // 2. Decide which datasets to fetch.
  const now = deps.clock.now();
  const ids = [...listed.keys()];
  const state = new Map<string, { fetched_quantity: number | null; fetched_at: Date | null }>();
  const unanswered = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const r of await db
      .selectFrom('feedback_datasets')
      .select(['dataset_id', 'fetched_quantity', 'fetched_at'])
      .where('dataset_id', 'in', chunk)
      .execute())
      state.set(r.dataset_id, r);
    for (const r of await db
      .selectFrom('dataset_comments')
      .select('dataset_id')
      .distinct()
      .where('dataset_id', 'in', chunk)
      .where('answered', '=', false)
      .where('removed_seen_at', 'is', null)
      .execute())
      unanswered.add(r.dataset_id);
  }
  const toFetch: string[] = [];
  const counts: Insertable<FeedbackDatasetTable>[] = [];
  for (const [nid, item] of listed) {
    const quantity = item.commentQuantity ?? 0;
    if (quantity > 0) counters.datasetsWithComments++;
    const s = state.get(nid);
    const fetchedQuantity = s?.fetched_quantity ?? 0;
    const due =
      unanswered.has(nid) &&
      (s?.fetched_at ?? null) !== null &&
      now.getTime() - s!.fetched_at!.getTime() >= options.recheckAfterHours * 3_600_000;
    const hasStored = (s?.fetched_quantity ?? 0) > 0;
    if ((options.full && (quantity > 0 || hasStored)) || quantity !== fetchedQuantity || due)
      toFetch.push(nid);
    else counters.skippedUnchanged++;
    counts.push({
      dataset_id: nid,
      title: item.title,
      agency_name: item.agencyName ?? item.publisher,
      agency_tid: item.tid,
      comment_quantity: quantity,
      quantity_seen_at: now,
    });
  }
  for (let i = 0; i < counts.length; i += 200) {
    await db
      .insertInto('feedback_datasets')
      .values(counts.slice(i, i + 200))
      .onConflict((oc) =>
        oc.column('dataset_id').doUpdateSet((eb) => ({
          title: eb.ref('excluded.title'),
          agency_name: eb.ref('excluded.agency_name'),
          agency_tid: eb.ref('excluded.agency_tid'),
          comment_quantity: eb.ref('excluded.comment_quantity'),
          quantity_seen_at: eb.ref('excluded.quantity_seen_at'),
        })),
      )
      .execute();
  }

  // 3. Fetch and store, one dataset at a time (the client limits rate and concurrency).
  for (const nid of toFetch) {
    try {
      const { comments, invalidKeys } = await source.comments(nid);
      const wrong = comments.find((c) => c.nid !== nid);
      if (wrong)
        throw new SchemaError(`comments of ${nid} include comment ${wrong.cid} of dataset ${wrong.nid}`);
      if (invalidKeys.length > 0) {
        counters.invalidComments += invalidKeys.length;
        logger.warn(
          { datasetId: nid, invalid: invalidKeys.length },
          'comments that failed validation were skipped',
        );
      }
      const stored = await storeDatasetComments(db, nid, comments, {
        now,
        runId: options.runId,
        keepIds: new Set(invalidKeys.filter((k): k is string => k !== null)),
      });
      for (const k of Object.keys(stored) as (keyof StoreCommentsResult)[]) counters[k] += stored[k];
      await db
        .updateTable('feedback_datasets')
        .set({ fetched_quantity: listed.get(nid)?.commentQuantity ?? 0, fetched_at: now })
        .where('dataset_id', '=', nid)
        .execute();
      counters.fetched++;
    } catch (err) {
      if (!(err instanceof PlatformFetchError || err instanceof SchemaError)) throw err;
      counters.fetchFailed++;
      logger.warn({ datasetId: nid, err: err.message }, 'comments of a dataset could not be fetched');
    }
  }
  if (counters.fetchFailed > 0)
    reasons.push(`${counters.fetchFailed} dataset(s) failed; they are fetched again next run`);
  counters.httpRequests = source.requestCount() - requestsBefore;
  return { status: reasons.length > 0 ? 'partial' : 'succeeded', reasons, counters };
}
