/**
 * report.csv: the plan items table, RFC 4180 (CRLF, quotes doubled), UTF-8 with a BOM so Excel
 * opens Chinese correctly. Text cells are neutralised against formula injection; numbers odsync
 * computed are written bare so spreadsheets read them as numbers.
 */
import { neutralizeFormula } from './neutralize-formula.js';
import type { ReportModel } from './report-model.js';
import { reportTables, type ReportTable, type TableCell } from './report-tables.js';
import type { ReportLang } from './strings.js';

const BOM = '\uFEFF';

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvCell(cell: TableCell): string {
  if (cell === null) return '';
  switch (cell.kind) {
    case 'number':
      return String(cell.value);
    case 'date':
      return cell.value;
    case 'text':
      return csvField(neutralizeFormula(cell.value));
  }
}

/** One table as CSV text (with BOM). */
export function tableToCsv(table: ReportTable): string {
  const lines = [table.headers.map((h) => csvField(neutralizeFormula(h))).join(',')];
  for (const row of table.rows) lines.push(row.map(csvCell).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}

/** report.csv: one row per plan item. */
export function renderCsv(model: ReportModel, options: { lang?: ReportLang } = {}): string {
  const items = reportTables(model, options.lang).find((t) => t.id === 'items');
  if (!items) throw new Error('items table missing');
  return tableToCsv(items);
}
