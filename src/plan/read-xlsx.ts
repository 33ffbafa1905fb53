/**
 * XLSX reader (exceljs). Decision on formulas: a formula cell is stored as its formula text
 * (`=HYPERLINK(…)`, `=1+1`) and flagged; the cached result in the file is never used, because it
 * is whatever the last program to save the file computed and may be stale or forged.
 * Dates typed into Excel come back as date cells and are written as ISO text
 * (`YYYY-MM-DD`, or `YYYY-MM` when the cell's number format shows no day).
 */
import ExcelJS from 'exceljs';
import { looksLikeHeader } from './columns.js';
import { cell, type RawCell, type RawTable } from './raw-table.js';

type ExcelCell = ExcelJS.Cell;

function isoFromDate(d: Date, showDay: boolean): string {
  const y = d.getUTCFullYear();
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  return showDay ? `${y}-${m}-${String(d.getUTCDate()).padStart(2, '0')}` : `${y}-${m}`;
}

function richText(value: { richText: { text: string }[] }): string {
  return value.richText.map((r) => r.text).join('');
}

function readCell(c: ExcelCell): RawCell {
  if (c.type === ExcelJS.ValueType.Formula) {
    return cell(`=${c.formula}`, true);
  }
  const v = c.value;
  if (v === null || v === undefined) return cell('');
  if (typeof v === 'string') return cell(v);
  if (typeof v === 'number' || typeof v === 'boolean') return cell(String(v));
  if (v instanceof Date) return cell(isoFromDate(v, /d/i.test(c.numFmt ?? 'd')));
  if (typeof v === 'object') {
    if ('richText' in v) return cell(richText(v));
    if ('hyperlink' in v && 'text' in v) {
      const text = v.text as unknown;
      return cell(typeof text === 'string' ? text : richText(text as { richText: { text: string }[] }));
    }
    if ('error' in v) return cell(String(v.error));
  }
  return cell(c.text);
}

/**
 * Read the first worksheet with a plan header row (sheets of instructions before it are skipped),
 * else the first worksheet with any content.
 */
export async function readXlsx(bytes: Uint8Array): Promise<RawTable> {
  const sheets = await readXlsxSheets(bytes);
  return (
    sheets.find((t) => t.rows.some((r) => looksLikeHeader(r.cells))) ??
    sheets[0] ?? { format: 'xlsx', rows: [] }
  );
}

/** Every worksheet with content, in order (cells as `readXlsx` reads them). */
export async function readXlsxSheets(bytes: Uint8Array): Promise<RawTable[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const out: RawTable[] = [];
  for (const sheet of workbook.worksheets) {
    const rows: RawTable['rows'] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: RawCell[] = [];
      for (let col = 1; col <= row.cellCount; col++) cells.push(readCell(row.getCell(col)));
      if (cells.every((c) => c.text.trim() === '')) return;
      rows.push({ row: rowNumber, cells });
    });
    if (rows.length === 0) continue;
    out.push({ format: 'xlsx', sheet: sheet.name, rows });
  }
  return out;
}
