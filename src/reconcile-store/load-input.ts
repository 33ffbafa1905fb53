/**
 * Loads the reconciliation's inputs for an as-of day in valid time (the state of that day by
 * everything known by the knowledge cut-off, default now): the plan version in force then, each
 * dataset as it stood then (published by its first 上架日期, delisted by its delisting date),
 * every manual decision known, comments and requests seen by the cut-off (the core keeps those
 * of the day). See docs/two-dates.md.
 */
import { sql, type Kysely } from 'kysely';
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
import { endOfLocalDay, localDate } from '../time/index.js';
import { delistingOn, type ListingEvent } from '../catalog/index.js';
import { planInForce } from '../plan/index.js';
import { familyNamer } from '../publishers/index.js';
import type { MatchOptions } from '../reconcile/index.js';

/** The family's names (the matcher's agency list): a sub-unit's dataset is its agency's. */
export type FamilyNames = NonNullable<MatchOptions['agencies']>;

/** "Known on" left open: everything odsync knows now. */
export const KNOWN_NOW = new Date('9999-12-31T00:00:00Z');

/** The two times of a load: the day described (valid) and the knowledge cut-off (exclusive). */
export interface LoadAt {
  asOf: string;
  knownUntil: Date;
  timeZone: string;
}

/** The load's two times: `knownOn` null/absent = everything known now. */
export function loadAt(asOf: string, timeZone: string, knownOn?: string | null): LoadAt {
  return { asOf, timeZone, knownUntil: knownOn ? endOfLocalDay(knownOn, timeZone) : KNOWN_NOW };
}

export async function loadPlanItems(db: Kysely<Database>, at: LoadAt): Promise<PlanItemInput[]> {
  const { items, versions } = await planInForce(db, at);
  const adopted = new Map(versions.map((v) => [v.id, v.effectiveDate]));
  return items.map((r) => ({
    planKey: r.plan_key,
    seq: r.seq,
    title: r.title,
    description: r.description || null,
    unit: r.unit || null,
    agency: r.agency,
    dueDate: r.due_date,
    adoptedDate: adopted.get(r.version_id) ?? null,
  }));
}

/**
 * Every dataset known by the cut-off as it stood on the day: the version current then if one was
 * observed by then, else the earliest observed one; its first 上架日期 over every known version;
 * its delisting by the platform's date, else by observation (bounded).
 */
export async function loadDatasets(
  db: Kysely<Database>,
  at: LoadAt,
  family: FamilyNames = [],
): Promise<DatasetInput[]> {
  const member = familyNamer(
    family.map((a) => ({
      name: a.name,
      aliases: [...a.aliases],
      oid: null,
      agencyCode: null,
      agencyTid: null,
    })),
  );
  const { knownUntil, timeZone } = at;
  const endOfAsOf = endOfLocalDay(at.asOf, timeZone);
  const until = endOfAsOf < knownUntil ? endOfAsOf : knownUntil;
  const r = await sql<{
    dataset_id: string;
    title: string | null;
    description: string | null;
    fields: unknown;
    contact_name: string | null;
    publisher_name: string | null;
    update_frequency: string | null;
    published_date: string | null;
    modified_at: string | null;
    first_observed_at: Date | null;
    delisted_at: Date | null;
  }>`
    select d.dataset_id, coalesce(v.data->>'title', d.title) as title,
      v.data->>'description' as description,
      v.data->'fields' as fields,
      v.data->>'contactName' as contact_name,
      coalesce(v.data->>'publisherName', d.publisher_name) as publisher_name,
      coalesce(v.data->>'updateFrequency', d.update_frequency) as update_frequency,
      coalesce(
        (select min(v2.data->>'publishedDate') from dataset_versions v2
          where v2.dataset_id = d.dataset_id and v2.observed_at < ${knownUntil}),
        d.published_date::text) as published_date,
      v.data->>'modifiedAt' as modified_at,
      (select min(v3.observed_at) from dataset_versions v3
        where v3.dataset_id = d.dataset_id and v3.observed_at < ${knownUntil}) as first_observed_at,
      case when d.delisted_at < ${knownUntil} then d.delisted_at end as delisted_at
    from datasets d
    left join lateral (
      select data from (
        (select data, 0 as pick, -version_no as k from dataset_versions v
          where v.dataset_id = d.dataset_id and v.observed_at < ${until}
          order by v.version_no desc limit 1)
        union all
        (select data, 1 as pick, version_no as k from dataset_versions v
          where v.dataset_id = d.dataset_id and v.observed_at < ${knownUntil}
          order by v.version_no limit 1)
      ) c order by pick, k limit 1) v on true
    where d.first_seen_at < ${knownUntil}
    order by d.dataset_id`.execute(db);
  const events = await sql<{
    dataset_id: string;
    event: ListingEvent['event'];
    at: Date;
    last_seen_at: Date | null;
  }>`
    select dataset_id, event, at, last_seen_at from dataset_events
    where at < ${knownUntil} order by dataset_id, at, id`.execute(db);
  // Scheduled on the day by what was known: named by a list before its end, not yet cleared by then.
  const scheduled = await sql<{ dataset_id: string; scheduled_on: string | null }>`
    select dataset_id, scheduled_on::text as scheduled_on from scheduled_delistings
    where first_seen_at < ${until} and (cleared_at is null or cleared_at >= ${until})`.execute(db);
  const scheduledOf = new Map(scheduled.rows.map((s) => [s.dataset_id, s.scheduled_on]));
  const platform = await sql<{ dataset_id: string; delisted_on: string }>`
    select dataset_id, delisted_on::text as delisted_on from dataset_delisting_dates
    where observed_at < ${knownUntil}`.execute(db);
  const eventsOf = new Map<string, ListingEvent[]>();
  for (const e of events.rows) {
    const list = eventsOf.get(e.dataset_id) ?? [];
    list.push({
      event: e.event,
      observed: localDate(new Date(e.at), timeZone),
      lastSeen: e.last_seen_at ? localDate(new Date(e.last_seen_at), timeZone) : null,
    });
    eventsOf.set(e.dataset_id, list);
  }
  const datesOf = new Map<string, string[]>();
  for (const p of platform.rows)
    datesOf.set(p.dataset_id, [...(datesOf.get(p.dataset_id) ?? []), p.delisted_on]);
  return r.rows.map((x) => {
    // A delisting stored before events existed counts as observed then, never seen listed before.
    const known =
      eventsOf.get(x.dataset_id) ??
      (x.delisted_at
        ? [
            {
              event: 'delisted' as const,
              observed: localDate(new Date(x.delisted_at), timeZone),
              lastSeen: null,
            },
          ]
        : []);
    const on = delistingOn(known, datesOf.get(x.dataset_id) ?? [], at.asOf);
    return {
      datasetId: x.dataset_id,
      title: x.title ?? '',
      description: x.description,
      ...fieldsOf(x.fields),
      ...(x.contact_name ? { contactName: x.contact_name } : {}),
      publisherName: x.publisher_name,
      ...(x.publisher_name && family.length > 0
        ? { agencyName: member(x.publisher_name)?.agency.name ?? null }
        : {}),
      updateFrequency: x.update_frequency,
      publishedDate: x.published_date,
      modifiedDate: x.modified_at ? localDate(new Date(x.modified_at), timeZone) : null,
      delistedDate: on.delistedDate,
      ...(scheduledOf.has(x.dataset_id) && on.delistedDate === null
        ? { scheduledDelisting: { scheduledOn: scheduledOf.get(x.dataset_id) ?? null } }
        : {}),
      ...(on.bound ? { delistedBound: on.bound } : {}),
      ...(x.first_observed_at ? { firstObserved: localDate(new Date(x.first_observed_at), timeZone) } : {}),
    };
  });
}

/** 主要欄位說明 as stored (a list of names); anything else is no field list. */
function fieldsOf(value: unknown): { fields?: string[] } {
  const list = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (!Array.isArray(list)) return {};
  const names = list.filter((f): f is string => typeof f === 'string' && f.trim() !== '');
  return names.length > 0 ? { fields: names } : {};
}

/**
 * Decisions made before `until`, oldest first (the pure core lets later ones win). A decision is
 * about identity: it applies to every as-of day, so only the knowledge cut-off limits it.
 */
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
  /** End of the as-of day: a comment removed after it was still there on the day. */
  removedFrom: Date = until,
): Promise<CommentInput[]> {
  const rows = await db
    .selectFrom('dataset_comments')
    .select(['comment_id', 'dataset_id', 'first_seen_at', 'answered', 'answered_seen_at'])
    .where('first_seen_at', '<', until)
    .where((eb) => eb.or([eb('removed_seen_at', 'is', null), eb('removed_seen_at', '>=', removedFrom)]))
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

/**
 * Everything the pure core needs for one as-of date (valid time), by what odsync knew on the
 * evening of `knownOn` (knowledge time; default: everything known now).
 */
export async function loadReconcileInput(
  db: Kysely<Database>,
  asOf: string,
  timeZone: string,
  knownOn?: string | null,
  family: FamilyNames = [],
): Promise<ReconcileInput> {
  const at = loadAt(asOf, timeZone, knownOn);
  const until = at.knownUntil;
  const [planItems, datasets, decisions, comments, requests, delayNotes] = await Promise.all([
    loadPlanItems(db, at),
    loadDatasets(db, at, family),
    loadDecisions(db, until),
    loadComments(db, until, timeZone, endOfLocalDay(asOf, timeZone)),
    loadRequests(db, until, timeZone),
    loadDelayNotes(db, until),
  ]);
  return { asOf, planItems, datasets, decisions, comments, requests, delayNotes };
}
