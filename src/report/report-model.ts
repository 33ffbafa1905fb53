/**
 * The report model: the public report.json contract plus the sections the HTML, spreadsheets and
 * Markdown need. `buildReportModel` is pure: the loader (or a test) supplies plain data.
 */
import {
  PLAN_ITEM_STATUSES,
  type DiscrepancyKind,
  type PlanItemStatus,
  type Report,
  type ReportDiscrepancy,
  type ReportItem,
  type ReportPlan,
} from '../../schemas/report.js';

/** A dataset the matcher proposed for a needs-review item. */
export interface ReportCandidate {
  datasetId: string;
  title: string;
  publisher: string | null;
  publishedDate: string | null;
  score: number | null;
}

/** A discrepancy row with its life cycle (first_seen / last_seen / resolved_at as dates). */
export interface DiscrepancyRecord {
  id: string;
  kind: DiscrepancyKind;
  planKey: string | null;
  datasetId: string | null;
  firstSeen: string;
  lastSeen: string | null;
  resolvedAt: string | null;
  detail: string;
}

/** A citizen comment on one of our datasets without an agency reply. */
export interface WaitingComment {
  commentId: string;
  datasetId: string;
  datasetTitle: string | null;
  author: string | null;
  body: string;
  /** The platform gives no post date: this is when odsync first saw the comment. */
  firstSeen: string;
  waitingDays: number;
  planKey: string | null;
}

/** A citizen dataset request routed to our publishers that has no reply yet. */
export interface WaitingRequest {
  requestId: string;
  title: string;
  agency: string | null;
  status: string;
  submittedOn: string | null;
  waitingDays: number | null;
  planKey: string | null;
  datasetId: string | null;
}

/** Everything the model is built from; plain data, no database. */
export interface ReportInput {
  asOf: string;
  generatedAt: Date;
  runId: string;
  publishers: string[];
  plans: ReportPlan[];
  platformDatasets: number;
  /** The reconciliation run the statuses come from (null when recomputed in memory). */
  reconcileRunId: string | null;
  items: ReportItem[];
  /** Candidates per planKey for needs_review items. */
  candidates: Record<string, ReportCandidate[]>;
  /** Discrepancies known on the as-of date, open and resolved. */
  discrepancies: DiscrepancyRecord[];
  comments: WaitingComment[];
  requests: WaitingRequest[];
  /** The previous report (for "new" and "resolved since"), null for the first one. */
  previous: { runId: string; asOf: string } | null;
  /** Caveats shown under the scope line (stale inputs, disagreement with the stored run). */
  notes?: string[];
  /** The as-of day precedes everything odsync knows: the reason (the command exits 3). */
  empty?: string;
  /** Our datasets listed on the day by publisher, with the member each rolls up into. */
  listedByPublisher?: ReadonlyArray<{ publisher: string; agency: string | null; datasets: number }>;
}

/** One member of the family with its listed datasets, its sub-units beneath it. */
export interface AgencySummary {
  agency: string;
  /** Every listed dataset of the agency, its sub-units' included. */
  datasets: number;
  subUnits: Array<{ name: string; datasets: number }>;
}

export const AGEING_BUCKETS = [
  { key: 'd1_30', min: 1, max: 30 },
  { key: 'd31_90', min: 31, max: 90 },
  { key: 'd91_180', min: 91, max: 180 },
  { key: 'd181_365', min: 181, max: 365 },
  { key: 'd366_plus', min: 366, max: Number.POSITIVE_INFINITY },
] as const;
export type AgeingBucket = (typeof AGEING_BUCKETS)[number]['key'];

export interface OverdueEntry {
  item: ReportItem;
  bucket: AgeingBucket;
}

export interface NeedsReviewEntry {
  item: ReportItem;
  candidates: ReportCandidate[];
}

export interface UnitSummary {
  unit: string;
  total: number;
  byStatus: Record<PlanItemStatus, number>;
}

export interface ReportModel {
  report: Report;
  reconcileRunId: string | null;
  previous: { runId: string; asOf: string } | null;
  notes: string[];
  unitSummary: UnitSummary[];
  /** Listed datasets by agency, sub-units rolled up (largest first). */
  agencySummary: AgencySummary[];
  overdue: OverdueEntry[];
  ageing: Record<AgeingBucket, number>;
  late: ReportItem[];
  missing: ReportItem[];
  needsReview: NeedsReviewEntry[];
  /** Open discrepancies first seen after the previous report (all open ones for the first report). */
  newSincePrevious: ReportDiscrepancy[];
  /** Discrepancies resolved after the previous report, on or before the as-of date. */
  resolvedSincePrevious: DiscrepancyRecord[];
  comments: WaitingComment[];
  requests: WaitingRequest[];
}

/**
 * What a discrepancy is about, for headline counts that mean one thing: the plan (what the
 * advisory group follows), catalogue upkeep (datasets not updated or outside the plan), or
 * citizens waiting for an answer.
 */
export type DiscrepancyGroup = 'plan' | 'upkeep' | 'citizen';

export const DISCREPANCY_GROUP: Readonly<Record<DiscrepancyKind, DiscrepancyGroup>> = {
  overdue: 'plan',
  published_late: 'plan',
  missing: 'plan',
  needs_review: 'plan',
  expected_date_passed: 'plan',
  delisting_scheduled: 'plan',
  unplanned: 'upkeep',
  stale: 'upkeep',
  unanswered_feedback: 'citizen',
  open_request: 'citizen',
};

/** Open discrepancies per group. */
export function discrepancyGroups(
  discrepancies: readonly { kind: DiscrepancyKind }[],
): Record<DiscrepancyGroup, number> {
  const out: Record<DiscrepancyGroup, number> = { plan: 0, upkeep: 0, citizen: 0 };
  for (const d of discrepancies) out[DISCREPANCY_GROUP[d.kind]] += 1;
  return out;
}

/** Unit label for items whose plan names no unit. */
export const NO_UNIT = '—';

export function emptyStatusCounts(): Record<PlanItemStatus, number> {
  return Object.fromEntries(PLAN_ITEM_STATUSES.map((s) => [s, 0])) as Record<PlanItemStatus, number>;
}

export function ageingBucket(days: number): AgeingBucket {
  for (const b of AGEING_BUCKETS) if (days >= b.min && days <= b.max) return b.key;
  return 'd1_30';
}

const compareStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
// Natural order so `104-1#2` sorts before `104-1#10`; locale-independent ("en" collation of ASCII digits).
const natural = new Intl.Collator('en', { numeric: true });
const byPlanOrder = (a: ReportItem, b: ReportItem) => natural.compare(a.planKey, b.planKey) || a.seq - b.seq;

/** Build the model (pure, deterministic: every list has a stable order). */
export function buildReportModel(input: ReportInput): ReportModel {
  const items = [...input.items].sort(byPlanOrder);
  const byStatus = emptyStatusCounts();
  for (const i of items) byStatus[i.status] += 1;

  const open = input.discrepancies.filter(
    (d) => d.firstSeen <= input.asOf && (d.resolvedAt === null || d.resolvedAt > input.asOf),
  );
  const discrepancies: ReportDiscrepancy[] = open
    .map((d) => ({
      id: d.id,
      kind: d.kind,
      planKey: d.planKey,
      datasetId: d.datasetId,
      firstSeen: d.firstSeen,
      detail: d.detail,
    }))
    .sort(
      (a, b) => compareStr(a.kind, b.kind) || compareStr(a.firstSeen, b.firstSeen) || compareStr(a.id, b.id),
    );

  const report: Report = {
    schemaVersion: 1,
    asOf: input.asOf,
    generatedAt: input.generatedAt.toISOString(),
    runId: input.runId,
    scope: {
      publishers: [...input.publishers],
      plans: [...input.plans],
      platformDatasets: input.platformDatasets,
    },
    summary: { planItems: items.length, byStatus },
    items,
    discrepancies,
    ...(input.notes && input.notes.length > 0 ? { notes: [...input.notes] } : {}),
  };

  const units = new Map<string, UnitSummary>();
  for (const i of items) {
    const unit = i.unit ?? NO_UNIT;
    let u = units.get(unit);
    if (!u) units.set(unit, (u = { unit, total: 0, byStatus: emptyStatusCounts() }));
    u.total += 1;
    u.byStatus[i.status] += 1;
  }
  const unitSummary = [...units.values()].sort((a, b) => b.total - a.total || compareStr(a.unit, b.unit));

  const agencies = new Map<string, AgencySummary>();
  for (const p of input.listedByPublisher ?? []) {
    const name = p.agency ?? p.publisher;
    let a = agencies.get(name);
    if (!a) agencies.set(name, (a = { agency: name, datasets: 0, subUnits: [] }));
    a.datasets += p.datasets;
    if (p.publisher !== name) {
      const s = a.subUnits.find((x) => x.name === p.publisher);
      if (s) s.datasets += p.datasets;
      else a.subUnits.push({ name: p.publisher, datasets: p.datasets });
    }
  }
  const agencySummary = [...agencies.values()]
    .map((a) => ({
      ...a,
      subUnits: a.subUnits.sort((x, y) => y.datasets - x.datasets || compareStr(x.name, y.name)),
    }))
    .sort((a, b) => b.datasets - a.datasets || compareStr(a.agency, b.agency));

  const overdue = items
    .filter((i) => i.status === 'overdue')
    .sort((a, b) => (b.overdueDays ?? 0) - (a.overdueDays ?? 0) || byPlanOrder(a, b))
    .map((item) => ({ item, bucket: ageingBucket(item.overdueDays ?? 0) }));
  const ageing = Object.fromEntries(AGEING_BUCKETS.map((b) => [b.key, 0])) as Record<AgeingBucket, number>;
  for (const o of overdue) ageing[o.bucket] += 1;

  const since = input.previous?.asOf ?? null;
  const newSincePrevious = discrepancies.filter((d) => since === null || d.firstSeen > since);
  const resolvedSincePrevious = input.discrepancies
    .filter(
      (d) =>
        d.resolvedAt !== null &&
        d.resolvedAt <= input.asOf &&
        (since === null ? d.resolvedAt === input.asOf : d.resolvedAt > since),
    )
    .sort((a, b) => compareStr(b.resolvedAt ?? '', a.resolvedAt ?? '') || compareStr(a.id, b.id));

  return {
    report,
    reconcileRunId: input.reconcileRunId,
    previous: input.previous,
    notes: [...(input.notes ?? [])],
    unitSummary,
    agencySummary,
    overdue,
    ageing,
    late: items
      .filter((i) => i.status === 'published_late')
      .sort((a, b) => (b.lagDays ?? 0) - (a.lagDays ?? 0) || byPlanOrder(a, b)),
    missing: items.filter((i) => i.status === 'missing'),
    needsReview: items
      .filter((i) => i.status === 'needs_review')
      .map((item) => ({
        item,
        candidates: [...(input.candidates[item.planKey] ?? [])].sort(
          (a, b) => (b.score ?? -1) - (a.score ?? -1) || compareStr(a.datasetId, b.datasetId),
        ),
      })),
    newSincePrevious,
    resolvedSincePrevious,
    comments: [...input.comments].sort(
      (a, b) => b.waitingDays - a.waitingDays || compareStr(a.commentId, b.commentId),
    ),
    requests: [...input.requests].sort(
      (a, b) => (b.waitingDays ?? -1) - (a.waitingDays ?? -1) || compareStr(a.requestId, b.requestId),
    ),
  };
}
