/**
 * Plan columns and their header aliases. Columns are found by header name (any order); headers are
 * compared by `nameKey` (NFKC, no spaces or punctuation, lower-case), so `No.`, `ｓｅｑ` and
 * ` 序號 ` all match.
 */
import { nameKey } from '../text/index.js';
import type { RawCell } from './raw-table.js';

export type PlanField = 'seq' | 'title' | 'description' | 'planned' | 'unit';

export const PLAN_FIELDS: readonly PlanField[] = ['seq', 'title', 'description', 'planned', 'unit'];
export const REQUIRED_FIELDS: readonly PlanField[] = ['seq', 'title', 'planned', 'unit'];

/** The canonical (Traditional Chinese) header of each field, as in the advisory group's minutes. */
export const FIELD_HEADERS: Readonly<Record<PlanField, string>> = {
  seq: '序號',
  title: '資料集名稱',
  description: '資料集概述',
  planned: '預計開放年月',
  unit: '管理單位',
};

export const FIELD_ALIASES: Readonly<Record<PlanField, readonly string[]>> = {
  seq: ['序號', '項次', '編號', 'seq', 'no', 'no.', 'number', 'item'],
  title: ['資料集名稱', '名稱', '資料集', 'title', 'name', 'dataset', 'dataset name'],
  description: ['資料集概述', '概述', '資料集說明', '說明', 'description', 'summary', 'desc'],
  planned: [
    '預計開放年月',
    '預計開放日期',
    '預計開放時間',
    '開放年月',
    '預定開放年月',
    'planned',
    'planned date',
    'due',
    'due date',
  ],
  unit: ['管理單位', '業管單位', '權責單位', '單位', 'unit', 'owner', 'department'],
};

const ALIAS_INDEX: ReadonlyMap<string, PlanField> = new Map(
  PLAN_FIELDS.flatMap((f) => FIELD_ALIASES[f].map((a) => [nameKey(a), f] as const)),
);

export function fieldForHeader(header: string): PlanField | undefined {
  return ALIAS_INDEX.get(nameKey(header));
}

export interface HeaderMapping {
  /** Field → 0-based column index. */
  columns: Partial<Record<PlanField, number>>;
  /** Header text per column index, as written. */
  headers: string[];
  /** Columns whose header is not a plan field (ignored, reported as a warning). */
  unknown: number[];
  /** Fields named by more than one column (a problem). */
  duplicates: { field: PlanField; columns: number[] }[];
}

export function mapHeader(cells: readonly RawCell[]): HeaderMapping {
  const columns: Partial<Record<PlanField, number>> = {};
  const seen = new Map<PlanField, number[]>();
  const unknown: number[] = [];
  const headers = cells.map((c) => c.text.trim());
  headers.forEach((h, i) => {
    if (h === '') return;
    const field = fieldForHeader(h);
    if (!field) {
      unknown.push(i);
      return;
    }
    seen.set(field, [...(seen.get(field) ?? []), i]);
    columns[field] ??= i;
  });
  const duplicates = [...seen.entries()]
    .filter(([, cols]) => cols.length > 1)
    .map(([field, cols]) => ({ field, columns: cols }));
  return { columns, headers, unknown, duplicates };
}

/** A row is a header when at least two of its cells name plan fields (title rows above do not). */
export function looksLikeHeader(cells: readonly RawCell[]): boolean {
  return Object.keys(mapHeader(cells).columns).length >= 2;
}

/** Spreadsheet column letter for a 0-based index (0 → A, 26 → AA). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
