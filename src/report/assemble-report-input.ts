/**
 * The report input, assembled from plain data (pure: the queries are in load-report.ts).
 *
 * Source of truth for statuses: an explicit recomputation. The pure reconciliation runs here on
 * the reconciliation's own input as of the date, so a report can be written for any day (a past
 * as-of, a `--known-on` replay, a night whose reconcile stage failed). The stored reconcile run is
 * read for two things only: the discrepancy life cycle (first seen / resolved) and a consistency
 * check that becomes a note when the stored statuses of the day differ from the recomputed ones.
 */
import type { PlanItemStatus, ReportItem, ReportPlan } from '../../schemas/report.js';
import type { PlanItemInForce } from '../plan/index.js';
import {
  daysBetween,
  reconcile,
  type DatasetInput,
  type ItemMatch,
  type ReconcileInput,
  type ReconcileOptions,
} from '../reconcile/index.js';
import { localDate } from '../time/index.js';
import { describeDiscrepancy } from './describe-discrepancy.js';
import type {
  DiscrepancyRecord,
  ReportCandidate,
  ReportInput,
  WaitingComment,
  WaitingRequest,
} from './report-model.js';
import { reportStrings, type ReportLang } from './strings.js';
import type { TwoDatesNotes } from './two-dates-notes.js';

/** A stored comment on one of our datasets, known by the knowledge cut-off. */
export interface StoredComment {
  comment_id: string;
  dataset_id: string;
  body_text: string;
  first_seen_at: Date;
  answered: boolean;
}

/** A stored citizen request routed to our publishers, with its first agency of ours. */
export interface StoredRequest {
  request_id: string;
  title: string;
  status: string | null;
  posted_at: Date | null;
  agency: string | null;
}

/** A discrepancy's stored life cycle (dates in the report time zone). */
export interface DiscrepancyLifecycle {
  id: string;
  firstSeen: string;
  lastSeen: string | null;
  resolvedAt: string | null;
}

/** A stored discrepancy's kind, keys and structured detail. */
export interface StoredDiscrepancy {
  id: string;
  kind: DiscrepancyRecord['kind'];
  planKey: string | null;
  datasetId: string | null;
  detail: Record<string, unknown>;
}

/** A plan item's status as a stored reconcile run recorded it. */
export interface StoredItemStatus {
  planKey: string;
  status: string;
  datasetId: string | null;
}

/** Everything the report is assembled from, read by `loadReportSources`. */
export interface ReportSources {
  planItems: readonly PlanItemInForce[];
  plans: ReportPlan[];
  /** The reconciliation's own input as of the date: the report recomputes what it would say. */
  reconcileInput: ReconcileInput;
  comments: readonly StoredComment[];
  requests: readonly StoredRequest[];
  /** The previous successful report strictly before the as-of date. */
  previous: { runId: string; asOf: string } | null;
  twoDates: TwoDatesNotes;
  lifecycle: readonly DiscrepancyLifecycle[];
  /** Stored details of the discrepancies resolved on or before the as-of date. */
  resolvedDetails: readonly StoredDiscrepancy[];
  /** The last reconcile run of the as-of date, if any. */
  reconcileRunId: string | null;
  /** That run's statuses; null when there is none or the report is a replay (`--known-on`). */
  storedStatuses: readonly StoredItemStatus[] | null;
}

export interface AssembleReportOptions {
  asOf: string;
  timeZone: string;
  /** Publisher names counted as ours (null = every publisher). */
  publishers: readonly string[] | null;
  runId: string;
  generatedAt: Date;
  lang?: ReportLang;
  reconcile?: ReconcileOptions;
  /** Caveats from the caller (e.g. the nightly: which inputs are stale). */
  notes?: readonly string[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Up to five keys, then an ellipsis. */
const firstKeys = (keys: readonly string[]) => keys.slice(0, 5).join(', ') + (keys.length > 5 ? ' …' : '');

const listedOn = (d: DatasetInput, asOf: string) =>
  (d.delistedDate === null || d.delistedDate > asOf) && (d.publishedDate === null || d.publishedDate <= asOf);

function platformDatasetCount(datasets: readonly DatasetInput[], asOf: string): number {
  return datasets.filter((d) => listedOn(d, asOf)).length;
}

/** Listed on the day, by publisher: sub-units stay apart, with the member they roll up into. */
function listedByPublisher(datasets: readonly DatasetInput[], asOf: string) {
  const counts = new Map<string, { publisher: string; agency: string | null; datasets: number }>();
  for (const d of datasets) {
    if (d.publisherName === null || !listedOn(d, asOf)) continue;
    const publisher = d.publisherName.trim();
    const e = counts.get(publisher) ?? { publisher, agency: d.agencyName ?? null, datasets: 0 };
    e.datasets += 1;
    counts.set(publisher, e);
  }
  return [...counts.values()];
}

/** Assemble the report input for `asOf` from its sources (pure). */
export function assembleReportInput(sources: ReportSources, options: AssembleReportOptions): ReportInput {
  const { asOf, timeZone } = options;
  const lang = options.lang ?? 'zh-TW';
  const day = (d: Date) => localDate(d, timeZone);
  const input = sources.reconcileInput;
  const datasets = input.datasets;
  const comments = input.comments ?? [];
  const requests = input.requests ?? [];
  const result = reconcile(input, options.reconcile);

  const datasetById = new Map(datasets.map((d) => [d.datasetId, d]));
  const noteByKey = new Map((input.delayNotes ?? []).map((n) => [n.planKey, n]));
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

  const items: ReportItem[] = sources.planItems.map((p) => {
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
      reason: noteByKey.get(p.plan_key)?.reason ?? null,
      expectedDate: noteByKey.get(p.plan_key)?.expectedDate ?? null,
      ...groupAndPossible(matchByKey.get(p.plan_key), status, datasetId, datasetById),
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

  const lifecycle = new Map(sources.lifecycle.map((d) => [d.id, d]));
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
  const storedById = new Map(sources.resolvedDetails.map((d) => [d.id, d]));
  const resolved: DiscrepancyRecord[] = [];
  for (const [id, l] of lifecycle) {
    if (openIds.has(id) || l.resolvedAt === null || l.resolvedAt > asOf) continue;
    const s = storedById.get(id);
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

  const planKeyOfDataset = new Map<string, string>();
  for (const i of items) if (i.datasetId) planKeyOfDataset.set(i.datasetId, i.planKey);
  const replyOfComment = new Map(comments.map((c) => [c.commentId, c.agencyReplyDate]));
  const waitingComments: WaitingComment[] = sources.comments
    .filter((c) => {
      const reply = replyOfComment.get(c.comment_id);
      return reply === undefined ? !c.answered : reply === null || reply > asOf;
    })
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
  const requestRowById = new Map(sources.requests.map((r) => [r.request_id, r]));
  const waitingRequests: WaitingRequest[] = requests
    .filter((r) => r.replyDate === null || r.replyDate > asOf)
    .map((r) => {
      const row = requestRowById.get(r.requestId);
      return {
        requestId: r.requestId,
        title: row?.title ?? r.title,
        agency: row?.agency ?? null,
        status: row?.status && !['已回復', '再回復'].includes(row.status) ? row.status : '未回復',
        submittedOn: row?.posted_at ? day(row.posted_at) : null,
        waitingDays: daysBetween(r.firstSeenDate, asOf),
        planKey: planKeyOfRequest.get(r.requestId) ?? null,
        datasetId: datasetOfRequest.get(r.requestId) ?? null,
      };
    });

  const notes = [...(options.notes ?? []), ...sources.twoDates.notes];
  const conflicted = (input.delayNotes ?? []).filter((n) => n.conflictWith);
  if (conflicted.length > 0)
    notes.push(
      reportStrings(lang).reviewConflict(conflicted.length, firstKeys(conflicted.map((n) => n.planKey))),
    );
  // The stored run for the day should say the same; if data changed after it ran, say so.
  if (sources.reconcileRunId !== null && sources.storedStatuses !== null) {
    const storedByKey = new Map(sources.storedStatuses.map((r) => [r.planKey, r]));
    const differ = items.filter((i) => {
      const r = storedByKey.get(i.planKey);
      return !r || r.status !== i.status || (i.datasetId !== null && r.datasetId !== i.datasetId);
    });
    if (differ.length > 0)
      notes.push(
        reportStrings(lang).statusMismatch(
          differ.length,
          sources.reconcileRunId,
          firstKeys(differ.map((i) => i.planKey)),
        ),
      );
  }

  return {
    asOf,
    generatedAt: options.generatedAt,
    runId: options.runId,
    publishers: options.publishers === null ? ['*'] : [...options.publishers],
    plans: sources.plans,
    platformDatasets: platformDatasetCount(datasets, asOf),
    listedByPublisher: listedByPublisher(datasets, asOf),
    reconcileRunId: sources.reconcileRunId,
    notes,
    ...(sources.twoDates.empty ? { empty: sources.twoDates.empty } : {}),
    items,
    candidates,
    discrepancies: [...open, ...resolved],
    comments: waitingComments,
    requests: waitingRequests,
    previous: sources.previous,
  };
}

/** The additive report.json fields of a match: a group's datasets, an overdue item's 可能相符. */
export function groupAndPossible(
  match: ItemMatch | undefined,
  status: PlanItemStatus,
  datasetId: string | null,
  datasetById: ReadonlyMap<string, { publishedDate: string | null }>,
): Pick<ReportItem, 'datasetIds' | 'possibleMatches'> {
  const out: Pick<ReportItem, 'datasetIds' | 'possibleMatches'> = {};
  if (datasetId && match?.datasetIds && match.datasetIds.length > 1) out.datasetIds = [...match.datasetIds];
  const possible = status === 'overdue' ? (match?.evidence.possible ?? []) : [];
  if (possible.length > 0) {
    out.possibleMatches = possible.map((c) => ({
      datasetId: c.datasetId,
      title: c.title,
      publisher: c.publisherName,
      publishedDate: datasetById.get(c.datasetId)?.publishedDate ?? null,
      score: round(c.score),
    }));
  }
  return out;
}
