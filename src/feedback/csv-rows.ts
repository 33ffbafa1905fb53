/** CSV records with the physical line each starts on (for problems that name a line). */
import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { FileInputError } from '../errors.js';

/** One CSV record and the physical line (1-based) where it starts. */
export interface SourceRow {
  line: number;
  fields: string[];
}

interface CsvRecordInfo {
  record: string[];
  /** `bytes`: UTF-8 bytes consumed up to the end of this record. */
  info: { bytes: number };
}

/**
 * Physical line (1-based, counted by LF as editors do) of a byte offset. csv-parse's own `lines`
 * counter also counts lone CRs, so it cannot be used for files that mix CRLF and LF.
 */
export function lineLocator(bytes: Uint8Array): (offset: number) => number {
  const lfs: number[] = [];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) lfs.push(i);
  return (offset) => {
    let lo = 0;
    let hi = lfs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lfs[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

/** Parse CSV text into rows with their starting line; a file cut inside a quoted field is fatal. */
export function csvRows(text: string, file: string, recordDelimiter?: string): SourceRow[] {
  const bytes = Buffer.from(text, 'utf8');
  const lineOf = lineLocator(bytes);
  const options = {
    relax_column_count: true,
    info: true,
    skip_empty_lines: true,
    ...(recordDelimiter ? { record_delimiter: recordDelimiter } : {}),
  };
  let records: CsvRecordInfo[];
  try {
    records = parseCsv(bytes, options) as unknown as CsvRecordInfo[];
  } catch (err) {
    if (err instanceof CsvError) {
      // Locate the record that failed: it starts after the last record that parsed.
      let lastGoodEnd = 0;
      try {
        const partial = parseCsv(bytes, {
          ...options,
          skip_records_with_error: true,
        }) as unknown as CsvRecordInfo[];
        lastGoodEnd = partial.at(-1)?.info.bytes ?? 0;
      } catch {
        lastGoodEnd = 0;
      }
      const message =
        err.code === 'CSV_QUOTE_NOT_CLOSED'
          ? 'quoted field never closed: the file is truncated or broken from this record on'
          : `unreadable CSV (${err.code})`;
      throw new FileInputError([{ file, row: lineOf(lastGoodEnd), message }], { cause: err });
    }
    throw err;
  }
  const rows: SourceRow[] = [];
  let previousEnd = 0;
  for (const { record, info } of records) {
    const start = previousEnd;
    previousEnd = info.bytes;
    // Skip blank records (a line holding only spaces) the way skip_empty_lines skips empty ones.
    if (record.length === 1 && record[0]!.trim() === '') continue;
    // The record starts at its first byte that is not a leftover line break.
    let first = start;
    while (bytes[first] === 0x0d || bytes[first] === 0x0a) first++;
    rows.push({ line: lineOf(first), fields: record });
  }
  return rows;
}
