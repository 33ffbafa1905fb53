/**
 * Assemble the report input from the database, as of a date: plan items (issue 5), our datasets
 * as they stood then (issue 3), comments and requests (issue 4), statuses/matches/discrepancies
 * from the reconciliation (issue 6). Statuses are recomputed with the pure reconciliation for the
 * as-of date from the stored history (same inputs, same answer as the reconcile stage); the
 * discrepancy life cycle (first seen / resolved) comes from the reconciliation's table when it
 * exists.
 */
import { sql, type Kysely } from 'kysely';
import type { PlanItemStatus, ReportItem, ReportPlan } from '../../schemas/report.js';
import { localDate } from '../clock.js';
import type { Database } from '../db/index.js';
import {
  daysBetween,
  reconcile,
  type CommentInput,
  type DatasetInput,
  type MatchDecisionInput,
  type PlanItemInput,
  type ReconcileOptions,
  type RequestInput,
} from '../reconcile/index.js';
import { describeDiscrepancy } from './describe-discrepancy.js';
import type {
  DiscrepancyRecord,
  ReportCandidate,
  ReportInput,
  WaitingComment,
  WaitingRequest,
} from './report-model.js';
import type { ReportLang } from './strings.js';

export interface LoadReportOptions {
  asOf: string;
  timeZone: string;
  /** Publisher names counted as ours (null = every publisher). */
  publishers: readonly string[] | null;
  runId: string;
  generatedAt: Date;
  lang?: ReportLang;
  reconcile?: ReconcileOptions;
  /** Where stored discrepancies and decisions live (issue 6); injected so the loader does not guess. */
  reconcileStore?: ReconcileStore;
}

/** What the reconciliation stores (issue 6): read through this port when it exists. */
export interface ReconcileStore {
  /** Manual confirm/reject decisions made on or before the instant. */
  decisions(db: Kysely<Database>, until: Date): Promise<MatchDecisionInput[]>;
  /** Discrepancy life cycle rows (dates in the report time zone). */
  discrepancies(
    db: Kysely<Database>,
  ): Promise<{ id: string; firstSeen: string; lastSeen: string | null; resolvedAt: string | null }[]>;
  /** The last reconcile run whose as-of date is this one (its id for the scope line). */
  runFor(db: Kysely<Database>, asOf: string): Promise<string | null>;
}

/** The instant at which the as-of day ends in the time zone (exclusive bound). */
export function endOfDay(asOf: string, timeZone: string): Date {
  const [y, m, d] = asOf.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d + 1);
  const offset = (at: number) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }).formatToParts(new Date(at));
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    return (
      Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - at
    );
  };
  let instant = naive - offset(naive);
  instant = naive - offset(instant);
  return new Date(instant);
}

interface PlanRow {
  plan_key: string;
  label: string;
  seq: number;
  title: string;
  description: string;
  unit: string;
  agency: string | null;
  planned_raw: string;
  due_date: string;
  version_id: number;
}

async function loadPlan(
  db: Kysely<Database>,
  until: Date,
): Promise<{ items: PlanRow[]; plans: ReportPlan[] }> {
  const items = await db
    .selectFrom('plan_items as i')
    .innerJoin('plan_versions as f', 'f.id', 'i.first_version_id')
    .select([
      'i.plan_key',
      'i.label',
      'i.seq',
      'i.title',
      'i.description',
      'i.unit',
      'i.agency',
      'i.planned_raw',
      'i.due_date',
      'i.version_id',
    ])
    .where('f.imported_at', '<', until)
    .where((eb) => eb.or([eb('i.removed_at', 'is', null), eb('i.removed_at', '>=', until)]))
    .orderBy('i.label')
    .orderBy('i.seq')
    .execute();
  // The latest version of each label imported before the end of the as-of day.
  const versions = await db
    .selectFrom('plan_versions')
    .select(['id', 'label', 'file_name', 'imported_at'])
    .where('imported_at', '<', until)
    .orderBy('label')
    .orderBy('id', 'desc')
    .execute();
  const plans: ReportPlan[] = [];
  const seen = new Set<string>();
  for (const v of versions) {
    if (seen.has(v.label)) continue;
    seen.add(v.label);
    plans.push({
      label: v.label,
      versionId: String(v.id),
      fileName: v.file_name,
      importedAt: v.imported_at.toISOString(),
      items: items.filter((i) => i.label === v.label).length,
    });
  }
  return { items, plans };
}

interface DatasetRow {
  dataset_id: string;
  title: string;
  description: string | null;
  publisher_name: string | null;
  update_frequency: string | null;
  published_date: string | null;
  modified_at: string | null;
  delisted_at: Date | null;
}

/** Our datasets as they stood at `until`: the version current then, and delisting then. */
async function loadDatasets(db: Kysely<Database>, until: Date, timeZone: string): Promise<DatasetInput[]> {
  const r = await sql<DatasetRow>`
    select d.dataset_id, v.data->>'title' as title, v.data->>'description' as description,
      v.data->>'publisherName' as publisher_name, v.data->>'updateFrequency' as update_frequency,
      coalesce(v.data->>'publishedDate', d.published_date::text) as published_date,
      v.data->>'modifiedAt' as modified_at,
      (select case when e.event = 'delisted' then e.at end from dataset_events e
        where e.dataset_id = d.dataset_id and e.at < ${until}
        order by e.at desc, e.id desc limit 1) as delisted_at
    from datasets d
    join lateral (select data from dataset_versions v
                  where v.dataset_id = d.dataset_id and v.observed_at < ${until}
                  order by v.version_no desc limit 1) v on true
    where d.first_seen_at < ${until}
    order by d.dataset_id`.execute(db);
  return r.rows.map((x) => ({
    datasetId: x.dataset_id,
    title: x.title,
    description: x.description,
    publisherName: x.publisher_name,
    updateFrequency: x.update_frequency,
    publishedDate: x.published_date,
    modifiedDate: x.modified_at ? localDate(new Date(x.modified_at), timeZone) : null,
    delistedDate: x.delisted_at ? localDate(new Date(x.delisted_at), timeZone) : null,
  }));
}

interface CommentRow {
  comment_id: string;
  dataset_id: string;
  body_text: string;
  first_seen_at: Date;
  answered_seen_at: Date | null;
  answered: boolean;
}

async function loadComments(db: Kysely<Database>, until: Date): Promise<CommentRow[]> {
  return db
    .selectFrom('dataset_comments')
    .select(['comment_id', 'dataset_id', 'body_text', 'first_seen_at', 'answered_seen_at', 'answered'])
    .where('first_seen_at', '<', until)
    .where((eb) => eb.or([eb('removed_seen_at', 'is', null), eb('removed_seen_at', '>=', until)]))
    .orderBy('comment_id')
    .execute();
}

interface RequestRow {
  request_id: string;
  title: string;
  reason: string | null;
  status: string | null;
  posted_at: Date | null;
  replied_at: Date | null;
  answered_seen_at: Date | null;
  first_seen_at: Date;
  agency: string | null;
}

async function loadRequests(db: Kysely<Database>, until: Date): Promise<RequestRow[]> {
  return db
    .selectFrom('citizen_requests as r')
    .select((eb) => [
      'r.request_id',
      'r.title',
      'r.reason',
      'r.status',
      'r.posted_at',
      'r.replied_at',
      'r.answered_seen_at',
      'r.first_seen_at',
      eb
        .selectFrom('citizen_request_agencies as a')
        .select('a.agency')
        .whereRef('a.request_id', '=', 'r.request_id')
        .where('a.ours', '=', true)
        .orderBy('a.position')
        .limit(1)
        .as('agency'),
    ])
    .where('r.ours', '=', true)
    .where((eb) =>
      eb.or([
        eb('r.posted_at', '<', until),
        eb.and([eb('r.posted_at', 'is', null), eb('r.first_seen_at', '<', until)]),
      ]),
    )
    .orderBy('r.request_id')
    .execute();
}

/** The previous successful report strictly before this as-of date. */
async function previousReport(
  db: Kysely<Database>,
  asOf: string,
): Promise<{ runId: string; asOf: string } | null> {
  const rows = await db
    .selectFrom('runs')
    .select(['id', 'args'])
    .where('job', '=', 'report')
    .where('status', 'in', ['succeeded', 'partial'])
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  let best: { runId: string; asOf: string } | null = null;
  for (const r of rows) {
    const a = (r.args as { asOf?: unknown }).asOf;
    if (typeof a !== 'string' || a >= asOf) continue;
    if (best === null || a > best.asOf) best = { runId: String(r.id), asOf: a };
  }
  return best;
}

async function platformDatasetCount(datasets: DatasetInput[], asOf: string): Promise<number> {
  return Promise.resolve(
    datasets.filter(
      (d) =>
        (d.delistedDate === null || d.delistedDate > asOf) &&
        (d.publishedDate === null || d.publishedDate <= asOf),
    ).length,
  );
}

/** Build the report input for `asOf` from the database. */
export async function loadReportInput(
  db: Kysely<Database>,
  options: LoadReportOptions,
): Promise<ReportInput> {
  const { asOf, timeZone } = options;
  const until = endOfDay(asOf, timeZone);
  const day = (d: Date) => localDate(d, timeZone);

  const [{ items: planRows, plans }, datasets, commentRows, requestRows, previous] = await Promise.all([
    loadPlan(db, until),
    loadDatasets(db, until, timeZone),
    loadComments(db, until),
    loadRequests(db, until),
    previousReport(db, asOf),
  ]);
  const decisions = options.reconcileStore ? await options.reconcileStore.decisions(db, until) : [];

  const planItems: PlanItemInput[] = planRows.map((p) => ({
    planKey: p.plan_key,
    seq: p.seq,
    title: p.title,
    description: p.description || null,
    unit: p.unit,
    agency: p.agency,
    dueDate: p.due_date,
  }));
  const comments: CommentInput[] = commentRows.map((c) => ({
    commentId: c.comment_id,
    datasetId: c.dataset_id,
    firstSeenDate: day(c.first_seen_at),
    agencyReplyDate: c.answered && c.answered_seen_at ? day(c.answered_seen_at) : null,
  }));
  const requests: RequestInput[] = requestRows.map((r) => ({
    requestId: r.request_id,
    title: r.title,
    description: r.reason,
    firstSeenDate: day(r.posted_at ?? r.first_seen_at),
    replyDate: r.replied_at ? day(r.replied_at) : r.answered_seen_at ? day(r.answered_seen_at) : null,
  }));

  const result = reconcile({ asOf, planItems, datasets, decisions, comments, requests }, options.reconcile);

  const datasetById = new Map(datasets.map((d) => [d.datasetId, d]));
  const statusByKey = new Map(result.statuses.map((s) => [s.planKey, s]));
  const matchByKey = new Map(result.matches.map((m) => [m.planKey, m]));
  const commentsOn = new Map<string, { total: number; unanswered: number }>();
  for (const c of comments.filter((x) => x.firstSeenDate <= asOf)) {
    const e = commentsOn.get(c.datasetId) ?? { total: 0, unanswered: 0 };
    e.total += 1;
    if (c.agencyReplyDate === null || c.agencyReplyDate > asOf) e.unanswered += 1;
    commentsOn.set(c.datasetId, e);
  }
  const requestsOfItem = new Map<string, Set<string>>();
  const requestsOfDataset = new Map<string, Set<string>>();
  const planKeyOfRequest = new Map<string, string>();
  const datasetOfRequest = new Map<string, string>();
  for (const l of result.requestLinks) {
    if (l.target === 'plan_item' && l.planKey) {
      (requestsOfItem.get(l.planKey) ?? requestsOfItem.set(l.planKey, new Set()).get(l.planKey)!).add(
        l.requestId,
      );
      if (!planKeyOfRequest.has(l.requestId)) planKeyOfRequest.set(l.requestId, l.planKey);
    } else if (l.target === 'dataset' && l.datasetId) {
      (
        requestsOfDataset.get(l.datasetId) ?? requestsOfDataset.set(l.datasetId, new Set()).get(l.datasetId)!
      ).add(l.requestId);
      if (!datasetOfRequest.has(l.requestId)) datasetOfRequest.set(l.requestId, l.datasetId);
    }
  }

  const items: ReportItem[] = planRows.map((p) => {
    const s = statusByKey.get(p.plan_key);
    const status: PlanItemStatus = s?.status ?? 'pending';
    const datasetId = status === 'needs_review' ? null : (s?.datasetId ?? null);
    const ds = datasetId ? datasetById.get(datasetId) : undefined;
    const fb = datasetId ? commentsOn.get(datasetId) : undefined;
    const reqs = new Set([
      ...(requestsOfItem.get(p.plan_key) ?? []),
      ...(datasetId ? (requestsOfDataset.get(datasetId) ?? []) : []),
    ]);
    return {
      planKey: p.plan_key,
      seq: p.seq,
      title: p.title,
      unit: p.unit || null,
      agency: p.agency,
      plannedRaw: p.planned_raw || null,
      dueDate: p.due_date,
      status,
      datasetId,
      datasetTitle: ds?.title ?? null,
      publishedDate: datasetId ? (s?.publishedDate ?? null) : null,
      lagDays: s?.lagDays ?? null,
      overdueDays: s?.overdueDays ?? null,
      match:
        datasetId && s?.method ? { method: s.method, score: s.score === null ? null : round(s.score) } : null,
      feedback: { comments: fb?.total ?? 0, unanswered: fb?.unanswered ?? 0 },
      requests: [...reqs].sort(),
    };
  });

  const candidates: Record<string, ReportCandidate[]> = {};
  for (const i of items.filter((x) => x.status === 'needs_review')) {
    candidates[i.planKey] = (matchByKey.get(i.planKey)?.evidence.candidates ?? []).map((c) => ({
      datasetId: c.datasetId,
      title: c.title,
      publisher: c.publisherName,
      publishedDate: datasetById.get(c.datasetId)?.publishedDate ?? null,
      score: round(c.score),
    }));
  }

  const lifecycle = options.reconcileStore
    ? new Map((await options.reconcileStore.discrepancies(db)).map((d) => [d.id, d]))
    : new Map<string, { firstSeen: string; lastSeen: string | null; resolvedAt: string | null }>();
  const lang = options.lang ?? 'zh-TW';
  const open: DiscrepancyRecord[] = result.discrepancies.map((d) => {
    const known = lifecycle.get(d.id);
    const firstSeen = known && known.firstSeen <= asOf ? known.firstSeen : asOf;
    return {
      id: d.id,
      kind: d.kind,
      planKey: d.planKey,
      datasetId: d.datasetId,
      firstSeen,
      lastSeen: asOf,
      resolvedAt: null,
      detail: describeDiscrepancy(d.kind, d.detail, lang),
    };
  });
  // Resolved ones come only from the stored life cycle: not open today, resolved on or before as-of.
  const openIds = new Set(open.map((d) => d.id));
  const resolved: DiscrepancyRecord[] = [];
  if (options.reconcileStore) {
    const stored = await storedDiscrepancyDetails(
      db,
      [...lifecycle.keys()].filter((id) => !openIds.has(id)),
    );
    for (const [id, l] of lifecycle) {
      if (openIds.has(id) || l.resolvedAt === null || l.resolvedAt > asOf) continue;
      const s = stored.get(id);
      if (!s) continue;
      resolved.push({
        id,
        kind: s.kind,
        planKey: s.planKey,
        datasetId: s.datasetId,
        firstSeen: l.firstSeen,
        lastSeen: l.lastSeen,
        resolvedAt: l.resolvedAt,
        detail: describeDiscrepancy(s.kind, s.detail, lang),
      });
    }
  }

  const planKeyOfDataset = new Map<string, string>();
  for (const i of items) if (i.datasetId) planKeyOfDataset.set(i.datasetId, i.planKey);
  const waitingComments: WaitingComment[] = commentRows
    .filter((c) => !(c.answered && c.answered_seen_at && c.answered_seen_at < until))
    .map((c) => ({
      commentId: c.comment_id,
      datasetId: c.dataset_id,
      datasetTitle: datasetById.get(c.dataset_id)?.title ?? null,
      author: null,
      body: c.body_text,
      firstSeen: day(c.first_seen_at),
      waitingDays: daysBetween(day(c.first_seen_at), asOf),
      planKey: planKeyOfDataset.get(c.dataset_id) ?? null,
    }));
  const waitingRequests: WaitingRequest[] = requests
    .filter((r) => r.replyDate === null || r.replyDate > asOf)
    .map((r) => {
      const row = requestRows.find((x) => x.request_id === r.requestId)!;
      return {
        requestId: r.requestId,
        title: r.title,
        agency: row.agency,
        status: '未回復',
        submittedOn: row.posted_at ? day(row.posted_at) : null,
        waitingDays: daysBetween(r.firstSeenDate, asOf),
        planKey: planKeyOfRequest.get(r.requestId) ?? null,
        datasetId: datasetOfRequest.get(r.requestId) ?? null,
      };
    });

  return {
    asOf,
    generatedAt: options.generatedAt,
    runId: options.runId,
    publishers: options.publishers === null ? ['*'] : [...options.publishers],
    plans,
    platformDatasets: await platformDatasetCount(datasets, asOf),
    reconcileRunId: options.reconcileStore ? await options.reconcileStore.runFor(db, asOf) : null,
    items,
    candidates,
    discrepancies: [...open, ...resolved],
    comments: waitingComments,
    requests: waitingRequests,
    previous,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Kind, keys and structured detail of stored discrepancies (issue 6's table), by id. */
async function storedDiscrepancyDetails(
  db: Kysely<Database>,
  ids: string[],
): Promise<
  Map<
    string,
    {
      kind: DiscrepancyRecord['kind'];
      planKey: string | null;
      datasetId: string | null;
      detail: Record<string, unknown>;
    }
  >
> {
  const out = new Map<
    string,
    {
      kind: DiscrepancyRecord['kind'];
      planKey: string | null;
      datasetId: string | null;
      detail: Record<string, unknown>;
    }
  >();
  if (ids.length === 0) return out;
  const r = await sql<{
    id: string;
    kind: DiscrepancyRecord['kind'];
    plan_key: string | null;
    dataset_id: string | null;
    detail: Record<string, unknown>;
  }>`
    select id, kind, plan_key, dataset_id, detail from discrepancies where id = any(${ids})`.execute(db);
  for (const x of r.rows)
    out.set(x.id, { kind: x.kind, planKey: x.plan_key, datasetId: x.dataset_id, detail: x.detail ?? {} });
  return out;
}
