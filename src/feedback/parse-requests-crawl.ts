/**
 * The g0v 2019 crawl of /suggests (`all_contents_*.csv`): ragged rows whose shape is detected per
 * row, never trusted from the header:
 *   ID, title, dataset name, wanted fields, reason, agency…, [status, [dispatch], [time]], reply floor…
 * - 1 agency (aligned), or 2–3 agencies shifting the status right, or 4 agencies and no status at
 *   all (multi-agency requests; the full list is in the agency-assignment file);
 * - the time slot may hold a non-date (公司, 社群: apparently the requester type) or be empty;
 * - each reply floor is one field holding a Python-list rendering `[<p>…</p>, <p>…</p>]`.
 * Problems never quote reply text (it names officials and their phone numbers).
 */
import type { InputProblem } from '../errors.js';
import {
  DISPATCH_STATUSES,
  REQUEST_STATUSES,
  type ReplyFloor,
  type RequestRecord,
} from '../../schemas/requests-import.js';
import type { SourceRow } from './csv-rows.js';
import { htmlToText } from '../text/index.js';
import { isPlatformAcknowledgement, unwrapPythonListHtml } from './html-text.js';
import { parsePlatformDate } from './platform-dates.js';

export interface ParsedRequest {
  line: number;
  record: RequestRecord;
  /** The source row as read (fields array or JSON object), stored as the raw payload. */
  raw: unknown;
}

const STATUS_SET: ReadonlySet<string> = new Set(REQUEST_STATUSES);
const DISPATCH_SET: ReadonlySet<string> = new Set(DISPATCH_STATUSES);
const CRAWL_AGENCY_CAP = 4;

const looksLikeReply = (field: string) => field.trimStart().startsWith('[');

export function parseReplyFloors(
  fields: readonly string[],
  firstIndex: number,
): { floors: ReplyFloor[]; badField?: number } {
  const floors: ReplyFloor[] = [];
  for (let i = firstIndex; i < fields.length; i++) {
    const field = fields[i] ?? '';
    if (field.trim() === '') continue;
    const inner = unwrapPythonListHtml(field);
    if (inner === null) return { floors, badField: i + 1 };
    const text = htmlToText(inner);
    floors.push({ html: field, text, kind: isPlatformAcknowledgement(text) ? 'platform-ack' : 'reply' });
  }
  return { floors };
}

/** Read one crawl row. Returns the record, or a problem (with the row's line) when unreadable. */
export function parseCrawlRow(
  row: SourceRow,
  file: string,
  timeZone: string,
): { ok: true; value: ParsedRequest } | { ok: false; problem: InputProblem } {
  const f = row.fields;
  const bad = (message: string, column?: string): { ok: false; problem: InputProblem } => ({
    ok: false,
    problem: { file, row: row.line, ...(column ? { column } : {}), message },
  });
  const id = (f[0] ?? '').trim();
  if (!/^\d{1,12}$/.test(id)) return bad('ID is not a number', 'ID');
  if (f.length < 5) {
    return bad(
      `request ${id}: only ${f.length} field${f.length === 1 ? '' : 's'}; the crawl captured no title or text`,
    );
  }
  const title = (f[1] ?? '').trim();
  if (title === '') return bad(`request ${id}: empty title`, '建議之標題');

  const statusIndex = f.findIndex((v, i) => i >= 5 && STATUS_SET.has(v.trim()));
  const firstReply = f.findIndex((v, i) => i >= 5 && looksLikeReply(v));
  const agencyEnd = statusIndex >= 0 ? statusIndex : firstReply >= 0 ? firstReply : f.length;
  if (firstReply >= 0 && firstReply < agencyEnd) {
    return bad(`request ${id}: reply field ${firstReply + 1} comes before the status`, '回應');
  }
  const agencies = f
    .slice(5, agencyEnd)
    .map((a) => a.trim())
    .filter(Boolean);
  if (agencies.some((a) => a.length > 60 || /[<>\n]/.test(a))) {
    return bad(`request ${id}: field ${agencyEnd} does not look like an agency name`, '派發機關');
  }

  let status: RequestRecord['status'] = null;
  let dispatchStatus: string | null = null;
  let repliedAtRaw: string | null = null;
  let repliedAt: Date | null = null;
  let requesterType: string | null | undefined;
  let next = agencyEnd;
  if (statusIndex >= 0) {
    status = f[statusIndex]!.trim() as RequestRecord['status'];
    next = statusIndex + 1;
    if (next < f.length && DISPATCH_SET.has(f[next]!.trim())) dispatchStatus = f[next++]!.trim();
    if (next < f.length && !looksLikeReply(f[next]!)) {
      const slot = f[next++]!.trim();
      repliedAt = parsePlatformDate(slot, timeZone);
      if (repliedAt !== null) repliedAtRaw = slot;
      // A non-date in the time slot is the requester type (公司, 社群) on some rows.
      else if (slot !== '') {
        if (slot.length > 20 || slot.startsWith('星期')) {
          return bad(`request ${id}: unreadable 回復時間 in field ${next}`, '回復時間');
        }
        requesterType = slot;
      }
    }
  } else if (agencies.length === 0) {
    return bad(`request ${id}: no 派發機關 and no 回復狀態`);
  }

  const { floors, badField } = parseReplyFloors(f, next);
  if (badField !== undefined) {
    return bad(
      `request ${id}: field ${badField} is not a reply floor ([<p>…</p>]); the record may be cut off`,
      '回應',
    );
  }
  const optional = (v: string | undefined) => {
    const t = (v ?? '').trim();
    return t === '' ? null : (v ?? null);
  };
  const record: RequestRecord = {
    requestId: id,
    title: f[1]!,
    datasetName: optional(f[2]),
    wantedFields: optional(f[3]),
    reason: optional(f[4]),
    agencies,
    agenciesComplete: !(statusIndex < 0 && agencies.length >= CRAWL_AGENCY_CAP),
    status,
    dispatchStatus,
    repliedAt,
    repliedAtRaw,
    ...(requesterType !== undefined ? { requesterType } : {}),
    replies: floors,
  };
  return { ok: true, value: { line: row.line, record, raw: f } };
}
