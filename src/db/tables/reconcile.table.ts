import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type JsonColumn<T> = ColumnType<T, string, string>;

export type MatchDecisionKind = 'confirm' | 'reject';

/** A person's decision on one plan item ↔ dataset pair. Append-only: the latest per pair wins. */
export interface MatchDecisionTable {
  id: Generated<number>;
  plan_key: string;
  dataset_id: string;
  decision: MatchDecisionKind;
  decided_by: string;
  decided_at: Timestamp;
  note: string | null;
}

/** One reconciliation run: its as-of date, options and summary. */
export interface ReconcileRunTable {
  run_id: number;
  as_of: string;
  /** True when this run advanced the discrepancy life cycle (its as-of was the latest so far). */
  updated_lifecycle: boolean;
  options: JsonColumn<Record<string, unknown>>;
  summary: JsonColumn<Record<string, unknown>>;
  created_at: Timestamp;
}

/** The matcher's outcome per plan item and run, with its evidence. */
export interface ReconcileMatchTable {
  run_id: number;
  plan_key: string;
  outcome: 'matched' | 'needs_review' | 'none';
  method: 'auto' | 'manual' | null;
  dataset_id: string | null;
  score: number | null;
  reason: string;
  evidence: JsonColumn<Record<string, unknown>>;
}

/** The status of every plan item as of the run's date. */
export interface ReconcileItemStatusTable {
  run_id: number;
  plan_key: string;
  as_of: string;
  status: 'published_on_time' | 'published_late' | 'overdue' | 'pending' | 'missing' | 'needs_review';
  dataset_id: string | null;
  published_date: string | null;
  due_date: string | null;
  lag_days: number | null;
  overdue_days: number | null;
  method: 'auto' | 'manual' | null;
  score: number | null;
}

/** Discrepancy life cycle: one row per stable id (dates are as-of dates of the runs). */
export interface DiscrepancyTable {
  id: string;
  kind: string;
  plan_key: string | null;
  dataset_id: string | null;
  detail: JsonColumn<Record<string, unknown>>;
  first_seen: string;
  last_seen: string;
  resolved_at: string | null;
  first_run_id: number;
  resolved_run_id: number | null;
}

/** Which discrepancies each run found (history for `--as-of` and "new since the last run"). */
export interface ReconcileRunDiscrepancyTable {
  run_id: number;
  discrepancy_id: string;
  kind: string;
  plan_key: string | null;
  dataset_id: string | null;
  detail: JsonColumn<Record<string, unknown>>;
}

/** Citizen requests linked to plan items and datasets by the matcher, per run. */
export interface ReconcileRequestLinkTable {
  run_id: number;
  request_id: string;
  target: 'plan_item' | 'dataset';
  plan_key: string | null;
  dataset_id: string | null;
  score: number;
  confidence: 'high' | 'review';
  evidence: JsonColumn<Record<string, unknown>>;
}

export type MatchDecision = Selectable<MatchDecisionTable>;
export type NewMatchDecision = Insertable<MatchDecisionTable>;
export type Discrepancy = Selectable<DiscrepancyTable>;
export type ReconcileItemStatus = Selectable<ReconcileItemStatusTable>;
export type ReconcileMatch = Selectable<ReconcileMatchTable>;
