/**
 * quarterly-<Q>.xlsx and .ods: one sheet per table of each section, in section order; numbers as
 * numbers, dates as dates, text neutralised against formula injection as in the report (the ODS is
 * written by the report's own writer).
 */
import ExcelJS from 'exceljs';
import { neutralizeFormula, renderOdsSheets, type TableCell } from '../report/index.js';
import type { QuarterlyDocument } from './quarterly-document.js';

function xlsxValue(cell: TableCell): ExcelJS.CellValue {
  if (cell === null) return null;
  switch (cell.kind) {
    case 'number':
      return cell.value;
    case 'date':
      return new Date(`${cell.value}T00:00:00Z`);
    case 'text':
      return neutralizeFormula(cell.value);
  }
}

const tablesOf = (doc: QuarterlyDocument) => doc.sections.flatMap((s) => s.tables);

export async function renderQuarterlyXlsx(doc: QuarterlyDocument, generatedAt: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const at = new Date(generatedAt);
  wb.creator = 'odsync';
  wb.created = at;
  wb.modified = at;
  wb.title = doc.title;
  for (const table of tablesOf(doc)) {
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
        target.value = xlsxValue(cell);
        if (cell?.kind === 'date') target.numFmt = 'yyyy-mm-dd';
      });
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function renderQuarterlyOds(doc: QuarterlyDocument, generatedAt: string): Uint8Array {
  return renderOdsSheets(tablesOf(doc), generatedAt);
}
