/**
 * Raw rows → validated plan items. All or nothing: every problem in the file (missing column,
 * duplicate 序號, unparseable date, …) is collected with its row and column and thrown together as
 * one FileInputError; nothing is returned unless the whole file is valid. Cell text is kept as
 * written (control characters included); formulas are kept as their text and never evaluated.
 * Pure: no I/O.
 */
import { FileInputError, type InputProblem } from '../errors.js';
import {
  FIELD_HEADERS,
  PLAN_FIELDS,
  REQUIRED_FIELDS,
  columnLetter,
  looksLikeHeader,
  mapHeader,
  type HeaderMapping,
  type PlanField,
} from './columns.js';
import type { RawCell, RawTable } from './raw-table.js';
import { parseRocDate, type DatePrecision } from './roc-date.js';
import type { AgencyResolver } from './unit-agency.js';

export interface PlanItemInput {
  seq: number;
  title: string;
  description: string;
  unit: string;
  /** Publishing agency from the unit table; null when the unit is unknown (a warning). */
  agency: string | null;
  plannedRaw: string;
  dueDate: string;
  precision: DatePrecision;
  /** Source row (line or sheet row). */
  row: number;
  /** Fields whose cell held a formula, stored as its text. */
  formulaFields: PlanField[];
}

export interface PlanWarning {
  row?: number;
  column?: string;
  message: string;
}

export interface BuiltPlan {
  items: PlanItemInput[];
  warnings: PlanWarning[];
}

export interface BuildPlanOptions {
  /** File name used in problem messages. */
  file?: string;
  resolveAgency: AgencyResolver;
}

// C0 controls except tab/newline/CR, DEL, and C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

const isSpreadsheet = (t: RawTable) => t.format === 'xlsx' || t.format === 'ods';

function sameHeader(a: readonly RawCell[], b: readonly RawCell[]): boolean {
  const norm = (cells: readonly RawCell[]) =>
    cells
      .map((c) => c.text.trim())
      .join('\t')
      .replace(/\t+$/, '');
  return norm(a) === norm(b);
}

export function buildPlan(table: RawTable, options: BuildPlanOptions): BuiltPlan {
  const file = options.file;
  const problems: InputProblem[] = [];
  const warnings: PlanWarning[] = [];
  const problem = (p: Omit<InputProblem, 'file'>) => problems.push(file === undefined ? p : { file, ...p });

  if (table.rows.length === 0) {
    problem({ message: '檔案是空的（沒有標題列也沒有資料）' });
    throw new FileInputError(problems);
  }
  // The header is the first row naming at least two plan columns; title rows above it are ignored.
  const headerIndex = table.rows.findIndex((r) => looksLikeHeader(r.cells));
  if (headerIndex < 0) {
    problem({
      row: table.rows[0]!.row,
      message: `找不到標題列：需要欄位 ${REQUIRED_FIELDS.map((f) => FIELD_HEADERS[f]).join('、')}`,
    });
    throw new FileInputError(problems);
  }
  const headerRow = table.rows[headerIndex]!;
  const mapping = mapHeader(headerRow.cells);
  const columnName = (index: number) => {
    const header = mapping.headers[index] || `第 ${index + 1} 欄`;
    return isSpreadsheet(table) ? `${header} (${columnLetter(index)})` : header;
  };
  const fieldColumn = (field: PlanField) => {
    const index = mapping.columns[field];
    return index === undefined ? FIELD_HEADERS[field] : columnName(index);
  };

  for (const field of REQUIRED_FIELDS) {
    if (mapping.columns[field] === undefined) {
      problem({
        row: headerRow.row,
        column: FIELD_HEADERS[field],
        message: `缺少必要欄位「${FIELD_HEADERS[field]}」`,
      });
    }
  }
  for (const d of mapping.duplicates) {
    problem({
      row: headerRow.row,
      column: d.columns.map(columnName).join('、'),
      message: `欄位「${FIELD_HEADERS[d.field]}」出現 ${d.columns.length} 次`,
    });
  }
  for (const r of table.rows.slice(0, headerIndex)) {
    // One-cell rows above the header are titles; anything fuller is reported, not silently dropped.
    if (r.cells.filter((c) => c.text.trim() !== '').length >= 2) {
      warnings.push({ row: r.row, message: '標題列之前的資料列，已略過' });
    }
  }
  for (const index of mapping.unknown) {
    warnings.push({ row: headerRow.row, column: columnName(index), message: '不認得的欄位，已略過' });
  }
  if (problems.length > 0) throw new FileInputError(problems);

  // The header repeated (minutes repeat it on every page) is dropped; a variant of it is dropped
  // with a warning.
  const dataRows = table.rows.slice(headerIndex + 1).filter((r) => {
    if (sameHeader(r.cells, headerRow.cells)) return false;
    if (looksLikeHeader(r.cells) && hasNoSeq(r, mapping)) {
      warnings.push({ row: r.row, message: '另一個標題列，已略過' });
      return false;
    }
    return true;
  });
  if (dataRows.length === 0) {
    problem({ row: headerRow.row, message: '只有標題列，沒有任何資料列' });
    throw new FileInputError(problems);
  }

  const items: PlanItemInput[] = [];
  const seqRows = new Map<number, number>();
  const mappedColumns = new Set(Object.values(mapping.columns));
  for (const r of dataRows) {
    const get = (field: PlanField): RawCell => {
      const index = mapping.columns[field];
      return (index === undefined ? undefined : r.cells[index]) ?? { text: '' };
    };
    const before = problems.length;
    for (let i = 0; i < r.cells.length; i++) {
      const c = r.cells[i]!;
      if (c.text.includes('\u0000')) {
        problem({ row: r.row, column: columnName(i), message: '儲存格含有 NUL 字元，資料庫無法保存' });
      }
      if (mappedColumns.has(i) || c.text.trim() === '') continue;
      if (i >= mapping.headers.length) {
        // Beyond the header: usually a stray delimiter that shifted the row.
        problem({ row: r.row, column: columnName(i), message: `標題列之外多出的儲存格「${c.text.trim()}」` });
      } else if (mapping.headers[i] === '') {
        warnings.push({ row: r.row, column: columnName(i), message: '沒有欄名的欄位中有資料，已略過' });
      }
    }

    const seqText = get('seq').text.normalize('NFKC').trim();
    const seq = /^\d{1,9}$/.test(seqText) ? Number(seqText) : NaN;
    if (!Number.isSafeInteger(seq) || seq < 1) {
      problem({
        row: r.row,
        column: fieldColumn('seq'),
        message: seqText === '' ? '序號為空白' : `序號「${seqText}」不是正整數`,
      });
    } else {
      const firstRow = seqRows.get(seq);
      if (firstRow !== undefined) {
        problem({
          row: r.row,
          column: fieldColumn('seq'),
          message: `序號 ${seq} 重複（第 ${firstRow} 列已使用）`,
        });
      } else {
        seqRows.set(seq, r.row);
      }
    }
    const title = get('title').text;
    if (title.trim() === '')
      problem({ row: r.row, column: fieldColumn('title'), message: '資料集名稱為空白' });
    const unit = get('unit').text;
    if (unit.trim() === '') problem({ row: r.row, column: fieldColumn('unit'), message: '管理單位為空白' });
    const plannedRaw = get('planned').text;
    const planned = parseRocDate(plannedRaw);
    if (!planned.ok) problem({ row: r.row, column: fieldColumn('planned'), message: planned.error.message });
    if (problems.length > before || !planned.ok) continue;

    const formulaFields = PLAN_FIELDS.filter((f) => get(f).formula === true);
    for (const f of formulaFields) {
      warnings.push({
        row: r.row,
        column: fieldColumn(f),
        message: `儲存格是公式「${get(f).text}」，以文字保存，不計算`,
      });
    }
    for (const f of PLAN_FIELDS) {
      if (CONTROL_CHARS.test(get(f).text)) {
        warnings.push({ row: r.row, column: fieldColumn(f), message: '儲存格含有控制字元，已原樣保存' });
      }
    }
    const trimmedUnit = unit.trim();
    const agency = options.resolveAgency(trimmedUnit);
    if (agency === null) {
      warnings.push({
        row: r.row,
        column: fieldColumn('unit'),
        message: `管理單位「${trimmedUnit}」不在單位對照表中，機關未知`,
      });
    }
    items.push({
      seq,
      title: title.trim(),
      description: get('description').text.trim(),
      unit: trimmedUnit,
      agency,
      plannedRaw: plannedRaw.trim(),
      dueDate: planned.value.dueDate,
      precision: planned.value.precision,
      row: r.row,
      formulaFields,
    });
  }
  if (problems.length > 0) throw new FileInputError(problems);
  items.sort((a, b) => a.seq - b.seq);
  return { items, warnings };
}

/** A repeated header with different spacing/aliases: it names plan columns and has no numeric 序號. */
function hasNoSeq(r: RawTable['rows'][number], mapping: HeaderMapping): boolean {
  const index = mapping.columns.seq;
  const text = index === undefined ? '' : (r.cells[index]?.text ?? '');
  return !/^\s*\d+\s*$/.test(text.normalize('NFKC'));
}
