import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type JsonColumn<T> = ColumnType<T, string, string>;

/** A citizen dataset request (我想要更多). Text is stored exactly as the source had it. */
export interface CitizenRequestTable {
  request_id: string;
  title: string;
  dataset_name: string | null;
  wanted_fields: string | null;
  reason: string | null;
  agencies_complete: ColumnType<boolean, boolean | undefined, boolean>;
  suggested_agencies: string | null;
  /** 已回復 / 未回復 / 再回復, or the Drupal-era 研議中. */
  status: string | null;
  dispatch_status: string | null;
  posted_at: NullableTimestamp;
  posted_at_raw: string | null;
  replied_at: NullableTimestamp;
  replied_at_raw: string | null;
  view_count: number | null;
  requester: string | null;
  requester_type: string | null;
  industry: string | null;
  /** Reply floors `[{html, text, kind}]`. */
  replies: JsonColumn<{ html: string; text: string; kind: 'platform-ack' | 'reply' }[]>;
  replies_text: string;
  ours: boolean;
  source: string;
  source_file: string | null;
  content_hash: string;
  first_seen_at: Timestamp;
  updated_at: Timestamp;
  /** When odsync first saw the request answered (已回復); recorded once. */
  answered_seen_at: NullableTimestamp;
  raw: JsonColumn<unknown>;
}

export interface CitizenRequestAgencyTable {
  request_id: string;
  position: number;
  agency: string;
  ours: boolean;
}

export interface CitizenRequestHistoryTable {
  id: Generated<number>;
  request_id: string;
  seen_at: Timestamp;
  run_id: number | null;
  kind: 'created' | 'updated';
  changed_fields: JsonColumn<string[]>;
  /** The stored values before this change (null for `created`). */
  previous: JsonColumn<Record<string, unknown> | null>;
  source: string;
}

export type CitizenRequest = Selectable<CitizenRequestTable>;
export type NewCitizenRequest = Insertable<CitizenRequestTable>;
export type CitizenRequestHistory = Selectable<CitizenRequestHistoryTable>;
