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
  const table: RawTable =
    encoding === undefined ? { format: 'minutes', rows } : { format: 'minutes', rows, encoding };
  const met = meetingDate(text);
  return met === null ? table : { ...table, meetingDate: met };
}

const ROC_DAY = /(\d{2,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/;

/**
 * The meeting's date from the minutes' prose: the 時間 line (`一、時間：104 年 6 月 29 日`), else
 * the first full ROC date before the first table; null when there is none or it is not a real day.
 */
export function meetingDate(text: string): string | null {
  const lines = text.split(/\r\n|\r|\n/);
  const headerAt = lines.findIndex((l) => l.includes('\t') && looksLikeHeader(splitCells(l)));
  const prose = (headerAt < 0 ? lines : lines.slice(0, headerAt)).filter((l) => !l.includes('\t'));
  const line =
    prose.find((l) => /時間\s*[:：]/.test(l) && ROC_DAY.test(l)) ?? prose.find((l) => ROC_DAY.test(l));
  const m = line ? ROC_DAY.exec(line) : null;
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]) + 1911, Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** True when the text looks like minutes: a header line that is not the first non-blank line. */
export function looksLikeMinutes(text: string): boolean {
  const lines = text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
  const headerAt = lines.findIndex((l) => l.includes('\t') && looksLikeHeader(splitCells(l)));
  return headerAt > 0 && lines.slice(0, headerAt).some((l) => !l.includes('\t'));
}
