/**
 * The /suggests UI export (CSV or JSON; docs/platform-api.md). Columns are mapped by name through
 * REQUEST_COLUMN_ALIASES; unknown columns are tolerated and reported once, a file without an ID
 * and a title column is rejected as "wrong columns".
 */
import type { InputProblem } from '../errors.js';
import { PG_INT_MAX, STORABLE_MESSAGE, hasUnstorableText } from '../../schemas/platform-common.js';
import { REQUEST_STATUSES, requestRecordSchema, type RequestRecord } from '../../schemas/requests-import.js';
import { htmlToText } from '../text/index.js';
import { isPlatformAcknowledgement } from './html-text.js';
import { parsePlatformDate } from './platform-dates.js';
import type { ParsedRequest } from './parse-requests-crawl.js';
import { requestFieldFor, splitAgencies, type RequestField } from './request-columns.js';

export interface ColumnMapping {
  /** field → source column name */
  fields: Map<RequestField, string>;
  unknown: string[];
}

/** Map column names to fields; throws nothing, the caller decides what is fatal. */
export function mapColumns(names: readonly string[]): ColumnMapping & { duplicates: string[] } {
  const fields = new Map<RequestField, string>();
  const unknown: string[] = [];
  const duplicates: string[] = [];
  for (const name of names) {
    const field = requestFieldFor(name);
    if (field === undefined) unknown.push(name);
    else if (fields.has(field)) duplicates.push(name);
    else fields.set(field, name);
  }
  return { fields, unknown, duplicates };
}

/** Missing required columns, as a problem message, or null when the mapping is usable. */
export function missingColumns(mapping: ColumnMapping): string | null {
  const missing: string[] = [];
  if (!mapping.fields.has('requestId')) missing.push('ID');
  if (!mapping.fields.has('title')) missing.push('開放建議標題 (or 建議之標題)');
  if (missing.length === 0) return null;
  const unknown = mapping.unknown.length
    ? `; unknown columns: ${mapping.unknown.map((u) => JSON.stringify(u)).join(', ')}`
    : '';
  return `wrong columns: missing ${missing.join(' and ')}${unknown}`;
}

const STATUS_SET: ReadonlySet<string> = new Set(REQUEST_STATUSES);

function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Turn one export record (column name → value) into a RequestRecord. Returns the problems of the
 * record instead of throwing; each names the column.
 */
export function parseExportRecord(
  values: ReadonlyMap<RequestField, unknown>,
  columnOf: (field: RequestField) => string,
  context: { file: string; row: number; timeZone: string; raw: unknown },
): { ok: true; value: ParsedRequest } | { ok: false; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const where = (field: RequestField) => ({ file: context.file, row: context.row, column: columnOf(field) });
  const out: Record<string, unknown> = {};
  const has = (field: RequestField) => values.has(field);
  const str = (field: RequestField): string | null => {
    const t = cellText(values.get(field));
    return t === null || t.trim() === '' ? null : t;
  };

  const id = str('requestId')?.trim() ?? '';
  if (!/^\d{1,12}$/.test(id)) problems.push({ ...where('requestId'), message: 'ID is not a number' });
  out.requestId = id;
  if (has('title')) {
    const title = str('title');
    if (title === null) problems.push({ ...where('title'), message: 'title is empty' });
    out.title = title ?? '';
  }
  for (const field of [
    'datasetName',
    'wantedFields',
    'reason',
    'suggestedAgencies',
    'dispatchStatus',
    'requester',
    'requesterType',
    'industry',
  ] as const) {
    if (has(field)) out[field] = str(field);
  }
  if (has('agencies')) {
    const v = values.get('agencies');
    out.agencies = Array.isArray(v)
      ? v
          .map((a) => cellText(a) ?? '')
          .filter((a) => a.trim() !== '')
          .map((a) => a.trim())
      : splitAgencies(cellText(v) ?? '');
    out.agenciesComplete = true;
  }
  if (has('status')) {
    const s = str('status')?.trim() ?? null;
    if (s !== null && !STATUS_SET.has(s)) {
      problems.push({
        ...where('status'),
        message: `unknown 回復狀態 ${JSON.stringify(s)} (expected 已回復/未回復/再回復)`,
      });
    }
    out.status = s;
  }
  for (const [field, rawField] of [
    ['postedAt', 'postedAtRaw'],
    ['repliedAt', 'repliedAtRaw'],
  ] as const) {
    if (!has(field)) continue;
    const raw = str(field);
    const parsed = raw === null ? null : parsePlatformDate(raw, context.timeZone);
    if (raw !== null && parsed === null) {
      problems.push({ ...where(field), message: `unreadable date ${JSON.stringify(raw.slice(0, 40))}` });
    }
    out[field] = parsed;
    out[rawField] = raw;
  }
  if (has('viewCount')) {
    const raw = str('viewCount')?.replace(/,/g, '').trim() ?? null;
    const n = raw === null ? null : Number(raw);
    if (n !== null && !(Number.isInteger(n) && n >= 0 && n <= PG_INT_MAX)) {
      problems.push({ ...where('viewCount'), message: `not a whole number up to ${PG_INT_MAX}` });
    }
    out.viewCount = n;
  }
  if (has('replies')) {
    const v = values.get('replies');
    const items = Array.isArray(v) ? v.map(cellText) : [cellText(v)];
    out.replies = items
      .filter((h): h is string => h !== null && h.trim() !== '')
      .map((html) => {
        const text = htmlToText(html);
        return { html, text, kind: isPlatformAcknowledgement(text) ? 'platform-ack' : 'reply' };
      });
  }
  // The record and its raw source are stored (text and jsonb): NUL and lone surrogates cannot be.
  if (hasUnstorableText(out) || hasUnstorableText(context.raw)) {
    problems.push({ file: context.file, row: context.row, column: '', message: STORABLE_MESSAGE });
  }
  if (problems.length > 0) return { ok: false, problems };
  const parsed = requestRecordSchema.safeParse(out);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({
        file: context.file,
        row: context.row,
        column: String(i.path[0] ?? ''),
        message: i.message,
      })),
    };
  }
  const record: RequestRecord = parsed.data;
  return { ok: true, value: { line: context.row, record, raw: context.raw } };
}
