/**
 * Streaming parser of the catalogue export (and the daily changed export): CSV (RFC 4180, BOM or
 * not, LF or CRLF, quoted newlines, no field-size limit) or a top-level JSON array. Columns are
 * mapped by header name; each record is validated with zod and yielded as a row or as an invalid
 * record (for quarantine) with its record number. An archived file (`.br`, `.gz`) is decompressed.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip } from 'node:zlib';
import {
  EXPORT_HEADERS,
  EXPORT_HEADER_SUFFIXES,
  REQUIRED_EXPORT_KEYS,
  exportRowSchema,
  type ExportKey,
  type ExportRow,
} from '../../schemas/platform-export-row.js';
import { SchemaError } from '../errors.js';
import { issuesText } from '../platform/index.js';

export type ParsedItem =
  | { kind: 'row'; recordNo: number; row: ExportRow }
  | { kind: 'invalid'; recordNo: number; key: string | null; reason: string; raw: unknown };

export interface HeaderInfo {
  /** Key per column position (null = unknown column, ignored). */
  keys: Array<ExportKey | null>;
  unknown: string[];
}

/** Map header cells to keys: BOM stripped, cells trimmed, `…上架方式` by suffix. Throws if a required column is missing. */
export function mapHeader(cells: readonly string[], source: string): HeaderInfo {
  const keys: Array<ExportKey | null> = [];
  const unknown: string[] = [];
  cells.forEach((raw, i) => {
    const cell = (i === 0 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    let key: ExportKey | null = (EXPORT_HEADERS as Record<string, ExportKey>)[cell] ?? null;
    if (!key) key = EXPORT_HEADER_SUFFIXES.find(([suffix]) => cell.endsWith(suffix))?.[1] ?? null;
    if (key && keys.includes(key)) key = null;
    if (!key) unknown.push(cell);
    keys.push(key);
  });
  const missing = REQUIRED_EXPORT_KEYS.filter((k) => !keys.includes(k));
  if (missing.length > 0) {
    const names = missing.map((k) => Object.entries(EXPORT_HEADERS).find(([, v]) => v === k)?.[0] ?? k);
    throw new SchemaError(
      `${source}: header row lacks required column(s) ${names.join(', ')} (got: ${cells.slice(0, 30).join(',')})`,
    );
  }
  return { keys, unknown };
}

/**
 * Export bytes (or text) chunk by chunk: a stream, or a generator. A chunk is decoded before the
 * next is asked for, so a generator may reuse its buffer.
 */
export type ByteSource = AsyncIterable<Buffer | string>;

export interface ParseOptions {
  format: 'csv' | 'json';
  /** Name for messages (file path or URL). */
  source: string;
  onHeader?: (info: HeaderInfo) => void;
}

/** Parse an export file record by record. */
export async function* parseExportFile(path: string, options: ParseOptions): AsyncGenerator<ParsedItem> {
  for await (const items of parseExportFileBatches(path, options)) yield* items;
}

/**
 * Parse an export file a read at a time (the records completed by each read): one await per
 * read instead of several per record, which the sync's hot loop notices at 53,000 rows.
 */
export async function* parseExportFileBatches(
  path: string,
  options: ParseOptions,
): AsyncGenerator<ParsedItem[]> {
  // 128 kB reads: a chunk's records are all alive until consumed; bigger chunks get them promoted
  // to the old generation and the heap grows (figures in docs/performance.md).
  const file = createReadStream(path, { highWaterMark: 1 << 17 });
  const input: Readable = path.endsWith('.br')
    ? file.pipe(createBrotliDecompress())
    : path.endsWith('.gz')
      ? file.pipe(createGunzip())
      : file;
  file.on('error', (err) => input.destroy(err));
  yield* parseExportStreamBatches(input, options);
}

export async function* parseExportStream(input: Readable, options: ParseOptions): AsyncGenerator<ParsedItem> {
  for await (const items of parseExportStreamBatches(input, options)) yield* items;
}

/**
 * Parse an export from its bytes as they come (a stream, or a file followed while it downloads):
 * the records completed by each chunk together.
 */
export async function* parseExportStreamBatches(
  input: ByteSource,
  options: ParseOptions,
): AsyncGenerator<ParsedItem[]> {
  if (options.format === 'json') {
    for await (const item of parseJsonArray(input, options)) yield [item];
    return;
  }
  let header: HeaderInfo | undefined;
  let recordNo = 0;
  for await (const records of csvRecordBatches(input)) {
    const items: ParsedItem[] = [];
    for (const cells of records) {
      if (!header) {
        header = mapHeader(cells, options.source);
        options.onHeader?.(header);
        continue;
      }
      recordNo++;
      const keys = header.keys;
      if (cells.length !== keys.length) {
        items.push({
          kind: 'invalid',
          recordNo,
          key: /^\d+$/.test(cells[0] ?? '') ? (cells[0] as string) : null,
          reason: `record ${recordNo} has ${cells.length} fields, the header has ${keys.length} (malformed or truncated row)`,
          raw: cells,
        });
        continue;
      }
      const obj: Record<string, string> = {};
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        if (k) obj[k] = cells[i] ?? '';
      }
      items.push(validate(obj, recordNo, cells));
    }
    if (items.length > 0) yield items;
  }
  if (!header) throw new SchemaError(`${options.source}: empty export (no header row)`);
}

function validate(obj: Record<string, unknown>, recordNo: number, raw: unknown): ParsedItem {
  const r = exportRowSchema.safeParse(obj);
  if (r.success) return { kind: 'row', recordNo, row: r.data };
  // Only a well-formed id names a dataset (protected from delisting); any other counts as unreadable.
  const id = typeof obj.datasetId === 'string' ? obj.datasetId.trim() : '';
  return {
    kind: 'invalid',
    recordNo,
    key: /^\d{1,12}$/.test(id) ? id : null,
    reason: `record ${recordNo}: ${issuesText(r.error)}`,
    raw,
  };
}

/** A top-level JSON array of objects keyed by the Chinese column names, split element by element. */
async function* parseJsonArray(input: ByteSource, options: ParseOptions): AsyncGenerator<ParsedItem> {
  let header: HeaderInfo | undefined;
  let recordNo = 0;
  for await (const text of splitJsonArray(input, options.source)) {
    recordNo++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield {
        kind: 'invalid',
        recordNo,
        key: null,
        reason: `record ${recordNo}: ${(err as Error).message}`,
        raw: text,
      };
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      yield { kind: 'invalid', recordNo, key: null, reason: `record ${recordNo}: not an object`, raw: value };
      continue;
    }
    const src = value as Record<string, unknown>;
    const names = Object.keys(src);
    if (!header) {
      header = mapHeader(names, options.source);
      options.onHeader?.(header);
    }
    const obj: Record<string, unknown> = {};
    const info = mapHeaderLoose(names);
    names.forEach((n, i) => {
      const k = info[i];
      const v = src[n];
      // The JSON export types some cells (ids as numbers): cells are text from here on.
      if (k) obj[k] = cellText(v);
    });
    yield validate(obj, recordNo, value);
  }
}

function mapHeaderLoose(names: readonly string[]): Array<ExportKey | null> {
  return names.map((raw) => {
    const cell = raw.replace(/^\uFEFF/, '').trim();
    return (
      (EXPORT_HEADERS as Record<string, ExportKey>)[cell] ??
      EXPORT_HEADER_SUFFIXES.find(([suffix]) => cell.endsWith(suffix))?.[1] ??
      null
    );
  });
}

/**
 * Yield the source text of each element of a top-level JSON array without parsing the whole
 * document. Throws SchemaError if the document is not an array or ends inside an element.
 */
export async function* splitJsonArray(input: ByteSource, source: string): AsyncGenerator<string> {
  let state = 'start' as 'start' | 'between' | 'element' | 'end';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: string[] = [];
  let elementStart = 0;
  for await (const s of utf8Text(input)) {
    elementStart = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 92) escaped = true;
          else if (c === 34) inString = false;
        } else if (c === 34) inString = true;
        else if (c === 123 || c === 91) depth++;
        else if (c === 125 || c === 93) {
          if (depth === 0) {
            parts.push(s.slice(elementStart, i));
            yield parts.join('');
            parts = [];
            state = 'end';
          } else if (--depth === 0) {
            parts.push(s.slice(elementStart, i + 1));
            yield parts.join('');
            parts = [];
            state = 'between';
          }
        } else if (c === 44 && depth === 0) {
          parts.push(s.slice(elementStart, i));
          yield parts.join('');
          parts = [];
          state = 'between';
        }
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff) continue;
      if (state === 'start') {
        if (c !== 91) throw new SchemaError(`${source}: JSON export is not an array`);
        state = 'between';
      } else if (state === 'between') {
        if (c === 93) state = 'end';
        else if (c !== 44) {
          state = 'element';
          elementStart = i;
          depth = c === 123 || c === 91 ? 1 : 0;
          inString = c === 34;
          escaped = false;
        }
      } else {
        throw new SchemaError(`${source}: unexpected data after the end of the JSON array`);
      }
    }
    if (state === 'element') parts.push(s.slice(elementStart));
  }
  if (state !== 'end') throw new SchemaError(`${source}: JSON export ends early (truncated array)`);
}

/** A JSON export value as cell text (ids arrive as numbers). */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/**
 * A byte stream as UTF-8 text, chunk by chunk; a character split across chunks is reassembled, a
 * leading BOM dropped, invalid bytes become U+FFFD. TextDecoder (simdutf) decodes the export 2.5x
 * faster than a stream's setEncoding (StringDecoder): 0.07 s instead of 0.17 s at 53,000 rows.
 */
export async function* utf8Text(input: ByteSource): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

/** A CSV syntax error, with csv-parse's codes (the messages name the line). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly code: 'CSV_QUOTE_NOT_CLOSED' | 'CSV_INVALID_CLOSING_QUOTE' | 'CSV_INVALID_OPENING_QUOTE',
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * RFC 4180 records of a UTF-8 stream, without a field-size limit: BOM stripped, LF, CRLF or CR line
 * ends, quoted fields with doubled quotes and newlines, empty lines skipped, records of any length
 * (the caller checks the column count). Strict about quotes (a quote inside an unquoted field or
 * text after a closing quote is an error), like csv-parse without `relax_quotes`. A hand-written
 * scanner: csv-parse cost about 60% of the sync's parse time at platform scale.
 */
export async function* csvRecords(input: ByteSource): AsyncGenerator<string[]> {
  for await (const records of csvRecordBatches(input)) yield* records;
}

/** csvRecords, the records completed by each read together. */
export async function* csvRecordBatches(input: ByteSource): AsyncGenerator<string[][]> {
  let text = '';
  let first = true;
  let line = 1;
  for await (const chunk of utf8Text(input)) {
    text = text.length === 0 ? chunk : text + chunk;
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const r = scanRecords(text, false, line);
    line = r.line;
    text = r.consumed === text.length ? '' : text.slice(r.consumed);
    if (r.records.length > 0) yield r.records;
  }
  if (text.length > 0) {
    const r = scanRecords(text, true, line);
    if (r.records.length > 0) yield r.records;
  }
}

/**
 * The records of CSV text held in memory (a probe's sample of the export), read by the same
 * scanner as the sync. `complete: false` (the body was cut) leaves out the unfinished last record.
 */
export function csvTextRecords(text: string, complete: boolean): string[][] {
  return scanRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, complete, 1).records;
}

/** Complete records of `text` from its start; `final`: the text ends the input. */
function scanRecords(
  text: string,
  final: boolean,
  startLine: number,
): { records: string[][]; consumed: number; line: number } {
  const records: string[][] = [];
  const n = text.length;
  let pos = 0; // start of the current record
  let line = startLine;
  outer: while (pos < n) {
    const fields: string[] = [];
    let p = pos;
    let recordLines = 0;
    let quotedAny = false;
    for (;;) {
      // One field starting at p.
      if (p < n && text.charCodeAt(p) === QUOTE) {
        quotedAny = true;
        let value = '';
        let from = p + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q === -1) {
            if (!final) break outer;
            throw new CsvSyntaxError(
              'CSV_QUOTE_NOT_CLOSED',
              `Quote Not Closed: the parsing is finished with an opening quote at line ${line}`,
            );
          }
          if (q + 1 >= n && !final) break outer; // a doubled quote may continue in the next chunk
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          value += text.slice(from, q);
          p = q + 1;
          break;
        }
        for (let i = value.indexOf('\n'); i !== -1; i = value.indexOf('\n', i + 1)) recordLines++;
        fields.push(value);
        if (p < n) {
          const c = text.charCodeAt(p);
          if (c !== COMMA && c !== LF && c !== CR)
            throw new CsvSyntaxError(
              'CSV_INVALID_CLOSING_QUOTE',
              `Invalid Closing Quote: got "${text[p]}" at line ${line + recordLines} instead of delimiter, record delimiter or end of file`,
            );
        }
      } else {
        let q = p;
        while (q < n) {
          const c = text.charCodeAt(q);
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE)
            throw new CsvSyntaxError(
              'CSV_INVALID_OPENING_QUOTE',
              `Invalid Opening Quote: a quote is found in field ${fields.length + 1} at line ${line + recordLines}`,
            );
          q++;
        }
        if (q >= n && !final) break outer;
        fields.push(text.slice(p, q));
        p = q;
      }
      // After a field: delimiter, record end or end of input.
      if (p >= n) break;
      const c = text.charCodeAt(p);
      if (c === COMMA) {
        p++;
        if (p >= n && !final) break outer;
        continue;
      }
      if (c === CR) {
        if (p + 1 >= n && !final) break outer; // CRLF split across chunks
        p += text.charCodeAt(p + 1) === LF ? 2 : 1;
      } else p++; // LF
      break;
    }
    line += recordLines + 1;
    pos = p;
    // skip_empty_lines: an empty line is no record.
    if (!(fields.length === 1 && fields[0] === '' && !quotedAny)) records.push(fields);
  }
  return { records, consumed: pos, line };
}
