import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type JsonColumn<T> = ColumnType<T, string | undefined, string>;

export type PlanFileFormat = 'tsv' | 'csv' | 'xlsx' | 'ods' | 'minutes';
export type PlanDuePrecision = 'day' | 'month' | 'quarter' | 'half' | 'year';
export type PlanChangeKind =
  'added' | 'removed' | 'renamed' | 'due_moved' | 'description_changed' | 'unit_changed';

/** One imported plan file: a version of the plan named by `label` (e.g. `104-1`). */
export interface PlanVersionTable {
  id: Generated<number>;
  label: string;
  file_name: string;
  /** sha256 of the file bytes, hex. */
  checksum: string;
  format: PlanFileFormat;
  /** Text formats: utf8, utf8-bom or big5; null for spreadsheets. */
  encoding: string | null;
  imported_at: Timestamp;
  item_count: number;
  /** Warnings of the import (unknown units, formulas stored as text …): [{row, column, message}]. */
  warnings: JsonColumn<{ row?: number; column?: string; message: string }[]>;
  /** The `runs` row of the import, when it ran as a job. */
  run_id: number | null;
  /** The day the version takes effect (YYYY-MM-DD); null = the day it was imported. */
  effective_date: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The items of one plan version as imported (the version in force on a day is read from here). */
export interface PlanVersionItemTable {
  version_id: number;
  plan_key: string;
  seq: number;
  title: string;
  description: string;
  unit: string;
  agency: string | null;
  planned_raw: string;
  due_date: string;
}

/**
 * Current state of every plan item ever imported, keyed by `plan_key` (`${label}#${seq}`).
 * Removed items keep their row with `removed_at` set. Read by reconciliation.
 */
export interface PlanItemTable {
  plan_key: string;
  label: string;
  seq: number;
  title: string;
  description: string;
  /** 管理單位 as written in the plan. */
  unit: string;
  /** Publishing agency from the unit table; null when the unit is unknown. */
  agency: string | null;
  /** 預計開放年月 as written (`104年8月`). */
  planned_raw: string;
  /** Last day of the planned period, `YYYY-MM-DD`. */
  due_date: string;
  due_precision: PlanDuePrecision;
  /** Fields whose cell was a spreadsheet formula, stored as text: ['title', …]. */
  formula_fields: JsonColumn<string[]>;
  /** Row of the item in the file of `version_id`. */
  source_row: number | null;
  /** The latest version of this label that contained the item (or that removed it). */
  version_id: number;
  first_version_id: number;
  removed_at: NullableTimestamp;
  updated_at: Timestamp;
}

/** What one version changed, per item: "due date moved from 104年8月 to 105年1月". */
export interface PlanChangeTable {
  id: Generated<number>;
  version_id: number;
  plan_key: string;
  kind: PlanChangeKind;
  /** Title (added/removed/renamed), planned_raw (due_moved), description or unit before … */
  old_value: string | null;
  /** … and after. */
  new_value: string | null;
}

export type PlanVersion = Selectable<PlanVersionTable>;
export type NewPlanVersion = Insertable<PlanVersionTable>;
export type PlanItem = Selectable<PlanItemTable>;
export type NewPlanItem = Insertable<PlanItemTable>;
export type PlanItemUpdate = Updateable<PlanItemTable>;
export type PlanChange = Selectable<PlanChangeTable>;
export type NewPlanChange = Insertable<PlanChangeTable>;
