import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type JsonColumn<T> = ColumnType<T, string | undefined, string>;

/** Where a later answer disagreed with an earlier one from another file (the later one wins). */
export interface ReviewConflict {
  /** File name of the earlier answer. */
  file: string;
  /** Which answers disagreed: confirm, reject, reason, expectedDate. */
  fields: string[];
}

/**
 * A unit's answer about one plan item, from one row of a review workbook. Append-only: the latest
 * row per plan item is its current reason and expected date; older rows are the history.
 */
export interface PlanItemReviewTable {
  id: Generated<number>;
  plan_key: string;
  reason: string | null;
  /** 預計上架日期 the unit now expects. */
  expected_date: string | null;
  remark: string | null;
  /** What this row confirmed / rejected (the decisions themselves are in match_decisions). */
  confirm_dataset_id: string | null;
  reject_dataset_ids: JsonColumn<string[]>;
  reviewed_by: string;
  source_file: string;
  source_sha256: string;
  source_sheet: string;
  source_row: number;
  run_id: number | null;
  recorded_at: Timestamp;
  conflict: ColumnType<ReviewConflict | null, string | null | undefined, string | null>;
}

export type PlanItemReview = Selectable<PlanItemReviewTable>;
export type NewPlanItemReview = Insertable<PlanItemReviewTable>;
