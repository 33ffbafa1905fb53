/**
 * One reconciliation: plan items × datasets (as of a date) → matches with evidence, statuses,
 * discrepancies and request links. Pure: the caller loads the inputs and stores the result.
 */
import {
  DEFAULT_DISCREPANCY_OPTIONS,
  computeDiscrepancies,
  type DiscrepancyOptions,
} from './compute-discrepancies.js';
import { computeStatuses } from './compute-statuses.js';
import { isIsoDate } from './dates.js';
import { linkRequests } from './link-requests.js';
import type { MatchOptions } from './match-options.js';
import { createMatcher, matchPlanItems } from './match-plan-items.js';
import {
  ITEM_STATUSES,
  type CommentInput,
  type DatasetInput,
  type DelayNoteInput,
  type Discrepancy,
  type DiscrepancyKind,
  type ItemMatch,
  type ItemStatus,
  type ItemStatusKind,
  type MatchDecisionInput,
  type PlanItemInput,
  type RequestInput,
  type RequestLink,
} from './types.js';

export interface ReconcileInput {
  /** 'YYYY-MM-DD': statuses and discrepancies are computed as of this day. */
  asOf: string;
  planItems: readonly PlanItemInput[];
  /** Our datasets (latest known state), including delisted ones. */
  datasets: readonly DatasetInput[];
  decisions?: readonly MatchDecisionInput[];
  comments?: readonly CommentInput[];
  requests?: readonly RequestInput[];
  /** The units' reasons for delay and expected dates (latest per plan item). */
  delayNotes?: readonly DelayNoteInput[];
}

export interface ReconcileOptions {
  match?: Partial<MatchOptions>;
  discrepancies?: Partial<DiscrepancyOptions>;
}

export interface ReconcileResult {
  asOf: string;
  matches: ItemMatch[];
  statuses: ItemStatus[];
  discrepancies: Discrepancy[];
  requestLinks: RequestLink[];
  summary: {
    planItems: number;
    datasets: number;
    byStatus: Record<ItemStatusKind, number>;
    byDiscrepancy: Partial<Record<DiscrepancyKind, number>>;
  };
}

export function reconcile(input: ReconcileInput, options: ReconcileOptions = {}): ReconcileResult {
  const { asOf } = input;
  if (!isIsoDate(asOf)) throw new RangeError(`as-of must be a YYYY-MM-DD date, got ${JSON.stringify(asOf)}`);
  const datasets = datasetsAsOf(input.datasets, asOf);
  const matcher = createMatcher(datasets, options.match);
  const matches = matchPlanItems(input.planItems, matcher, input.decisions ?? []);
  const statuses = computeStatuses(
    input.planItems,
    matches,
    new Map(datasets.map((d) => [d.datasetId, d])),
    asOf,
  );
  const comments = (input.comments ?? [])
    .filter((c) => c.firstSeenDate <= asOf)
    .map((c) =>
      c.agencyReplyDate !== null && c.agencyReplyDate > asOf ? { ...c, agencyReplyDate: null } : c,
    );
  const requests = (input.requests ?? [])
    .filter((r) => r.firstSeenDate <= asOf)
    .map((r) => (r.replyDate !== null && r.replyDate > asOf ? { ...r, replyDate: null } : r));
  const requestLinks = linkRequests(requests, input.planItems, matcher);
  const discrepancies = computeDiscrepancies(
    {
      asOf,
      items: input.planItems,
      matches,
      statuses,
      datasets,
      comments,
      requests,
      requestLinks,
      delayNotes: input.delayNotes ?? [],
    },
    { ...DEFAULT_DISCREPANCY_OPTIONS, ...options.discrepancies },
  );
  const byStatus = Object.fromEntries(ITEM_STATUSES.map((s) => [s, 0])) as Record<ItemStatusKind, number>;
  for (const s of statuses) byStatus[s.status]++;
  const byDiscrepancy: Partial<Record<DiscrepancyKind, number>> = {};
  for (const d of discrepancies) byDiscrepancy[d.kind] = (byDiscrepancy[d.kind] ?? 0) + 1;
  return {
    asOf,
    matches,
    statuses,
    discrepancies,
    requestLinks,
    summary: { planItems: input.planItems.length, datasets: datasets.length, byStatus, byDiscrepancy },
  };
}

/**
 * The platform as it was on `asOf`: datasets first published later did not exist yet, and a
 * delisting after `asOf` had not happened yet.
 */
export function datasetsAsOf(datasets: readonly DatasetInput[], asOf: string): DatasetInput[] {
  const out: DatasetInput[] = [];
  for (const d of datasets) {
    if (d.publishedDate !== null && d.publishedDate > asOf) continue;
    out.push(d.delistedDate !== null && d.delistedDate > asOf ? { ...d, delistedDate: null } : d);
  }
  return out;
}
