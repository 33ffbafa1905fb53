import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type JsonColumn<T> = ColumnType<T, string, string>;

/** Cache of agency name → front-end agency_tid (resolved through options-list). */
export interface FeedbackAgencyTidTable {
  agency_name: string;
  agency_tid: number;
  resolved_at: Timestamp;
}

/** Per dataset: the last comment_quantity seen on the list route and the one last fetched. */
export interface FeedbackDatasetTable {
  dataset_id: string;
  title: string | null;
  agency_name: string | null;
  agency_tid: number | null;
  comment_quantity: number;
  quantity_seen_at: Timestamp;
  fetched_quantity: number | null;
  fetched_at: NullableTimestamp;
}

/** A citizen's top-level comment (我有話要說) on one of our datasets. */
export interface DatasetCommentTable {
  comment_id: string;
  dataset_id: string;
  title: string | null;
  body_html: string | null;
  body_text: string;
  reply_count: number;
  /** An agency reply exists. */
  answered: boolean;
  /** When odsync first saw a reply; recorded once. */
  answered_seen_at: NullableTimestamp;
  /** The platform gives no post date; null unless another source provides one. */
  posted_at: NullableTimestamp;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  removed_seen_at: NullableTimestamp;
  content_hash: string;
  raw: JsonColumn<unknown>;
}

export interface DatasetCommentReplyTable {
  comment_id: string;
  position: number;
  title: string | null;
  body_html: string | null;
  body_text: string;
  first_seen_at: Timestamp;
  raw: JsonColumn<unknown>;
}

export interface DatasetCommentHistoryTable {
  id: Generated<number>;
  comment_id: string;
  seen_at: Timestamp;
  run_id: number | null;
  kind: 'created' | 'updated' | 'removed' | 'reappeared';
  changed_fields: JsonColumn<string[]>;
  previous: JsonColumn<Record<string, unknown> | null>;
}

export type DatasetComment = Selectable<DatasetCommentTable>;
export type NewDatasetComment = Insertable<DatasetCommentTable>;
