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
  type DatasetInput,
  type ItemMatch,
  type ReconcileInput,
  type ReconcileOptions,
} from '../reconcile/index.js';
import { describeDiscrepancy } from './describe-discrepancy.js';
import type {
  DiscrepancyRecord,
  ReportCandidate,
  ReportInput,
  WaitingComment,
  WaitingRequest,
} from './report-model.js';
import { reportStrings, type ReportLang } from './strings.js';
import { endOfLocalDay } from '../time/index.js';
import { planInForce, type PlanItemInForce, type PlanVersionInForce } from '../plan/index.js';
import { twoDatesNotes, type TwoDatesNotes } from './two-dates-notes.js';

/** "Known on" left open: everything odsync knows now. */
const KNOWN_NOW = new Date('9999-12-31T00:00:00Z');

export interface LoadReportOptions {
  asOf: string;
  /** Knowledge day (`--known-on`): answer as odsync could have that evening; null = now. */
  knownOn?: string | null;
  timeZone: string;
  /** Publisher names counted as ours (null = every publisher). */
  publishers: readonly string[] | null;
  runId: string;
  generatedAt: Date;
  lang?: ReportLang;
  reconcile?: ReconcileOptions;
  /** Caveats from the caller (e.g. the nightly: which inputs are stale). */
  notes?: readonly string[];
  /** The reconciliation's loader and tables (issue 6), injected so src/report stays independent. */
  reconcileStore: ReconcileStore;
}

/** What the reconciliation stores (issue 6): read through this port when it exists. */
export interface ReconcileStore {
  /** The reconciliation's own input as of the date: the report recomputes exactly what it would. */
  input(
    db: Kysely<Database>,
    asOf: string,
    timeZone: string,
    knownOn?: string | null,
  ): Promise<ReconcileInput>;
  /** Discrepancy life cycle rows (dates in the report time zone). */
  discrepancies(
    db: Kysely<Database>,
  ): Promise<{ id: string; firstSeen: string; lastSeen: string | null; resolvedAt: string | null }[]>;
  /** The last reconcile run whose as-of date is this one (its id for the scope line). */
  runFor(db: Kysely<Database>, asOf: string): Promise<string | null>;
}

/** The instant at which the as-of day ends in the time zone (exclusive bound). */
export function endOfDay(asOf: string, timeZone: string): Date {
  return endOfLocalDay(asOf, timeZone);
}

type PlanRow = PlanItemInForce;

async function loadPlan(
  db: Kysely<Database>,
  at: { asOf: string; knownUntil: Date; timeZone: string },
): Promise<{ items: PlanRow[]; plans: ReportPlan[]; inForce: PlanVersionInForce[] }> {
  const { items, versions } = await planInForce(db, at);
  const plans: ReportPlan[] = versions.map((v) => ({
    label: v.label,
    versionId: String(v.id),
    fileName: v.fileName,
    importedAt: v.importedAt.toISOString(),
    items: items.filter((i) => i.label === v.label).length,
  }));
  return { items, plans, inForce: versions };
}

interface CommentRow {
  comment_id: string;
  dataset_id: string;
  body_text: string;
  first_seen_at: Date;
  answered_seen_at: Date | null;
  answered: boolean;
}

async function loadComments(db: Kysely<Database>, until: Date, removedFrom: Date): Promise<CommentRow[]> {
  return db
    .selectFrom('dataset_comments')
    .select(['comment_id', 'dataset_id', 'body_text', 'first_seen_at', 'answered_seen_at', 'answered'])
    .where('first_seen_at', '<', until)
    .where((eb) => eb.or([eb('removed_seen_at', 'is', null), eb('removed_seen_at', '>=', removedFrom)]))
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
    .where('r.first_seen_at', '<', until)
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

async function platformDatasetCount(datasets: readonly DatasetInput[], asOf: string): Promise<number> {
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
  const knownOn = options.knownOn ?? null;
  const endOfAsOf = endOfDay(asOf, timeZone);
  // Knowledge cut-off: the evening of --known-on, else everything known now.
  const until = knownOn ? endOfDay(knownOn, timeZone) : KNOWN_NOW;
  const day = (d: Date) => localDate(d, timeZone);

  const [{ items: planRows, plans, inForce }, input, commentRows, requestRows, previous] = await Promise.all([
    loadPlan(db, { asOf, knownUntil: until, timeZone }),
    options.reconcileStore.input(db, asOf, timeZone, knownOn),
    loadComments(db, until, endOfAsOf),
    loadRequests(db, until),
    previousReport(db, asOf),
  ]);
  const twoDates = await asOfNotes(db, {
    asOf,
    knownOn,
    timeZone,
    inForce,
    datasets: input.datasets,
    lang: options.lang ?? 'zh-TW',
  });
  const { datasets, comments, requests } = {
    datasets: input.datasets,
    comments: input.comments ?? [],
    requests: input.requests ?? [],
  };
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

  const lifecycle = new Map((await options.reconcileStore.discrepancies(db)).map((d) => [d.id, d]));
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
  {
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
  const replyOfComment = new Map(comments.map((c) => [c.commentId, c.agencyReplyDate]));
  const waitingComments: WaitingComment[] = commentRows
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
  const requestRowById = new Map(requestRows.map((r) => [r.request_id, r]));
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

  // The stored reconciliation for this date should say the same; if data changed after it ran, say so.
  const reconcileRunId = await options.reconcileStore.runFor(db, asOf);
  const notes = [...(options.notes ?? []), ...twoDates.notes];
  const conflicted = (input.delayNotes ?? []).filter((n) => n.conflictWith);
  if (conflicted.length > 0)
    notes.push(
      reportStrings(lang).reviewConflict(
        conflicted.length,
        conflicted
          .slice(0, 5)
          .map((n) => n.planKey)
          .join(', ') + (conflicted.length > 5 ? ' …' : ''),
      ),
    );
  // A replay is compared with nothing: the stored run for the day may know more than the replay.
  if (reconcileRunId !== null && knownOn === null) {
    const stored = await db
      .selectFrom('reconcile_item_statuses')
      .select(['plan_key', 'status', 'dataset_id'])
      .where('run_id', '=', Number(reconcileRunId))
      .execute();
    const storedByKey = new Map(stored.map((r) => [r.plan_key, r]));
    const differ = items.filter((i) => {
      const r = storedByKey.get(i.planKey);
      return !r || r.status !== i.status || (i.datasetId !== null && r.dataset_id !== i.datasetId);
    });
    if (differ.length > 0)
      notes.push(
        reportStrings(lang).statusMismatch(
          differ.length,
          reconcileRunId,
          differ
            .slice(0, 5)
            .map((i) => i.planKey)
            .join(', ') + (differ.length > 5 ? ' …' : ''),
        ),
      );
  }

  return {
    asOf,
    generatedAt: options.generatedAt,
    runId: options.runId,
    publishers: options.publishers === null ? ['*'] : [...options.publishers],
    plans,
    platformDatasets: await platformDatasetCount(datasets, asOf),
    reconcileRunId,
    notes,
    ...(twoDates.empty ? { empty: twoDates.empty } : {}),
    items,
    candidates,
    discrepancies: [...open, ...resolved],
    comments: waitingComments,
    requests: waitingRequests,
    previous,
  };
}

/**
 * The valid-time caveats of an as-of day (see two-dates-notes.ts): what the day precedes, what
 * only observation could have revealed, and whether the answer would be empty.
 */
export async function asOfNotes(
  db: Kysely<Database>,
  f: {
    asOf: string;
    knownOn: string | null;
    timeZone: string;
    datasets: readonly DatasetInput[];
    lang: ReportLang;
    inForce?: readonly PlanVersionInForce[];
  },
): Promise<TwoDatesNotes> {
  const until = f.knownOn ? endOfDay(f.knownOn, f.timeZone) : KNOWN_NOW;
  const inForce =
    f.inForce ?? (await planInForce(db, { asOf: f.asOf, knownUntil: until, timeZone: f.timeZone })).versions;
  const first = await db
    .selectFrom('dataset_comments')
    .select((eb) => eb.fn.min('first_seen_at').as('first'))
    .where('first_seen_at', '<', until)
    .executeTakeFirst();
  return twoDatesNotes(
    {
      asOf: f.asOf,
      knownOn: f.knownOn,
      plans: inForce.map((v) => ({
        label: v.label,
        versionId: String(v.id),
        effectiveDate: v.effectiveDate,
        beforeEffective: v.beforeEffective,
      })),
      datasets: f.datasets,
      firstCommentSync: first?.first ? localDate(new Date(first.first), f.timeZone) : null,
    },
    f.lang,
  );
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
