/**
 * The review workbooks: sheet 計畫項目 (odsync's nine columns locked and shaded, the unit's six
 * open; drop-downs of the item's candidates for 確認/否決, a date cell for 預計上架日期) and sheet
 * 說明. XLSX through exceljs (sheet protection, data validation); ODS through the report's
 * ODS writer (protected table, content validations). Text from the plan and the platform is
 * neutralised against formula injection.
 */
import ExcelJS from 'exceljs';
import { neutralizeFormula, renderOdsSheets, type OdsSheet, type TableCell } from '../report/index.js';
import { statusLabel } from '../labels/index.js';
import type { ReviewItem } from './load-review-items.js';
import type { ReviewCandidate } from './review-candidates.js';
import { COLUMN_HELP, COLUMN_INDEX, HELP_SHEET, ITEMS_SHEET, REVIEW_COLUMNS } from './review-columns.js';

export const REVIEW_FORMATS = ['xlsx', 'ods'] as const;
export type ReviewFormat = (typeof REVIEW_FORMATS)[number];

export interface WorkbookMeta {
  asOf: string;
  generatedAt: Date;
  /** The unit the workbook is for; null for review-all. */
  unit: string | null;
}

export function candidateText(c: ReviewCandidate): string {
  const score = c.score === null ? '人工確認' : c.score.toFixed(2);
  return `${c.datasetId} ${c.title}（${score}${c.possible ? '，可能相符' : ''}）`;
}

/** Drop-down values: dataset ids (they are plain tokens; anything else is left out of the list). */
function listValues(item: ReviewItem): string[] {
  return item.candidates.map((c) => c.datasetId).filter((id) => /^[\w.-]{1,64}$/.test(id));
}

const text = (v: string | null | undefined): TableCell =>
  v === null || v === undefined || v === '' ? null : { kind: 'text', value: v };

function rowCells(item: ReviewItem): TableCell[] {
  return [
    text(item.planKey),
    { kind: 'number', value: item.seq },
    text(item.title),
    text(item.unit),
    item.dueDate ? { kind: 'date', value: item.dueDate } : null,
    text(statusLabel(item.status)),
    text(item.datasetId),
    text(item.datasetTitle),
    text(item.candidates.map(candidateText).join('\n')),
    text(item.confirm),
    null,
    text(item.reason),
    item.expectedDate ? { kind: 'date', value: item.expectedDate } : null,
    text(item.remark),
    null,
  ];
}

function helpRows(meta: WorkbookMeta): string[][] {
  return [
    ['基準日', meta.asOf],
    ['管理單位', meta.unit ?? '全部'],
    [
      '填寫方式',
      '請只填寫白色欄位（確認資料集識別碼至填表人），灰色欄位由 odsync 產生、已鎖定。空白儲存格表示不變更已記錄的內容。填妥後請將檔案寄回資訊處彙辦。',
    ],
    ...REVIEW_COLUMNS.map((c) => [c.header, COLUMN_HELP[c.key]]),
  ];
}

function excelDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

const SHADE: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } };

export async function buildReviewXlsx(items: readonly ReviewItem[], meta: WorkbookMeta): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'odsync';
  wb.created = meta.generatedAt;
  wb.modified = meta.generatedAt;
  const ws = wb.addWorksheet(ITEMS_SHEET, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  ws.columns = REVIEW_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  items.forEach((item, r) => {
    const row = ws.getRow(r + 2);
    const cells = rowCells(item);
    REVIEW_COLUMNS.forEach((col, c) => {
      const target = row.getCell(c + 1);
      const cell = cells[c] ?? null;
      target.value =
        cell === null
          ? null
          : cell.kind === 'number'
            ? cell.value
            : cell.kind === 'date'
              ? excelDate(cell.value)
              : neutralizeFormula(cell.value);
      if (cell?.kind === 'date' || col.key === 'expectedDate') target.numFmt = 'yyyy-mm-dd';
      if (cell?.kind === 'text' && cell.value.includes('\n'))
        target.alignment = { wrapText: true, vertical: 'top' };
      if (col.editable) target.protection = { locked: false };
      else target.fill = SHADE;
    });
    const ids = listValues(item);
    const list = `"${ids.join(',')}"`;
    if (ids.length > 0 && list.length <= 255) {
      for (const key of ['confirm', 'reject'] as const) {
        row.getCell(COLUMN_INDEX[key] + 1).dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [list],
          showErrorMessage: true,
          errorStyle: 'warning',
          errorTitle: '不在候選清單中',
          error: '此識別碼不在候選清單中；若確定是我們的資料集，仍可輸入。',
        };
      }
    }
    row.getCell(COLUMN_INDEX.expectedDate + 1).dataValidation = {
      type: 'date',
      operator: 'greaterThan',
      allowBlank: true,
      formulae: [excelDate('2000-01-01')],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: '日期格式',
      error: '請輸入日期，例如 2026-07-01。',
    };
  });
  ws.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: items.length + 1, column: REVIEW_COLUMNS.length },
  };
  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    autoFilter: true,
    sort: false,
  });
  const help = wb.addWorksheet(HELP_SHEET);
  help.columns = [
    { header: '欄位', width: 18 },
    { header: '說明', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const [k, v] of helpRows(meta)) {
    const row = help.addRow([neutralizeFormula(k!), neutralizeFormula(v!)]);
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function buildReviewOds(items: readonly ReviewItem[], meta: WorkbookMeta): Uint8Array {
  const editable = REVIEW_COLUMNS.flatMap((c, i) => (c.editable ? [i] : []));
  const locked = REVIEW_COLUMNS.flatMap((c, i) => (c.editable ? [] : [i]));
  const lists: { row: number; column: number; values: string[] }[] = [];
  items.forEach((item, row) => {
    const values = listValues(item);
    if (values.length === 0) return;
    for (const key of ['confirm', 'reject'] as const) lists.push({ row, column: COLUMN_INDEX[key], values });
  });
  const sheet: OdsSheet = {
    id: 'review',
    name: ITEMS_SHEET,
    headers: REVIEW_COLUMNS.map((c) => c.header),
    widths: REVIEW_COLUMNS.map((c) => c.width),
    rows: items.map(rowCells),
    editableColumns: editable,
    shadedColumns: locked,
    lists,
  };
  const help: OdsSheet = {
    id: 'help',
    name: HELP_SHEET,
    headers: ['欄位', '說明'],
    widths: [18, 90],
    rows: helpRows(meta).map((r) => r.map((v) => text(v))),
  };
  return renderOdsSheets([sheet, help], meta.generatedAt.toISOString());
}

/** File name of a unit's workbook: `review-<unit>.<ext>` (characters unsafe in file names replaced). */
export function reviewFileName(unit: string | null, format: ReviewFormat): string {
  // eslint-disable-next-line no-control-regex
  const safe = (unit ?? '未指定單位').replace(/[\\/:*?"<>|\s\u0000-\u001f]+/g, '_').slice(0, 80) || '_';
  return `review-${safe}.${format}`;
}
