/**
 * TSV/CSV reader. Bytes are decoded as UTF-8 (with or without BOM) unless they are not valid
 * UTF-8, in which case they are Big5 (CP950), as many Taiwanese government files are; `--encoding`
 * forces either. Parsing is RFC-4180 (csv-parse): quoted fields may hold newlines, tabs and quotes.
 */
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { cell, type RawTable } from './raw-table.js';

export type PlanEncoding = 'utf8' | 'big5';
export const PLAN_ENCODINGS: readonly PlanEncoding[] = ['utf8', 'big5'];

export interface DecodedText {
  text: string;
  encoding: 'utf8' | 'utf8-bom' | 'big5';
}

/** Decode file bytes: BOM → UTF-8; valid UTF-8 → UTF-8; otherwise Big5 (CP950). */
export function decodeText(bytes: Uint8Array, encoding?: PlanEncoding): DecodedText {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (encoding === 'big5') return { text: iconv.decode(Buffer.from(bytes), 'cp950'), encoding: 'big5' };
  if (hasBom) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf8-bom' };
  if (encoding === 'utf8') return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), 'cp950'), encoding: 'big5' };
  }
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/**
 * Read delimited text into rows. Row numbers are the physical line on which each record starts,
 * so a quoted field spanning lines does not shift the numbers of the rows after it.
 */
export function readDelimited(text: string, format: 'tsv' | 'csv', encoding?: string): RawTable {
  const records = parse(text, {
    delimiter: format === 'tsv' ? '\t' : ',',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    info: true,
  }) as unknown as ParsedRecord[];
  let startLine = 1;
  const rows: RawTable['rows'] = [];
  for (const { record, info } of records) {
    const row = startLine;
    startLine = info.lines + 1;
    if (record.every((c) => c.trim() === '')) continue;
    // A leading `=` is a formula in a spreadsheet; here it is only text, flagged like one.
    rows.push({ row, cells: record.map((c) => cell(c, c.startsWith('='))) });
  }
  return encoding === undefined ? { format, rows } : { format, rows, encoding };
}

/** Guess TSV vs CSV from the first non-empty line (more tabs than commas → TSV). */
export function sniffDelimiter(text: string): 'tsv' | 'csv' {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const tabs = first.split('\t').length;
  const commas = first.split(',').length;
  return tabs >= commas ? 'tsv' : 'csv';
}
