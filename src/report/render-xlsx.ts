/**
 * report.xlsx (exceljs): one sheet per section, frozen header row, auto-filter, dates as real Excel
 * dates (formatted yyyy-mm-dd), numbers as numbers, text neutralised against formula injection.
 */
import ExcelJS from 'exceljs';
import { neutralizeFormula } from './neutralize-formula.js';
import type { ReportModel } from './report-model.js';
import { reportTables, type ReportTable, type TableCell } from './report-tables.js';
import type { ReportLang } from './strings.js';

/** A calendar date as the UTC-midnight instant exceljs converts to an Excel serial date. */
function excelDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function cellValue(cell: TableCell): ExcelJS.CellValue {
  if (cell === null) return null;
  switch (cell.kind) {
    case 'number':
      return cell.value;
    case 'date':
      return excelDate(cell.value);
    case 'text':
      return neutralizeFormula(cell.value);
  }
}

/** Render the workbook; `generatedAt` pins the document properties so output is reproducible. */
export async function renderXlsx(model: ReportModel, options: { lang?: ReportLang } = {}): Promise<Buffer> {
  return renderXlsxSheets(reportTables(model, options.lang), model.report.generatedAt);
}

/** Any set of tables as xlsx bytes (one sheet each); `generatedAt` (ISO instant) pins the metadata. */
export async function renderXlsxSheets(
  tables: readonly ReportTable[],
  generatedAt: string,
  title?: string,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const at = new Date(generatedAt);
  wb.creator = 'odsync';
  wb.created = at;
  wb.modified = at;
  if (title !== undefined) wb.title = title;
  for (const table of tables) {
    const ws = wb.addWorksheet(table.name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    ws.columns = table.headers.map((h, i) => ({
      header: neutralizeFormula(h),
      width: table.widths[i] ?? 12,
    }));
    ws.getRow(1).font = { bold: true };
    table.rows.forEach((row, r) => {
      const excelRow = ws.getRow(r + 2);
      row.forEach((cell, c) => {
        const target = excelRow.getCell(c + 1);
        target.value = cellValue(cell);
        if (cell?.kind === 'date') target.numFmt = 'yyyy-mm-dd';
        if (cell?.kind === 'text' && cell.value.includes('\n'))
          target.alignment = { wrapText: true, vertical: 'top' };
      });
    });
    ws.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: Math.max(1, table.rows.length + 1), column: table.headers.length },
    };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
