/**
 * The quarterly report's figures (pure): datasets per agency at a quarter's end, citizen comments and
 * requests, the plan's statuses then, and the trend since the plan's first due date. Everything is
 * valid time (the state on the quarter's last day); the statuses of every quarter come from one load,
 * recomputed with the reconciliation core for each quarter's end.
 */
import type { QuarterlyJson, StatusCounts } from '../../schemas/quarterly.js';
import { PLAN_ITEM_STATUSES, type PlanItemStatus } from '../../schemas/report.js';
import { delistingOn, type ListingEvent } from '../catalog/index.js';
import { familyNamer, type Publisher } from '../publishers/index.js';
import {
  computeStatuses,
  createMatcher,
  datasetsAsOf,
  daysBetween,
  matchPlanItems,
  type DatasetInput,
  type DelayNoteInput,
  type ItemStatus,
  type MatchDecisionInput,
  type MatchOptions,
  type PlanItemInput,
} from '../reconcile/index.js';
import {
  previousQuarter,
  quarterEnd,
  quarterName,
  quarterOf,
  quarterStart,
  quartersBetween,
  rocQuarterName,
  compareQuarters,
  type Quarter,
} from './quarter.js';

/** A dataset with its listing history (the delisting of any day is derived from it). */
export interface QuarterDataset {
  /** As the reconciliation loads it for the quarter's end (title, publisher, 上架日期 …). */
  input: DatasetInput;
  events: readonly ListingEvent[];
  /** The platform's own delisting dates (history list, 資料集下架 rows). */
  platformDelistings: readonly string[];
}

export interface QuarterComment {
  commentId: string;
  datasetId: string;
  body: string;
  firstSeenDate: string;
  /** Day the agency's reply was first seen (null = none yet). */
  replyDate: string | null;
  /** Day odsync found the comment gone (null = still there). */
  removedDate: string | null;
}

export interface QuarterRequest {
  requestId: string;
  title: string;
  /** The family member the request was routed to, as the platform names it. */
  agencyName: string | null;
  /** Status as last seen (已回復, 未回復, 再回復, 研議中 …). */
  status: string | null;
  submittedOn: string | null;
  /** Day of the reply (platform date, else first seen answered). */
  repliedOn: string | null;
  firstSeenDate: string;
}

export interface QuarterlyInput {
  quarter: Quarter;
  generatedAt: Date;
  /** The family: sub-units roll up into their agency by it. */
  publishers: readonly Publisher[];
  /** The plan in force at the quarter's end. */
  planItems: readonly PlanItemInput[];
  planLabels: readonly string[];
  /** Plan keys in force at the previous quarter's end (null = unknown: compare every item). */
  previousPlanKeys?: readonly string[] | null;
  datasets: readonly QuarterDataset[];
  decisions: readonly MatchDecisionInput[];
  delayNotes: readonly DelayNoteInput[];
  comments: readonly QuarterComment[];
  requests: readonly QuarterRequest[];
  /** Day of odsync's first comment sync, first request seen, first catalogue run (null = never). */
  observed: { comments: string | null; requests: string | null; catalogue: string | null };
  match?: Partial<MatchOptions>;
}

export interface QuarterlyItem {
  planKey: string;
  seq: number | null;
  title: string;
  unit: string | null;
  dueDate: string | null;
  status: PlanItemStatus;
  previousStatus: PlanItemStatus | null;
  datasetId: string | null;
  publishedDate: string | null;
}

export interface WaitingQuarterComment {
  commentId: string;
  datasetId: string;
  datasetTitle: string | null;
  body: string;
  firstSeen: string;
  waitingDays: number;
}

/** The JSON contract plus what only the rendered formats show. */
export interface QuarterlyFigures {
  json: QuarterlyJson;
  previousQuarter: string;
  /** Agencies in the family's order (others after, by name). */
  agencies: string[];
  /** Datasets per agency at the previous quarter's end. */
  previousByAgency: Record<string, number>;
  /** Datasets known only as delisted (no 上架日期, never seen listed): not counted on any day. */
  undatedDatasets: number;
  feedback: { longestReplyDays: number | null; waiting: WaitingQuarterComment[] };
  requestsByAgency: { agency: string; byStatus: Record<string, number>; total: number }[];
  requestStatuses: string[];
  items: QuarterlyItem[];
  datasetTrend: { quarter: string; byAgency: Record<string, number>; total: number }[];
  observed: QuarterlyInput['observed'];
  planLabels: string[];
}

const ANSWERED = new Set(['已回復', '再回復']);
const UNANSWERED = '未回復';
const OTHER_AGENCY = '(其他)';

const emptyCounts = (): StatusCounts =>
  Object.fromEntries(PLAN_ITEM_STATUSES.map((s) => [s, 0])) as StatusCounts;

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const within = (day: string | null, start: string, end: string) => day !== null && day >= start && day <= end;

/** Assemble every figure of the quarter from one load. */
export function quarterlyFigures(input: QuarterlyInput): QuarterlyFigures {
  const q = input.quarter;
  const start = quarterStart(q);
  const end = quarterEnd(q);
  const prev = previousQuarter(q);
  const prevEnd = quarterEnd(prev);
  const namer = familyNamer(input.publishers);
  const agencyOfName = (name: string | null) => {
    if (name === null || name.trim() === '') return { agency: OTHER_AGENCY, subUnit: null };
    const m = namer(name);
    return m ? { agency: m.agency.name, subUnit: m.subUnit } : { agency: name.trim(), subUnit: null };
  };

  // The datasets listed on a day: the reconciliation's own view of that day, not delisted then.
  const viewCache = new Map<string, DatasetInput[]>();
  const viewOn = (day: string): DatasetInput[] => {
    let v = viewCache.get(day);
    if (!v) {
      const dated = input.datasets.map((d) => ({
        ...d.input,
        delistedDate: delistingOn(d.events, d.platformDelistings, day).delistedDate,
      }));
      viewCache.set(day, (v = datasetsAsOf(dated, day)));
    }
    return v;
  };
  // Without a 上架日期 a dataset is known to exist only from the day odsync first saw it.
  const listedOn = (day: string) =>
    viewOn(day).filter(
      (d) =>
        d.delistedDate === null &&
        (d.publishedDate !== null || (d.firstObserved !== undefined && d.firstObserved <= day)),
    );

  const statusCache = new Map<string, ItemStatus[]>();
  const statusesOn = (day: string): ItemStatus[] => {
    let s = statusCache.get(day);
    if (!s) {
      const view = viewOn(day);
      const matches = matchPlanItems(input.planItems, createMatcher(view, input.match), input.decisions);
      s = computeStatuses(input.planItems, matches, new Map(view.map((d) => [d.datasetId, d])), day);
      statusCache.set(day, s);
    }
    return s;
  };
  const countStatuses = (statuses: readonly ItemStatus[]) => {
    const c = emptyCounts();
    for (const s of statuses) c[s.status] += 1;
    return c;
  };

  // 1. Platform: per agency at the quarter's end, sub-units listed under their agency.
  const family = input.publishers.map((p) => p.name);
  const agencySet = new Set<string>();
  const perAgency = (day: string) => {
    const out: Record<string, number> = {};
    for (const d of listedOn(day)) {
      const a = agencyOfName(d.publisherName).agency;
      agencySet.add(a);
      out[a] = (out[a] ?? 0) + 1;
    }
    return out;
  };
  const listedEnd = listedOn(end);
  const nowByAgency = perAgency(end);
  const previousByAgency = perAgency(prevEnd);
  const addedBy: Record<string, number> = {};
  const delistedBy: Record<string, number> = {};
  const subUnits = new Map<string, Map<string, number>>();
  for (const d of input.datasets) {
    const a = agencyOfName(d.input.publisherName).agency;
    if (within(d.input.publishedDate, start, end)) {
      addedBy[a] = (addedBy[a] ?? 0) + 1;
      agencySet.add(a);
    }
    if (within(delistingOn(d.events, d.platformDelistings, end).delistedDate, start, end)) {
      delistedBy[a] = (delistedBy[a] ?? 0) + 1;
      agencySet.add(a);
    }
  }
  for (const d of listedEnd) {
    const m = agencyOfName(d.publisherName);
    if (m.subUnit === null) continue;
    const units = subUnits.get(m.agency) ?? new Map<string, number>();
    units.set(m.subUnit, (units.get(m.subUnit) ?? 0) + 1);
    subUnits.set(m.agency, units);
  }

  // 2. Comments on the quarter's last day (a comment removed later was still there).
  const present = input.comments.filter(
    (c) => c.firstSeenDate <= end && (c.removedDate === null || c.removedDate > end),
  );
  const answeredBy = (c: QuarterComment) => c.replyDate !== null && c.replyDate <= end;
  const answered = present.filter(answeredBy);
  const firstSync = input.observed.comments;
  // Comments have no post date: only those first seen after the first sync are known to be new then.
  const newlySeen = (c: QuarterComment) => firstSync !== null && c.firstSeenDate > firstSync;
  const received =
    firstSync !== null && firstSync < start
      ? present.filter((c) => within(c.firstSeenDate, start, end)).length
      : null;
  const replyDays = answered.filter(newlySeen).map((c) => daysBetween(c.firstSeenDate, c.replyDate!));
  const titleOf = new Map(input.datasets.map((d) => [d.input.datasetId, d.input.title]));
  const waiting: WaitingQuarterComment[] = present
    .filter((c) => !answeredBy(c))
    .map((c) => ({
      commentId: c.commentId,
      datasetId: c.datasetId,
      datasetTitle: titleOf.get(c.datasetId) ?? null,
      body: c.body,
      firstSeen: c.firstSeenDate,
      waitingDays: daysBetween(c.firstSeenDate, end),
    }))
    .sort((a, b) => b.waitingDays - a.waitingDays || a.commentId.localeCompare(b.commentId));

  // 3. Requests: existing by their submission day (else first sight), status as it stood then.
  const requestsThen = input.requests
    .filter((r) => (r.submittedOn ?? r.firstSeenDate) <= end)
    .map((r) => {
      const replied = r.repliedOn !== null && r.repliedOn <= end ? r.repliedOn : null;
      const status =
        replied !== null
          ? r.status !== null && ANSWERED.has(r.status)
            ? r.status
            : '已回復'
          : r.status === null || ANSWERED.has(r.status)
            ? UNANSWERED
            : r.status;
      return {
        requestId: r.requestId,
        title: r.title,
        agency: r.agencyName === null ? null : agencyOfName(r.agencyName).agency,
        status,
        submittedOn: r.submittedOn,
        repliedOn: replied,
      };
    })
    .sort(
      (a, b) =>
        (a.submittedOn ?? '9999').localeCompare(b.submittedOn ?? '9999') ||
        a.requestId.localeCompare(b.requestId),
    );
  const undated = input.requests.some((r) => r.submittedOn === null && r.firstSeenDate >= start);
  const requestsReceived =
    input.observed.requests === null || undated
      ? null
      : requestsThen.filter((r) => within(r.submittedOn, start, end)).length;
  const byStatus: Record<string, number> = {};
  const byAgency = new Map<string, Record<string, number>>();
  for (const r of requestsThen) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    const a = r.agency ?? OTHER_AGENCY;
    const row = byAgency.get(a) ?? {};
    row[r.status] = (row[r.status] ?? 0) + 1;
    byAgency.set(a, row);
  }

  // 4. The plan at the quarter's end and against the previous quarter's end.
  const nowStatuses = statusesOn(end);
  const prevStatuses = new Map(statusesOn(prevEnd).map((s) => [s.planKey, s.status]));
  const previousKeys = input.previousPlanKeys ? new Set(input.previousPlanKeys) : null;
  const inPreviousPlan = (key: string) => previousKeys === null || previousKeys.has(key);
  const itemByKey = new Map(input.planItems.map((p) => [p.planKey, p]));
  const noteByKey = new Map(input.delayNotes.map((n) => [n.planKey, n]));
  const items: QuarterlyItem[] = nowStatuses.map((s) => {
    const p = itemByKey.get(s.planKey)!;
    return {
      planKey: s.planKey,
      seq: p.seq,
      title: p.title,
      unit: p.unit,
      dueDate: p.dueDate,
      status: s.status,
      previousStatus: inPreviousPlan(s.planKey) ? (prevStatuses.get(s.planKey) ?? null) : null,
      datasetId: s.status === 'needs_review' ? null : s.datasetId,
      publishedDate: s.publishedDate,
    };
  });
  const overdue = nowStatuses
    .filter((s) => s.status === 'overdue' && s.dueDate !== null && s.overdueDays !== null)
    .map((s) => {
      const p = itemByKey.get(s.planKey)!;
      const note = noteByKey.get(s.planKey);
      return {
        planKey: s.planKey,
        seq: p.seq,
        title: p.title,
        unit: p.unit,
        dueDate: s.dueDate!,
        overdueDays: s.overdueDays!,
        reason: note?.reason ?? null,
        expectedDate: note?.expectedDate ?? null,
      };
    })
    .sort((a, b) => b.overdueDays - a.overdueDays || a.planKey.localeCompare(b.planKey));

  // 5. Trend: every quarter's end since the quarter of the plan's first due date.
  const dues = input.planItems.map((p) => p.dueDate).filter((d): d is string => d !== null);
  const firstDue = dues.length > 0 ? quarterOf(dues.reduce((a, b) => (a < b ? a : b))) : q;
  const trendQuarters = quartersBetween(compareQuarters(firstDue, q) <= 0 ? firstDue : q, q);
  const trend = trendQuarters.map((x) => ({
    quarter: quarterName(x),
    byStatus: countStatuses(statusesOn(quarterEnd(x))),
  }));
  const datasetTrend = trendQuarters.map((x) => {
    const by = perAgency(quarterEnd(x));
    return { quarter: quarterName(x), byAgency: by, total: Object.values(by).reduce((a, b) => a + b, 0) };
  });

  const agencies = [
    ...family.filter((a) => agencySet.has(a)),
    ...[...agencySet].filter((a) => !family.includes(a)).sort(),
  ];
  const requestStatuses = Object.keys(byStatus).sort();
  return {
    json: {
      schemaVersion: 1,
      quarter: quarterName(q),
      rocQuarter: rocQuarterName(q),
      periodStart: start,
      periodEnd: end,
      generatedAt: input.generatedAt.toISOString(),
      platform: {
        total: listedEnd.length,
        byAgency: agencies
          .filter((a) => (nowByAgency[a] ?? 0) + (addedBy[a] ?? 0) + (delistedBy[a] ?? 0) > 0)
          .map((a) => ({
            agency: a,
            datasets: nowByAgency[a] ?? 0,
            added: addedBy[a] ?? 0,
            delisted: delistedBy[a] ?? 0,
            subUnits: [...(subUnits.get(a) ?? new Map<string, number>())]
              .map(([name, datasets]) => ({ name, datasets }))
              .sort((x, y) => y.datasets - x.datasets || x.name.localeCompare(y.name)),
          })),
        previousTotal: listedOn(prevEnd).length,
      },
      feedback: {
        received,
        cumulative: present.length,
        answered: answered.length,
        unanswered: present.length - answered.length,
        medianReplyDays: median(replyDays),
        observedSince: firstSync,
      },
      requests: {
        received: requestsReceived,
        cumulative: requestsThen.length,
        byStatus,
        items: requestsThen,
      },
      plan: {
        planItems: input.planItems.length,
        byStatus: countStatuses(nowStatuses),
        changed: items
          .filter((i) => i.previousStatus !== i.status)
          .map((i) => ({ planKey: i.planKey, from: i.previousStatus, to: i.status })),
        overdue,
      },
      trend,
    },
    previousQuarter: quarterName(prev),
    agencies,
    previousByAgency,
    undatedDatasets: input.datasets.filter(
      (d) =>
        d.input.publishedDate === null &&
        (d.input.firstObserved === undefined ||
          delistingOn(d.events, d.platformDelistings, d.input.firstObserved).delistedDate !== null),
    ).length,
    feedback: {
      longestReplyDays: replyDays.length > 0 ? Math.max(...replyDays) : null,
      waiting,
    },
    requestsByAgency: [...byAgency]
      .map(([agency, s]) => ({ agency, byStatus: s, total: Object.values(s).reduce((a, b) => a + b, 0) }))
      .sort(
        (a, b) =>
          (family.indexOf(a.agency) + 1 || 999) - (family.indexOf(b.agency) + 1 || 999) ||
          a.agency.localeCompare(b.agency),
      ),
    requestStatuses,
    items,
    datasetTrend,
    observed: input.observed,
    planLabels: [...input.planLabels],
  };
}
