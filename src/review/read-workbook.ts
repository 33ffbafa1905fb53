/**
 * Reads a returned review workbook (.xlsx or .ods, by content) with the plan stage's readers:
 * the sheet 計畫項目 (else the first sheet with a 計畫項目鍵 header), columns by header name in any
 * order, extra columns and sheets ignored. Cells stay raw text; a formula is its formula text.
 */
import { OdsFormatError, readOdsSheets, readXlsxSheets, type RawCell, type RawTable } from '../plan/index.js';
import type { InputProblem } from '../errors.js';
import { headerKey, ITEMS_SHEET, REVIEW_COLUMNS, type ReviewColumnKey } from './review-columns.js';

export interface ReviewSheetRow {
  /** 1-based row in the sheet. */
  row: number;
  cells: Partial<Record<ReviewColumnKey, RawCell>>;
}

export interface ReviewSheet {
  file: string;
  sheet: string;
  /** 0-based column index of each header found. */
  columns: Partial<Record<ReviewColumnKey, number>>;
  rows: ReviewSheetRow[];
}

const HEADER_SCAN_ROWS = 10;

function isOds(bytes: Uint8Array): boolean {
  // ODF puts an uncompressed `mimetype` entry first: its name sits at offset 30 of the zip.
  return Buffer.from(bytes.subarray(30, 38)).toString('latin1') === 'mimetype';
}

async function readSheets(bytes: Uint8Array): Promise<RawTable[]> {
  if (isOds(bytes)) return readOdsSheets(bytes);
  return readXlsxSheets(bytes);
}

/** Parse one file; a file that cannot be read, or has no review sheet, is one problem. */
export async function readReviewWorkbook(
  file: string,
  bytes: Uint8Array,
): Promise<{ sheet: ReviewSheet } | { problem: InputProblem }> {
  let sheets: RawTable[];
  try {
    sheets = await readSheets(bytes);
  } catch (err) {
    const why = err instanceof OdsFormatError ? err.message : (err as Error).message;
    return { problem: { file, message: `無法讀取試算表（需為 .xlsx 或 .ods）：${why}` } };
  }
  const wanted = headerKey(REVIEW_COLUMNS[0].header);
  const ordered = [
    ...sheets.filter((s) => s.sheet === ITEMS_SHEET),
    ...sheets.filter((s) => s.sheet !== ITEMS_SHEET),
  ];
  for (const table of ordered) {
    const header = table.rows
      .slice(0, HEADER_SCAN_ROWS)
      .find((r) => r.cells.some((c) => headerKey(c.text) === wanted));
    if (!header) continue;
    const columns: Partial<Record<ReviewColumnKey, number>> = {};
    header.cells.forEach((c, i) => {
      const col = REVIEW_COLUMNS.find((x) => headerKey(x.header) === headerKey(c.text));
      if (col && columns[col.key] === undefined) columns[col.key] = i;
    });
    const rows: ReviewSheetRow[] = table.rows
      .filter((r) => r.row > header.row)
      .map((r) => {
        const cells: Partial<Record<ReviewColumnKey, RawCell>> = {};
        for (const [key, i] of Object.entries(columns) as [ReviewColumnKey, number][]) {
          const c = r.cells[i];
          if (c) cells[key] = c;
        }
        return { row: r.row, cells };
      });
    return { sheet: { file, sheet: table.sheet ?? ITEMS_SHEET, columns, rows } };
  }
  return {
    problem: {
      file,
      message: `找不到工作表「${ITEMS_SHEET}」或含「${REVIEW_COLUMNS[0].header}」標題列的工作表`,
    },
  };
}
