import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type JsonColumn<T = unknown> = ColumnType<T, string, string>;

/** One platform dataset of our publishers: its current state (see README "Catalogue"). */
export interface DatasetTable {
  dataset_id: string;
  title: string;
  /** nameKey(title): normalised for matching. */
  title_key: string;
  publisher_name: string;
  publisher_oid: string | null;
  identifier: string | null;
  /** Raw text, e.g. `每1月`, `不定期更新`. */
  update_frequency: string | null;
  /** 上架日期 / publishedDate as a Taipei calendar date `YYYY-MM-DD`. */
  published_date: string | null;
  published_at: NullableTimestamp;
  modified_at: NullableTimestamp;
  /** Volatile counters (front list): never create versions. */
  comment_count: number | null;
  view_count: number | null;
  download_count: number | null;
  counts_observed_at: NullableTimestamp;
  content_hash: string;
  current_version: number;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  delisted_at: NullableTimestamp;
  detail: ColumnType<unknown, string | null | undefined, string | null>;
  detail_status: 'ok' | 'not_found' | null;
  detail_fetched_at: NullableTimestamp;
  /** content_hash at the time the detail was fetched (detail is refetched when it differs). */
  detail_content_hash: string | null;
  first_run_id: number | null;
  last_run_id: number | null;
}

/**
 * A new row whenever a dataset's normalised content hash changes. `data` is the full parsed record
 * (all export columns, resources split); the bytes as received are in raw_archives.
 */
export interface DatasetVersionTable {
  id: Generated<number>;
  dataset_id: string;
  version_no: number;
  content_hash: string;
  data: JsonColumn;
  observed_at: Timestamp;
  run_id: number | null;
}

export type DatasetEvent = 'listed' | 'delisted' | 'relisted';
/** Evidence: absent from a complete full pass, 資料集下架 in a changed export, or the platform's unpublished list. */
export type DatasetEventSource = 'full_pass' | 'changed_export' | 'unpublished_list' | 'history_list';

/** Listing history: first appearance, delisting (full pass or 資料集下架) and relisting. */
export interface DatasetEventTable {
  id: Generated<number>;
  dataset_id: string;
  event: DatasetEvent;
  at: Timestamp;
  source: DatasetEventSource;
  run_id: number | null;
  /** Delistings: the last sighting before the dataset went missing (lower bound of its date). */
  last_seen_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/**
 * The platform's own delisting date (valid time: history list, a changed export's 資料集下架 row),
 * with when odsync learned it (knowledge time).
 */
export interface DatasetDelistingDateTable {
  id: Generated<number>;
  dataset_id: string;
  /** YYYY-MM-DD. */
  delisted_on: string;
  source: 'history_list' | 'changed_export';
  observed_at: Timestamp;
  run_id: number | null;
}

/** A dataset the platform lists as scheduled for delisting (預計下架), valid until cleared. */
export interface ScheduledDelistingTable {
  id: Generated<number>;
  dataset_id: string;
  /** The planned delisting day (YYYY-MM-DD) where the platform gives one. */
  scheduled_on: string | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  /** The first full pass whose list no longer named it. */
  cleared_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  run_id: number | null;
}

/** Records that failed validation, with the reason; the run goes on. */
export interface QuarantineTable {
  id: Generated<number>;
  run_id: number | null;
  /** e.g. `catalog-export`, `changed-export:2026-05-01`, `detail`, `front-list`, `comments`. */
  source: string;
  record_key: string | null;
  reason: string;
  raw: ColumnType<unknown, string | null, string | null>;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Raw responses archived per run (Brotli files under ODSYNC_DATA_DIR/archive/<runId>/). */
export interface RawArchiveTable {
  id: Generated<number>;
  run_id: number;
  source: string;
  path: string;
  bytes: number;
  sha256: string;
  created_at: Timestamp;
}

/** One row per catalogue run: what it read and whether it was a complete full pass. */
export interface CatalogPassTable {
  run_id: number;
  mode: 'full' | 'incremental';
  complete: boolean;
  export_rows: number;
  ours_rows: number;
  platform_count: number | null;
  report_dates: ColumnType<string[], string | undefined, string>;
  guard_reason: string | null;
  observed_at: Timestamp;
}

export type Dataset = Selectable<DatasetTable>;
export type NewDataset = Insertable<DatasetTable>;
export type DatasetVersion = Selectable<DatasetVersionTable>;
export type QuarantineRecord = Selectable<QuarantineTable>;
