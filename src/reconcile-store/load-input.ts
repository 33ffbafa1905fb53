/**
 * Loads the reconciliation's inputs as they stood at the end of the as-of day (in the configured
 * time zone): plan items imported by then and not removed, each dataset's version current then, its
 * first publication date (the earliest 上架日期 any version showed: a re-publication does not move
 * it) and its delisting, manual decisions made by then, comments and requests seen by then.
 */
import { sql, type Kysely } from 'kysely';
import { localDate } from '../clock.js';
import type { Database } from '../db/index.js';
import {
  type CommentInput,
  type DatasetInput,
  type DelayNoteInput,
  type MatchDecisionInput,
  type PlanItemInput,
  type ReconcileInput,
  type RequestInput,
} from '../reconcile/index.js';
import { endOfLocalDay } from '../time/index.js';

/** The first instant after the as-of day in `timeZone` (exclusive upper bound). */
export function endOfDay(asOf: string, timeZone: string): Date {
  return endOfLocalDay(asOf, timeZone);
}

export async function loadPlanItems(db: Kysely<Database>, until: Date): Promise<PlanItemInput[]> {
  const rows = await db
    .selectFrom('plan_items as i')
    .innerJoin('plan_versions as f', 'f.id', 'i.first_version_id')
    .select(['i.plan_key', 'i.seq', 'i.title', 'i.description', 'i.unit', 'i.agency', 'i.due_date'])
    .where('f.imported_at', '<', until)
    .where((eb) => eb.or([eb('i.removed_at', 'is', null), eb('i.removed_at', '>=', until)]))
    .orderBy('i.label')
    .orderBy('i.seq')
    .execute();
  return rows.map((r) => ({
    planKey: r.plan_key,
    seq: r.seq,
    title: r.title,
    description: r.description || null,
    unit: r.unit || null,
    agency: r.agency,
    dueDate: r.due_date,
  }));
}

export async function loadDatasets(
  db: Kysely<Database>,
  until: Date,
  timeZone: string,
): Promise<DatasetInput[]> {
  const r = await sql<{
    dataset_id: string;
    title: string | null;
    description: string | null;
    publisher_name: string | null;
    update_frequency: string | null;
    published_date: string | null;
    modified_at: string | null;
    delisted_at: Date | null;
  }>`
    select d.dataset_id, coalesce(v.data->>'title', d.title) as title,
      v.data->>'description' as description,
      coalesce(v.data->>'publisherName', d.publisher_name) as publisher_name,
      coalesce(v.data->>'updateFrequency', d.update_frequency) as update_frequency,
      coalesce(
        (select min(v2.data->>'publishedDate') from dataset_versions v2
          where v2.dataset_id = d.dataset_id and v2.observed_at < ${until}),
        d.published_date::text) as published_date,
      v.data->>'modifiedAt' as modified_at,
      case
        when exists (select 1 from dataset_events e where e.dataset_id = d.dataset_id and e.at < ${until})
        then (select case when e.event = 'delisted' then e.at end from dataset_events e
              where e.dataset_id = d.dataset_id and e.at < ${until}
              order by e.at desc, e.id desc limit 1)
        when d.delisted_at < ${until} then d.delisted_at
      end as delisted_at
    from datasets d
    left join lateral (select data from dataset_versions v
                       where v.dataset_id = d.dataset_id and v.observed_at < ${until}
                       order by v.version_no desc limit 1) v on true
    where d.first_seen_at < ${until}
    order by d.dataset_id`.execute(db);
  return r.rows.map((x) => ({
    datasetId: x.dataset_id,
    title: x.title ?? '',
    description: x.description,
    publisherName: x.publisher_name,
    updateFrequency: x.update_frequency,
    publishedDate: x.published_date,
    modifiedDate: x.modified_at ? localDate(new Date(x.modified_at), timeZone) : null,
    delistedDate: x.delisted_at ? localDate(new Date(x.delisted_at), timeZone) : null,
  }));
}

/** Decisions made before `until`, oldest first (the pure core lets later ones win). */
export async function loadDecisions(db: Kysely<Database>, until: Date): Promise<MatchDecisionInput[]> {
  const rows = await db
    .selectFrom('match_decisions')
    .select(['plan_key', 'dataset_id', 'decision'])
    .where('decided_at', '<', until)
    .orderBy('decided_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ planKey: r.plan_key, datasetId: r.dataset_id, decision: r.decision }));
}

export async function loadComments(
  db: Kysely<Database>,
  until: Date,
  timeZone: string,
): Promise<CommentInput[]> {
  const rows = await db
    .selectFrom('dataset_comments')
    .select(['comment_id', 'dataset_id', 'first_seen_at', 'answered', 'answered_seen_at'])
    .where('first_seen_at', '<', until)
    .where((eb) => eb.or([eb('removed_seen_at', 'is', null), eb('removed_seen_at', '>=', until)]))
    .orderBy('comment_id')
    .execute();
  return rows.map((c) => ({
    commentId: c.comment_id,
    datasetId: c.dataset_id,
    firstSeenDate: localDate(c.first_seen_at, timeZone),
    // Answered when first seen (no separate sighting of the reply): answered from the start.
    agencyReplyDate: c.answered ? localDate(c.answered_seen_at ?? c.first_seen_at, timeZone) : null,
  }));
}

const ANSWERED_STATUSES = new Set(['已回復', '再回復']);

export async function loadRequests(
  db: Kysely<Database>,
  until: Date,
  timeZone: string,
): Promise<RequestInput[]> {
  const rows = await db
    .selectFrom('citizen_requests')
    .select([
      'request_id',
      'title',
      'dataset_name',
      'reason',
      'status',
      'posted_at',
      'first_seen_at',
      'replied_at',
      'answered_seen_at',
    ])
    .where('ours', '=', true)
    .where('first_seen_at', '<', until)
    .orderBy('request_id')
    .execute();
  return rows.map((r) => {
    const answeredAt =
      r.replied_at ?? r.answered_seen_at ?? (ANSWERED_STATUSES.has(r.status ?? '') ? r.first_seen_at : null);
    return {
      requestId: r.request_id,
      title: r.dataset_name && r.dataset_name !== r.title ? `${r.title} ${r.dataset_name}` : r.title,
      description: r.reason,
      firstSeenDate: localDate(r.posted_at ?? r.first_seen_at, timeZone),
      replyDate: answeredAt ? localDate(answeredAt, timeZone) : null,
    };
  });
}

/** Each plan item's latest review answer recorded before `until` (reason, expected date). */
export async function loadDelayNotes(db: Kysely<Database>, until: Date): Promise<DelayNoteInput[]> {
  const r = await sql<{
    plan_key: string;
    reason: string | null;
    expected_date: string | null;
    conflict: { file?: unknown } | null;
  }>`
    select distinct on (plan_key) plan_key, reason, expected_date::text as expected_date, conflict
    from plan_item_reviews
    where recorded_at < ${until}
    order by plan_key, recorded_at desc, id desc`.execute(db);
  return r.rows
    .filter((x) => x.reason !== null || x.expected_date !== null || x.conflict !== null)
    .map((x) => ({
      planKey: x.plan_key,
      reason: x.reason,
      expectedDate: x.expected_date,
      conflictWith: typeof x.conflict?.file === 'string' ? x.conflict.file : null,
    }));
}

/** Everything the pure core needs for one as-of date. */
export async function loadReconcileInput(
  db: Kysely<Database>,
  asOf: string,
  timeZone: string,
): Promise<ReconcileInput> {
  const until = endOfDay(asOf, timeZone);
  const [planItems, datasets, decisions, comments, requests, delayNotes] = await Promise.all([
    loadPlanItems(db, until),
    loadDatasets(db, until, timeZone),
    loadDecisions(db, until),
    loadComments(db, until, timeZone),
    loadRequests(db, until, timeZone),
    loadDelayNotes(db, until),
  ]);
  return { asOf, planItems, datasets, decisions, comments, requests, delayNotes };
}
