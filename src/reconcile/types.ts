/**
 * Plain data in and out of the reconciliation core. Dates are 'YYYY-MM-DD' strings (calendar days in
 * the platform's time zone); nothing here knows about databases, HTTP or clocks.
 */

/** One row of the release plan (one plan version's item). */
export interface PlanItemInput {
  /** Stable key of the item across plan versions (e.g. `mol-104-1#5`). */
  planKey: string;
  /** Row number in the plan (序號), when it has one. */
  seq: number | null;
  title: string;
  /** 資料集概述: secondary evidence, weighted low. */
  description: string | null;
  /** 管理單位 as written in the plan. */
  unit: string | null;
  /** Publishing agency the unit maps to (e.g. 勞動部勞動力發展署); null = unknown, not a mismatch. */
  agency: string | null;
  /** Due date derived from 預計開放年月; null = no usable date. */
  dueDate: string | null;
  /** The day the plan holding this item was adopted (its effective date), when known. */
  adoptedDate?: string | null;
}

/** One platform dataset as known to odsync (its latest state up to the as-of date). */
export interface DatasetInput {
  datasetId: string;
  title: string;
  description: string | null;
  publisherName: string | null;
  /** The family member the publisher rolls up into (a sub-unit's agency; resolved by the loader). */
  agencyName?: string | null;
  /** 更新頻率 as published, e.g. 每1月 or 不定期更新. */
  updateFrequency: string | null;
  /** 上架日期: the platform's first publication (not a later metadata change). */
  publishedDate: string | null;
  /** 主要欄位說明: the dataset's field names. */
  fields?: readonly string[];
  /** 提供機關聯絡人: often names the unit (e.g. 統計處 王小姐). */
  contactName?: string | null;
  /** Last known update of the dataset (詮釋資料更新時間 or a data date), for staleness. */
  modifiedDate: string | null;
  /** Date the dataset was delisted or vanished from the platform; null = listed. */
  delistedDate: string | null;
  /** The delisting's day is only bounded (no platform date): last seen listed, first missed. */
  delistedBound?: { lastSeen: string | null; firstMissed: string } | null;
  /** Listed but scheduled for delisting on the day (預計下架), with the planned day where given. */
  scheduledDelisting?: { scheduledOn: string | null } | null;
  /** The day odsync first observed the dataset (its state before that is the earliest version). */
  firstObserved?: string;
}

/** A person's decision about one plan item ↔ dataset pair. Later entries win over earlier ones. */
export interface MatchDecisionInput {
  planKey: string;
  datasetId: string;
  decision: 'confirm' | 'reject';
}

/** A unit's latest answer about a late plan item: why, and when it now expects to publish. */
export interface DelayNoteInput {
  planKey: string;
  /** 延遲原因 as the unit wrote it. */
  reason: string | null;
  /** 預計上架日期 `YYYY-MM-DD`, or null. */
  expectedDate: string | null;
  /** The earlier file this answer contradicted (shown in reports; the core ignores it). */
  conflictWith?: string | null;
}

/** A citizen comment (我有話要說) on a dataset. */
export interface CommentInput {
  commentId: string;
  datasetId: string;
  /** When odsync first saw the comment (or its own date when the platform gives one). */
  firstSeenDate: string;
  /** Date of the agency's first reply; null = no reply yet. */
  agencyReplyDate: string | null;
}

/** A citizen dataset request (我想要更多). */
export interface RequestInput {
  requestId: string;
  title: string;
  description: string | null;
  firstSeenDate: string;
  /** Date the agency replied (status left 未回復); null = still unanswered. */
  replyDate: string | null;
}

export type AgencyGate = 'same' | 'unknown' | 'different';

/** Score components of one plan item ↔ dataset pair: everything needed to explain the score. */
export interface ScoreComponents {
  /** Dice coefficient of the normalised titles' bigram sets. */
  titleDice: number;
  /** 0.75 · shared/plan-title bigrams + 0.25 · shared/dataset-title bigrams (extra words tolerated). */
  titleCoverage: number;
  /** Dice of the titles only lightly normalised (keeps suffixes: tells 資料檔 from its absence). */
  rawDice: number;
  /**
   * Share of the plan's 資料集概述 bigrams (its title's when it has none) found in the dataset's
   * title, description and 主要欄位說明; null when neither side has a description.
   */
  description: number | null;
  /** The plan's 資料集概述 read as a title against the dataset title; null without a summary. */
  summaryTitle?: number | null;
  /** The dataset title spells out the whole plan title, words inserted (at most three pieces). */
  spelledOut?: boolean;
  /** 1: the plan's 管理單位 is named by the dataset's publisher or contact; 0: not; null: unknown. */
  unit?: number | null;
  /** Publication time for the plan's window (1 inside, towards 0 for years before); null: unknown. */
  timing?: number | null;
  /** Publisher gate: a `different` agency is never an automatic match. */
  agency: AgencyGate;
}

export interface ScoredCandidate {
  datasetId: string;
  title: string;
  normalizedTitle: string;
  publisherName: string | null;
  score: number;
  components: ScoreComponents;
  delisted: boolean;
  /** The plan item that holds this dataset (automatic or confirmed), when not this one. */
  takenBy: string | null;
}

export type MatchOutcome = 'matched' | 'needs_review' | 'none';

/** Why a plan item got its outcome, in terms a person can check. */
export interface MatchEvidence {
  itemTitle: string;
  normalizedItemTitle: string;
  /** The chosen (or, for needs_review, the best) candidate. */
  chosen: ScoredCandidate | null;
  /** Best other candidate of this item and its score. */
  runnerUp: ScoredCandidate | null;
  /** Candidates worth showing to a person (score ≥ evidence floor), best first, at most 5. */
  candidates: ScoredCandidate[];
  /** Machine-readable reason code, e.g. `auto`, `below_high`, `ambiguous`, `agency_mismatch`, `group`. */
  reason: string;
  /**
   * One item published as several datasets of its agency (per fund, year or region): every one,
   * earliest publication first. Absent for a one-dataset match.
   */
  group?: string[];
  /**
   * 可能相符: for an item left without a match, its agency's datasets scoring at or above the
   * possible-match floor (below the low threshold), best first, so a person can catch a miss.
   */
  possible?: ScoredCandidate[];
  thresholds: { high: number; low: number };
}

export interface ItemMatch {
  planKey: string;
  outcome: MatchOutcome;
  method: 'auto' | 'manual' | null;
  /** Matched dataset (or the best candidate for needs_review); null for none. For a group: the earliest published. */
  datasetId: string | null;
  /** Every dataset of a group match (see MatchEvidence.group); absent for a one-dataset match. */
  datasetIds?: string[];
  score: number | null;
  evidence: MatchEvidence;
}

export type ItemStatusKind =
  'published_on_time' | 'published_late' | 'overdue' | 'pending' | 'missing' | 'needs_review';

export const ITEM_STATUSES: readonly ItemStatusKind[] = [
  'published_on_time',
  'published_late',
  'overdue',
  'pending',
  'missing',
  'needs_review',
];

export interface ItemStatus {
  planKey: string;
  status: ItemStatusKind;
  datasetId: string | null;
  publishedDate: string | null;
  dueDate: string | null;
  /** published − due in days, for every matched item (negative when early). */
  lagDays: number | null;
  /** as-of − due in days, for overdue items. */
  overdueDays: number | null;
  method: 'auto' | 'manual' | null;
  score: number | null;
}

export type DiscrepancyKind =
  | 'overdue'
  | 'published_late'
  | 'missing'
  | 'needs_review'
  | 'unplanned'
  | 'stale'
  | 'unanswered_feedback'
  | 'open_request'
  | 'expected_date_passed'
  | 'delisting_scheduled';

export interface Discrepancy {
  /** Stable across runs: derived from kind and the keys it is about. */
  id: string;
  kind: DiscrepancyKind;
  planKey: string | null;
  datasetId: string | null;
  detail: Record<string, unknown>;
}

export interface RequestLink {
  requestId: string;
  target: 'plan_item' | 'dataset';
  planKey: string | null;
  datasetId: string | null;
  score: number;
  /** `high` (≥ high threshold) or `review` (between the thresholds). */
  confidence: 'high' | 'review';
  evidence: {
    requestTitle: string;
    normalizedRequestTitle: string;
    targetTitle: string;
    normalizedTargetTitle: string;
    components: ScoreComponents;
  };
}
