/**
 * Read a citizen-requests file (2019 crawl, /suggests CSV or JSON export) into validated records.
 * File-level failures (encoding, wrong columns, truncation) throw FileInputError naming the line;
 * unreadable rows are returned as problems so the caller can refuse the import or skip them.
 */
import { FileInputError, type InputProblem } from '../errors.js';
import { requestRecordSchema, suggestsJsonFileSchema } from '../../schemas/requests-import.js';
import { decodeStrict, type TextEncodingName } from './decode-text.js';
import { csvRows } from './csv-rows.js';
import { parseCrawlRow, type ParsedRequest } from './parse-requests-crawl.js';
import { mapColumns, missingColumns, parseExportRecord } from './parse-suggests-export.js';
import { CRAWL_HEADER, type RequestField } from './request-columns.js';

export type RequestsFileFormat = 'crawl' | 'suggests-csv' | 'suggests-json';

export interface ReadRequestsOptions {
  /** Name used in problems (the path as given). */
  file: string;
  format?: RequestsFileFormat;
  encoding?: TextEncodingName;
  timeZone: string;
}

export interface RequestsFileContent {
  format: RequestsFileFormat;
  /** Data records found (rows after the header). */
  recordsRead: number;
  requests: ParsedRequest[];
  /** Unreadable rows; each names its line. */
  problems: InputProblem[];
  /** Columns the alias table does not know (tolerated). */
  unknownColumns: string[];
}

function detectFormat(text: string, file: string): RequestsFileFormat {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return 'suggests-json';
  if (/\.json$/i.test(file)) return 'suggests-json';
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const header = firstLine.split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  return header.length === CRAWL_HEADER.length && header.every((h, i) => h === CRAWL_HEADER[i])
    ? 'crawl'
    : 'suggests-csv';
}

/** Validate a parsed record with zod (the boundary) and turn issues into located problems. */
function validated(
  p: ParsedRequest,
  file: string,
): { ok: true; value: ParsedRequest } | { ok: false; problems: InputProblem[] } {
  const result = requestRecordSchema.safeParse(p.record);
  if (result.success) return { ok: true, value: { ...p, record: result.data } };
  return {
    ok: false,
    problems: result.error.issues.map((i) => ({
      file,
      row: p.line,
      column: String(i.path[0] ?? ''),
      message: i.message,
    })),
  };
}

function readCrawl(text: string, options: ReadRequestsOptions): RequestsFileContent {
  const { file } = options;
  if (!/\r?\n$/.test(text)) {
    const lines = text.split('\n').length;
    throw new FileInputError([
      {
        file,
        row: lines,
        message: 'the last record has no line end: the file is truncated (crawl records end with CRLF)',
      },
    ]);
  }
  const rows = csvRows(text, file, '\r\n');
  const header = rows.shift();
  if (
    !header ||
    header.fields.length !== CRAWL_HEADER.length ||
    header.fields.some((h, i) => h.trim() !== CRAWL_HEADER[i])
  ) {
    throw new FileInputError([
      { file, row: header?.line ?? 1, message: `not the 2019 crawl header (${CRAWL_HEADER.join(',')})` },
    ]);
  }
  const requests: ParsedRequest[] = [];
  const problems: InputProblem[] = [];
  for (const row of rows) {
    const parsed = parseCrawlRow(row, file, options.timeZone);
    if (!parsed.ok) {
      problems.push(parsed.problem);
      continue;
    }
    const v = validated(parsed.value, file);
    if (v.ok) requests.push(v.value);
    else problems.push(...v.problems);
  }
  return { format: 'crawl', recordsRead: rows.length, requests, problems, unknownColumns: [] };
}

function readSuggestsCsv(text: string, options: ReadRequestsOptions): RequestsFileContent {
  const { file } = options;
  const rows = csvRows(text, file);
  const header = rows.shift();
  if (!header) throw new FileInputError([{ file, row: 1, message: 'empty file' }]);
  const mapping = mapColumns(header.fields);
  const missing = missingColumns(mapping);
  if (missing) throw new FileInputError([{ file, row: header.line, message: missing }]);
  const indexOf = new Map<RequestField, number>();
  for (const [field, name] of mapping.fields) indexOf.set(field, header.fields.indexOf(name));
  const requests: ParsedRequest[] = [];
  const problems: InputProblem[] = [];
  const lastRow = rows.at(-1);
  for (const row of rows) {
    if (row.fields.length !== header.fields.length) {
      const truncated = row === lastRow && !/\r?\n$/.test(text) && row.fields.length < header.fields.length;
      problems.push({
        file,
        row: row.line,
        message: truncated
          ? `the last record is cut off (${row.fields.length} of ${header.fields.length} fields): the file is truncated`
          : `${row.fields.length} fields, the header has ${header.fields.length}`,
      });
      continue;
    }
    const values = new Map<RequestField, unknown>();
    for (const [field, index] of indexOf) values.set(field, row.fields[index]);
    const raw = Object.fromEntries(header.fields.map((h, i) => [h, row.fields[i]]));
    const parsed = parseExportRecord(values, (f) => mapping.fields.get(f) ?? f, {
      file,
      row: row.line,
      timeZone: options.timeZone,
      raw,
    });
    if (parsed.ok) requests.push(parsed.value);
    else problems.push(...parsed.problems);
  }
  return {
    format: 'suggests-csv',
    recordsRead: rows.length,
    requests,
    problems,
    unknownColumns: mapping.unknown,
  };
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function readSuggestsJson(text: string, options: ReadRequestsOptions): RequestsFileContent {
  const { file } = options;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const pos = /position (\d+)/.exec((err as Error).message)?.[1];
    const line = pos === undefined ? lineAt(text, text.length) : lineAt(text, Number(pos));
    throw new FileInputError(
      [{ file, row: line, message: `not valid JSON (truncated?): ${(err as Error).message}` }],
      { cause: err },
    );
  }
  const shape = suggestsJsonFileSchema.safeParse(json);
  if (!shape.success) {
    throw new FileInputError([
      { file, row: 1, message: 'not a /suggests JSON export (expected an array of records)' },
    ]);
  }
  const data = shape.data;
  const items = Array.isArray(data)
    ? data
    : (data.result ??
      data.data ??
      (Array.isArray(data.payload) ? data.payload : (data.payload?.results ?? [])));
  const allKeys = [...new Set(items.flatMap((item) => Object.keys(item)))];
  const mapping = mapColumns(allKeys);
  if (items.length > 0) {
    const missing = missingColumns(mapping);
    if (missing) throw new FileInputError([{ file, row: 1, message: missing }]);
  }
  const requests: ParsedRequest[] = [];
  const problems: InputProblem[] = [];
  items.forEach((item, index) => {
    const values = new Map<RequestField, unknown>();
    for (const [field, key] of mapping.fields) if (key in item) values.set(field, item[key]);
    const parsed = parseExportRecord(values, (f) => mapping.fields.get(f) ?? f, {
      file,
      row: index + 1,
      timeZone: options.timeZone,
      raw: item,
    });
    if (parsed.ok) requests.push(parsed.value);
    else
      problems.push(...parsed.problems.map((p) => ({ ...p, message: `record ${index + 1}: ${p.message}` })));
  });
  return {
    format: 'suggests-json',
    recordsRead: items.length,
    requests,
    problems,
    unknownColumns: mapping.unknown,
  };
}

/** Read and validate a requests file. Throws FileInputError for file-level problems. */
export function readRequestsFile(bytes: Uint8Array, options: ReadRequestsOptions): RequestsFileContent {
  const text = decodeStrict(bytes, options.encoding ?? 'utf-8', options.file);
  if (text.trim() === '') throw new FileInputError([{ file: options.file, row: 1, message: 'empty file' }]);
  const format = options.format ?? detectFormat(text, options.file);
  const content =
    format === 'crawl'
      ? readCrawl(text, options)
      : format === 'suggests-csv'
        ? readSuggestsCsv(text, options)
        : readSuggestsJson(text, options);
  // The same request twice in one file: the later row is a problem unless identical.
  const seen = new Map<string, ParsedRequest>();
  const unique: ParsedRequest[] = [];
  for (const r of content.requests) {
    const earlier = seen.get(r.record.requestId);
    if (!earlier) {
      seen.set(r.record.requestId, r);
      unique.push(r);
    } else if (JSON.stringify(earlier.record) !== JSON.stringify(r.record)) {
      content.problems.push({
        file: options.file,
        row: r.line,
        message: `request ${r.record.requestId} appears again (first at line ${earlier.line}) with different content`,
      });
    }
  }
  content.problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { ...content, requests: unique };
}
