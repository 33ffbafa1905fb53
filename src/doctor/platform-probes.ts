/**
 * One polite probe per configured platform interface: a single attempt (no retry), the catalogue
 * export read only as far as its header and first rows. Each answer is checked against the schema
 * odsync parses it with; the verdict says whether the nightly can rely on the interface.
 */
import type { z } from 'zod';
import type { Config } from '../config/index.js';
import { CsvSyntaxError, csvTextRecords, mapHeader } from '../catalog/index.js';
import { listRequest, type PlatformHttp, type ProbeResponse } from '../platform/index.js';
import { maskUrlPassword } from '../config/index.js';
import { commentSchema, commentsEnvelopeSchema } from '../../schemas/platform-comments.js';
import { datasetDetailSchema, detailEnvelopeSchema } from '../../schemas/platform-detail.js';
import { frontListEnvelopeSchema, frontListItemSchema } from '../../schemas/platform-front-list.js';
import { historyListItemSchema } from '../../schemas/platform-history-list.js';
import { feedItems, requestsFeedSchema } from '../../schemas/requests-feed.js';

export type Verdict = 'ok' | 'degraded' | 'broken';

export interface ProbeReport {
  /** Interface name, stable (the `--json` key). */
  name: string;
  url: string;
  status: number | null;
  records: number | null;
  missing: string[];
  unknown: string[];
  ms: number;
  verdict: Verdict;
  /** Why the verdict is not ok (or a short note), null when there is nothing to say. */
  note: string | null;
  /** What odsync does without this interface. */
  without: string;
  /** The catalogue itself: broken here makes the whole doctor fail (exit 1). */
  essential: boolean;
}

/** The first bytes of the export read by the doctor (header and the first rows). */
const EXPORT_PROBE_BYTES = 64 * 1024;
/** JSON answers are small; a cap keeps a misrouted full export from being downloaded. */
const JSON_PROBE_BYTES = 2 * 1024 * 1024;

interface ProbeSpec {
  name: string;
  essential: boolean;
  without: string;
  request: {
    method: 'GET' | 'POST';
    path: string;
    params?: Record<string, string>;
    body?: unknown;
    /** Headers whose values are secrets (the feeds' API key): sent, never shown. */
    secretHeaders?: Record<string, string>;
  };
  /** Judge a 2xx body: records seen, fields missing/unknown, verdict. */
  judge: (
    text: string,
    truncated: boolean,
  ) => Omit<ProbeReport, 'name' | 'url' | 'status' | 'ms' | 'without' | 'essential'>;
}

export interface ProbeTargets {
  /** A stored dataset id for the detail and comment probes (the well-known 6281 when none). */
  datasetId: string;
  /** Yesterday, in the platform's time zone (YYYY-MM-DD). */
  yesterday: string;
  /** One agency's front-list tid, null when none is configured. */
  agencyTid: number | null;
}

export function probeSpecs(config: Readonly<Config>, t: ProbeTargets): ProbeSpec[] {
  const p = config.platform;
  const specs: ProbeSpec[] = [
    {
      name: 'catalogue-export',
      essential: true,
      without: '無法同步目錄：整個夜間作業失敗',
      request: { method: 'GET', path: p.exportPath, params: { format: p.exportFormat } },
      judge: (text, truncated) => judgeExport(text, truncated, p.exportFormat),
    },
    {
      name: 'changed-export',
      essential: false,
      without: '改以每週完整比對偵測異動（較慢，下架較晚發現）',
      request: {
        method: 'GET',
        path: p.changedExportPath,
        params: { format: p.exportFormat, report_date: t.yesterday },
      },
      judge: (text, truncated) => judgeExport(text, truncated, p.exportFormat, true),
    },
    {
      name: 'detail',
      essential: false,
      without: '無 publisherOID：僅依提供機關名稱與識別碼判斷歸屬',
      request: { method: 'GET', path: p.detailPath.replace('{id}', encodeURIComponent(t.datasetId)) },
      judge: (text) =>
        judgeJson(
          text,
          detailEnvelopeSchema,
          (env) => {
            const r = (env as { result?: unknown }).result;
            return r === null || r === undefined ? [] : [r];
          },
          datasetDetailSchema,
          ['publisherOID', 'title', 'publishedDate'],
        ),
    },
    {
      name: 'front-list',
      essential: false,
      without: '留言數、瀏覽數、下載數不更新',
      request: {
        method: 'POST',
        path: p.listPath,
        body: listRequest(t.agencyTid === null ? [] : [{ fields: 'agency_tid', query: [t.agencyTid] }], 1, 5),
      },
      judge: (text) =>
        judgeJson(
          text,
          frontListEnvelopeSchema,
          (env) => (env as { payload: { search_result: unknown[] } }).payload.search_result,
          frontListItemSchema,
          ['comment_quantity'],
        ),
    },
    {
      name: 'options-list',
      essential: false,
      without: '無法核對機關 agency_tid（沿用設定值）',
      request: { method: 'POST', path: config.feedback.optionsListPath, body: { name: 'agency' } },
      judge: (text) =>
        judgeJson(text, anyEnvelope, (env) => {
          const payload = (env as { payload?: unknown }).payload;
          return Array.isArray(payload) ? payload : [];
        }),
    },
    {
      name: 'comments',
      essential: false,
      without: '民眾留言與機關回覆不更新',
      request: { method: 'POST', path: p.commentsPath, body: { nid: t.datasetId } },
      judge: (text) =>
        judgeJson(
          text,
          commentsEnvelopeSchema,
          (env) => (env as { payload: { results: unknown[] } }).payload.results,
          commentSchema,
        ),
    },
  ];
  if (p.unpublishedPath) {
    for (const status of ['unpublish', 'history'] as const)
      specs.push({
        name: status === 'unpublish' ? 'scheduled-delistings' : 'delisted-history',
        essential: false,
        without:
          status === 'unpublish'
            ? '無預計下架預警（下架後才列為 missing）'
            : '首次同步前已下架者無平臺下架日期（以觀察日期代替）',
        request: { method: 'POST', path: p.unpublishedPath, body: { status } },
        judge: (text) =>
          judgeJson(
            text,
            frontListEnvelopeSchema,
            (env) => (env as { payload: { search_result: unknown[] } }).payload.search_result,
            historyListItemSchema,
          ),
      });
  }
  const feed = requestsFeedSpec(config);
  if (feed) specs.push(feed);
  return specs;
}

/** The citizen-requests feed, when it is configured (a key and a path; `{oid}` → a member's OID). */
function requestsFeedSpec(config: Readonly<Config>): ProbeSpec | null {
  const { requestsPath, apiKeyHeader } = config.feedback;
  if (!config.apiKey || !requestsPath) return null;
  const oid = (config.publishers ?? []).find((p) => p.oid !== null)?.oid ?? null;
  if (requestsPath.includes('{oid}') && oid === null) return null;
  return {
    name: 'requests-feed',
    essential: false,
    without: '民眾資料集提議僅能以 odsync requests import 匯入',
    request: {
      method: 'GET',
      path: requestsPath.replace('{oid}', encodeURIComponent(oid ?? '')),
      secretHeaders: { [apiKeyHeader]: config.apiKey },
    },
    judge: (text) =>
      judgeJson(text, requestsFeedSchema, (env) => feedItems(env as z.output<typeof requestsFeedSchema>)),
  };
}

/** Run every probe one after the other (the client's limiter keeps the pace polite). */
export async function runPlatformProbes(
  http: PlatformHttp,
  config: Readonly<Config>,
  targets: ProbeTargets,
): Promise<{ probes: ProbeReport[]; dateHeader: string | null }> {
  const probes: ProbeReport[] = [];
  let dateHeader: string | null = null;
  for (const spec of probeSpecs(config, targets)) {
    const isExport = spec.name.endsWith('-export');
    const res = await http.probe({
      ...spec.request,
      maxBytes: isExport ? EXPORT_PROBE_BYTES : JSON_PROBE_BYTES,
    });
    dateHeader ??= res.headers.date ?? null;
    probes.push(report(spec, res));
  }
  return { probes, dateHeader };
}

function report(spec: ProbeSpec, res: ProbeResponse): ProbeReport {
  const base = {
    name: spec.name,
    url: maskUrlPassword(res.url),
    status: res.status,
    ms: res.ms,
    without: spec.without,
    essential: spec.essential,
  };
  if (res.status === null)
    return { ...base, records: null, missing: [], unknown: [], verdict: 'broken', note: res.error };
  if (res.status < 200 || res.status >= 300)
    return {
      ...base,
      records: null,
      missing: [],
      unknown: [],
      verdict: 'broken',
      note: `HTTP ${res.status}`,
    };
  return { ...base, ...spec.judge(res.text, res.truncated) };
}

const anyEnvelope = {
  safeParse: (v: unknown) =>
    v && typeof v === 'object' && (v as { success?: unknown }).success === true
      ? { success: true as const, data: v }
      : { success: false as const, error: new Error('success is not true') },
};

type Parser = { safeParse: (v: unknown) => { success: boolean; data?: unknown; error?: unknown } };

function judgeJson(
  text: string,
  envelope: Parser,
  records: (env: unknown) => unknown[],
  item?: z.ZodType,
  important: readonly string[] = [],
): Omit<ProbeReport, 'name' | 'url' | 'status' | 'ms' | 'without' | 'essential'> {
  const none = { records: null, missing: [], unknown: [] };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ...none, verdict: 'broken', note: `not JSON: ${text.slice(0, 60).replace(/\s+/g, ' ')}` };
  }
  const env = envelope.safeParse(body);
  if (!env.success) {
    const b = body as {
      success?: unknown;
      error?: { error_type?: string; message?: string };
      message?: string;
    };
    const why =
      b && b.success === false
        ? `success:false ${b.error?.error_type ?? ''} ${b.error?.message ?? b.message ?? ''}`.trim()
        : 'envelope does not match the schema';
    return { ...none, verdict: 'broken', note: why };
  }
  const list = records(env.data);
  if (!item) return { records: list.length, missing: [], unknown: [], verdict: 'ok', note: null };
  const known = shapeKeys(item);
  const invalid = list.filter((r) => !item.safeParse(r).success).length;
  const first = list.find((r) => r && typeof r === 'object') as Record<string, unknown> | undefined;
  const missing = first ? important.filter((k) => !(k in first)) : [];
  const unknown = first && known ? Object.keys(first).filter((k) => !known.has(k)) : [];
  let verdict: Verdict = 'ok';
  let note: string | null = null;
  if (list.length > 0 && invalid === list.length) {
    verdict = 'broken';
    note = `all ${invalid} record(s) fail the schema`;
  } else if (invalid > 0 || missing.length > 0) {
    verdict = 'degraded';
    note = [
      invalid > 0 ? `${invalid} of ${list.length} record(s) fail the schema` : null,
      missing.length > 0 ? 'fields odsync reads are missing' : null,
    ]
      .filter(Boolean)
      .join('; ');
  }
  return { records: list.length, missing, unknown, verdict, note };
}

function judgeExport(
  text: string,
  truncated: boolean,
  format: 'csv' | 'json',
  mayBeEmpty = false,
): Omit<ProbeReport, 'name' | 'url' | 'status' | 'ms' | 'without' | 'essential'> {
  const none = { records: null, missing: [], unknown: [] };
  if (format === 'json') {
    const ok = /^\uFEFF?\s*\[/.test(text);
    return ok
      ? { ...none, verdict: 'ok', note: null }
      : { ...none, verdict: 'broken', note: 'not a JSON array' };
  }
  if (/^\uFEFF?\s*</.test(text)) return { ...none, verdict: 'broken', note: 'HTML instead of CSV' };
  if (/^\uFEFF?\s*\{/.test(text))
    return { ...none, verdict: 'broken', note: `JSON instead of CSV: ${text.trim().slice(0, 120)}` };
  let records: string[][];
  try {
    records = csvTextRecords(text, !truncated);
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    return { ...none, verdict: 'broken', note: `not readable as CSV: ${err.message}` };
  }
  const header = records[0];
  if (header === undefined)
    return mayBeEmpty
      ? { ...none, records: 0, verdict: 'ok', note: 'empty (no changes that day)' }
      : { ...none, verdict: 'broken', note: 'empty body' };
  try {
    const info = mapHeader(header, 'export');
    return {
      records: records.length - 1,
      missing: [],
      unknown: info.unknown,
      verdict: 'ok',
      note: truncated ? 'header and first rows only' : null,
    };
  } catch (err) {
    const m = /column\(s\) (.+?) \(got/.exec((err as Error).message);
    return {
      records: records.length - 1,
      missing: m ? m[1]!.split(', ') : [],
      unknown: header.filter((c) => c.trim() !== ''),
      verdict: 'broken',
      note: 'required columns missing',
    };
  }
}

/** The object keys a schema knows, through refinements and transforms; null when it has none. */
function shapeKeys(schema: z.ZodType): Set<string> | null {
  let s: unknown = schema;
  for (let i = 0; i < 5 && s; i++) {
    const shape = (s as { shape?: Record<string, unknown> }).shape;
    if (shape && typeof shape === 'object') return new Set(Object.keys(shape));
    s = (s as { in?: unknown }).in ?? (s as { _def?: { in?: unknown; schema?: unknown } })._def?.in;
  }
  return null;
}
