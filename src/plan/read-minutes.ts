/**
 * The advisory group's meeting minutes as plain text: prose, then the plan table(s), tab-separated,
 * with the header line repeated on every page. A table starts at a header line (a tab-separated
 * line naming at least two plan columns); its rows are the tab-separated lines that follow; blank
 * lines (page breaks) are skipped; a non-blank line without a tab ends the table. Repeated header
 * lines stay in the output and are dropped once by the plan builder, like in any other format.
 */
import { looksLikeHeader } from './columns.js';
import { cell, type RawTable } from './raw-table.js';

const splitCells = (line: string) => line.split('\t').map((c) => cell(c, c.startsWith('=')));

export function readMinutes(text: string, encoding?: string): RawTable {
  const lines = text.split(/\r\n|\r|\n/);
  const rows: RawTable['rows'] = [];
  let inTable = false;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const hasTab = line.includes('\t');
    if (hasTab && looksLikeHeader(splitCells(line))) inTable = true;
    else if (!hasTab) inTable = false;
    if (inTable) rows.push({ row: index + 1, cells: splitCells(line) });
  });
  return encoding === undefined ? { format: 'minutes', rows } : { format: 'minutes', rows, encoding };
}

/** True when the text looks like minutes: a header line that is not the first non-blank line. */
export function looksLikeMinutes(text: string): boolean {
  const lines = text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
  const headerAt = lines.findIndex((l) => l.includes('\t') && looksLikeHeader(splitCells(l)));
  return headerAt > 0 && lines.slice(0, headerAt).some((l) => !l.includes('\t'));
}
