import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'partial';
export type Json = ColumnType<unknown, string, string>;

/** The run journal: one row per job run (nightly stages have the nightly run as parent). */
export interface RunTable {
  id: Generated<number>;
  job: string;
  parent_id: number | null;
  status: RunStatus;
  started_at: ColumnType<Date, Date | string | undefined, Date | string>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  heartbeat_at: ColumnType<Date, Date | string | undefined, Date | string>;
  counters: ColumnType<Record<string, unknown>, string | undefined, string>;
  args: ColumnType<Record<string, unknown>, string | undefined, string>;
  error: string | null;
  pid: number | null;
  hostname: string | null;
}

export type Run = Selectable<RunTable>;
export type NewRun = Insertable<RunTable>;
export type RunUpdate = Updateable<RunTable>;
