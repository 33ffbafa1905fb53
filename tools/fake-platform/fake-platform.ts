/**
 * A fake data.gov.tw on 127.0.0.1 serving the documented routes with the real shapes and quirks
 * (docs/platform-api.md), from mutable in-memory state, with fault injection. Used by end-to-end
 * tests, fault tests and `npm run demo`.
 *
 *   const fake = await createFakePlatform();            // fixture of ~500 datasets
 *   env DATAGOVTW_BASE_URL = fake.url
 *   fake.state.update('33357', { title: '…' });         // a change for the next "night"
 *   fake.setFaults({ rateLimit: { count: 2, retryAfter: 1 } });
 *   fake.requests                                        // every request served
 *   await fake.close();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { exportCsv, exportJson } from './export-format.js';
import { FakePlatformState, type ChangeStatus } from './fake-state.js';
import type { FakeDataset } from './fake-types.js';
import { FAKE_AGENCIES } from './fixture/agencies.js';
import { generateFixture, type FixtureOptions } from './fixture/generate.js';

export type FakeRoute =
  | 'export'
  | 'changedExport'
  | 'changedList'
  | 'detail'
  | 'list'
  | 'simpleList'
  | 'optionsList'
  | 'frontDetail'
  | 'comments'
  | 'qc'
  | 'molList'
  | 'molDetail'
  | 'other';

export interface FakeFaults {
  /** The next `count` matching requests get 429 with `Retry-After: retryAfter` (seconds, default 1). */
  rateLimit?: { count: number; retryAfter?: number; routes?: FakeRoute[] };
  /** The next `count` matching requests get HTTP `status` (default 503): a 5xx burst. */
  serverError?: { count: number; status?: number; routes?: FakeRoute[] };
  /** The next `count` matching JSON requests get HTTP 200 `success:false` with this error type. */
  successFalse?: { count: number; errorType: string; message?: string; routes?: FakeRoute[] };
  /** Serve only this fraction of the export's rows (a short but well-formed file). */
  truncateExportRows?: number;
  /** Cut the export body at this fraction of its bytes (mid-record), Content-Length matching the cut. */
  truncateExportBytes?: number;
  /**
   * Drop the connection after this fraction of the export body, `count` times (a broken transfer),
   * `holdMs` after sending it (default 20).
   */
  breakExport?: { count: number; fraction: number; holdMs?: number };
  /** Insert a malformed row (too few fields) after data row `afterRow`. */
  malformedRow?: { afterRow: number; text?: string };
  /** Rename export headers (schema drift), e.g. `{ 資料集識別碼: 'ID' }`. */
  renameColumns?: Record<string, string>;
  /** v2 detail drift: drop keys from / set keys on every `result`. */
  detailDrift?: { drop?: string[]; set?: Record<string, unknown> };
  /** Delay matching responses by `ms` (the next `count` only, if given). */
  latency?: { ms: number; routes?: FakeRoute[]; count?: number };
  /** Serve the CSV exports without a BOM. */
  noBom?: boolean;
  /** Serve the CSV exports with CRLF record ends. */
  crlf?: boolean;
  /** Override fields of these datasets (by id) in the full and changed exports, e.g. an impossible 上架日期. */
  exportOverrides?: Record<string, Partial<FakeDataset>>;
  /** Datasets (still listed) also named by `simple-list` status `unpublish`: scheduled for delisting. */
  scheduledDelisting?: string[];
  /** The planned delisting day of some of them (served as `unpublish_date`). */
  scheduledDelistingDates?: Record<string, string>;
  /** Set keys on these datasets' front-list items (by id), e.g. a count beyond integer range. */
  listOverrides?: Record<string, Record<string, unknown>>;
}

export interface FakeRequest {
  route: FakeRoute;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  at: Date;
}

export interface FakePlatform {
  url: string;
  state: FakePlatformState;
  requests: FakeRequest[];
  setFaults(faults: FakeFaults): void;
  clearFaults(): void;
  /**
   * Serve the full CSV export from this file instead of the state (benchmarks); `count` is then the
   * platform's own dataset count (unfiltered list `search_count`).
   */
  setExportFile(path: string | null, count?: number): void;
  close(): Promise<void>;
}

export interface FakePlatformOptions extends FixtureOptions {
  datasets?: readonly FakeDataset[];
  /** The fake's "today" (Taipei date) under which mutations are logged; default 2026-09-15. */
  today?: string;
  port?: number;
}

export async function createFakePlatform(options: FakePlatformOptions = {}): Promise<FakePlatform> {
  const state = new FakePlatformState(
    options.datasets ?? generateFixture(options),
    options.today ?? '2026-09-15',
  );
  const requests: FakeRequest[] = [];
  let faults: FakeFaults = {};
  let exportFile: string | null = null;
  let exportFileCount: number | null = null;
  const sockets = new Set<Socket>();

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `fake platform error: ${String(err)}`);
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(u.searchParams);
    const body = await readBody(req);
    const route = routeOf(req.method ?? 'GET', u.pathname);
    const entry: FakeRequest = {
      route,
      method: req.method ?? 'GET',
      path: u.pathname,
      query,
      body,
      status: 0,
      at: new Date(),
    };
    requests.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));
    // A client that hung up before any answer stays at 0 (statusCode says 200 until one is sent).
    res.on('close', () => (entry.status ||= res.headersSent ? res.statusCode : 0));

    const lat = faults.latency;
    if (lat && matches(lat.routes, route) && (lat.count === undefined || lat.count > 0)) {
      if (lat.count !== undefined) lat.count--;
      await new Promise((r) => setTimeout(r, lat.ms));
      // Only a client that hung up gets no answer. (`req.destroyed` says nothing here: a request
      // is destroyed as soon as its body has been read.)
      if (res.destroyed || res.socket?.destroyed !== false) return;
    }
    const rl = faults.rateLimit;
    if (rl && rl.count > 0 && matches(rl.routes, route)) {
      rl.count--;
      res.setHeader('Retry-After', String(rl.retryAfter ?? 1));
      return send(res, 429, 'text/html', '<html><body>Too Many Requests</body></html>');
    }
    const se = faults.serverError;
    if (se && se.count > 0 && matches(se.routes, route)) {
      se.count--;
      return send(res, se.status ?? 503, 'text/html', '<html><body>Service Unavailable</body></html>');
    }
    const sf = faults.successFalse;
    if (sf && sf.count > 0 && matches(sf.routes, route) && route !== 'export' && route !== 'changedExport') {
      sf.count--;
      return json(res, 200, {
        success: false,
        error: { error_type: sf.errorType, message: sf.message ?? sf.errorType },
      });
    }
    return serve(route, req, res, u, query, body);
  }

  function serve(
    route: FakeRoute,
    req: IncomingMessage,
    res: ServerResponse,
    u: URL,
    query: Record<string, string>,
    body: unknown,
  ): void {
    const p = u.pathname;
    switch (route) {
      case 'export':
        return serveExport(res, query.format === 'json' ? 'json' : 'csv');
      case 'changedExport': {
        const date = query.report_date;
        if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date))
          return json(res, 400, {
            success: false,
            code: 400,
            message: 'parameter: <report_date> is required',
          });
        const rows = state.changesOn(date);
        const extra = { header: '資料集變動狀態', values: rows.map((r) => r.status) };
        const data = rows.map((r) => overridden(r.dataset));
        const text =
          query.format === 'json'
            ? exportJson(data, extra)
            : exportCsv(data, { extra, bom: !faults.noBom, crlf: !!faults.crlf });
        return attachment(
          res,
          `datagovtw_dataset_changed_${date.replace(/-/g, '')}.${query.format === 'json' ? 'json' : 'csv'}`,
          text,
        );
      }
      case 'changedList': {
        const b = (body ?? {}) as { report_date?: string; page?: number; size?: number };
        if (!b.report_date)
          return json(res, 400, {
            success: false,
            code: 400,
            message: 'parameter: <report_date> is required',
          });
        const rows = state.changesOn(b.report_date);
        const page = Math.max(1, Number(b.page ?? 1));
        const size = Math.max(1, Number(b.size ?? 100));
        return json(res, 200, {
          success: true,
          code: 200,
          payload: {
            search_count: rows.length,
            search_result: rows.slice((page - 1) * size, page * size).map((r) => ({
              nid: r.dataset.id,
              title: r.dataset.title,
              agency_name: r.dataset.publisher,
              status: r.status,
            })),
          },
        });
      }
      case 'detail': {
        if (req.method !== 'GET')
          return json(res, 200, {
            success: false,
            error: {
              error_type: 'ER0001:API Key錯誤',
              message: 'API Key錯誤: HTTP 標頭沒設定 Authorization Key',
            },
          });
        const id = decodeURIComponent(p.split('/').pop() ?? '');
        const d = state.datasets.get(id);
        return json(res, 200, { help: '', success: true, result: d && d.listed ? detailOf(d) : null });
      }
      case 'qc': {
        const oid = decodeURIComponent(p.split('/').pop() ?? '');
        const result = state
          .listed()
          .filter(
            (d) =>
              d.publisherOid &&
              (d.publisherOid.split('|')[0] === oid || d.publisherOid.startsWith(`${oid}.`)),
          )
          .map((d) => ({
            datasetId: d.id,
            title: d.title,
            linkable: '1',
            downloadable: '1',
            structure: '1',
            encoding_match: d.encodings.includes('BIG5') ? '0' : '1',
            desc_match: '1',
            csv: d.formats.includes('CSV') ? '1' : '0',
            created: d.publishedAt,
            request: '',
            changed: d.modifiedAt,
          }));
        return json(res, 200, { success: true, result });
      }
      case 'list':
        return serveList(res, body);
      case 'simpleList': {
        const status = (body as { status?: string } | null)?.status;
        if (!status)
          return json(res, 400, { success: false, code: 400, message: 'parameter: <status> is required' });
        const scheduled = new Set(status === 'unpublish' ? (faults.scheduledDelisting ?? []) : []);
        const rows = [...state.datasets.values()].filter((d) =>
          status === 'publish' ? d.listed : !d.listed || scheduled.has(d.id),
        );
        return json(res, 200, {
          success: true,
          code: 200,
          payload: {
            search_count: rows.length,
            search_result: rows.map((d) => ({
              nid: d.id,
              title: d.title,
              agency_name: d.publisher,
              ...(status === 'history' && d.delistedOn ? { unpublish_date: d.delistedOn } : {}),
              ...(status === 'unpublish' && scheduled.has(d.id) && faults.scheduledDelistingDates?.[d.id]
                ? { unpublish_date: faults.scheduledDelistingDates[d.id] }
                : {}),
            })),
          },
        });
      }
      case 'optionsList': {
        if ((body as { name?: string } | null)?.name !== 'agency')
          return json(res, 400, { success: false, code: 400, message: 'parameter: <name> is required' });
        return json(res, 200, {
          success: true,
          code: 200,
          payload: FAKE_AGENCIES.map((a) => ({ tid: a.tid, name: a.name })),
        });
      }
      case 'frontDetail': {
        if (p.endsWith('/extras')) return send(res, 401, 'text/plain', 'Not authorized');
        const nid = query.nid;
        if (!nid)
          return json(res, 400, { success: false, code: 400, message: 'parameter: <nid> is required' });
        const d = state.datasets.get(nid);
        if (!d || !d.listed) return json(res, 200, { success: true, code: 200, payload: null });
        return json(res, 200, {
          success: true,
          code: 200,
          payload: {
            ...listItem(d),
            resources: d.urls.map((url, i) => ({ url, file_format: d.formats[i] ?? null, api_doc_url: '' })),
          },
        });
      }
      case 'comments': {
        const nid = (body as { nid?: string | number } | null)?.nid;
        if (nid === undefined || nid === '')
          return json(res, 400, { success: false, code: 400, message: 'parameter: <nid> is required' });
        const d = state.datasets.get(String(nid));
        const results = (d?.comments ?? []).map((c) => ({
          nid: String(nid),
          cid: c.cid,
          title: c.title,
          body: c.body,
          reply: c.reply.map((r) => ({ nid: String(nid), pid: c.cid, title: r.title, body: r.body })),
        }));
        return json(res, 200, { success: true, code: 200, message: 'ok', payload: { results } });
      }
      case 'molList': {
        const modified = query.modified;
        const ids = state
          .listed()
          .filter((d) => d.publisherOid?.startsWith('2.16.886.101.20003.20063'))
          .filter((d) => !modified || d.modifiedAt.slice(0, 10) >= modified)
          .map((d) => d.id);
        return json(res, 200, ids);
      }
      case 'molDetail': {
        const d = state.datasets.get(p.split('/').pop() ?? '');
        if (!d || !d.listed)
          return json(res, 200, {
            success: false,
            error: { type: 'ER0100', message: '找不到指定的資料集。' },
          });
        const r = detailOf(d) as Record<string, unknown>;
        r.updateFrequency = { regularupdate: '1', frequency: '', unittime: '' };
        return json(res, 200, r);
      }
      default:
        if (p === '/api/v2/rest/dataset') {
          if (req.method === 'GET') {
            res.setHeader('Allow', 'POST');
            return json(res, 405, { message: 'Method Not Allowed' });
          }
          return json(res, 200, {
            success: false,
            error: {
              error_type: 'ER0001:API Key錯誤',
              message: 'API Key錯誤: HTTP 標頭沒設定 Authorization Key',
            },
          });
        }
        if (p.startsWith('/api/v1/'))
          return send(res, 404, 'text/html', '<html><body>Not Found</body></html>');
        return send(res, 404, 'text/html', '<html><body>Not Found</body></html>');
    }
  }

  function overridden(d: FakeDataset): FakeDataset {
    const o = faults.exportOverrides?.[d.id];
    return o ? { ...d, ...o } : d;
  }

  function serveExport(res: ServerResponse, format: 'csv' | 'json'): void {
    if (exportFile && format === 'csv') {
      void import('node:fs').then(({ createReadStream, statSync }) => {
        res.writeHead(200, {
          'Content-Type': 'text/html; charset=UTF-8',
          'Content-Disposition': 'attachment; filename=datagovtw_dataset_bench.csv',
          'Content-Length': String(statSync(exportFile!).size),
        });
        createReadStream(exportFile!).pipe(res);
      });
      return;
    }
    let rows = state.listed().map(overridden);
    if (faults.truncateExportRows !== undefined)
      rows = rows.slice(0, Math.floor(rows.length * faults.truncateExportRows));
    let text =
      format === 'json'
        ? exportJson(rows)
        : exportCsv(rows, {
            bom: !faults.noBom,
            crlf: !!faults.crlf,
            ...(faults.renameColumns ? { rename: faults.renameColumns } : {}),
          });
    if (faults.malformedRow && format === 'csv') {
      const eol = faults.crlf ? '\r\n' : '\n';
      // Insert after the Nth record: find its end by re-rendering the prefix.
      const head = exportCsv(rows.slice(0, faults.malformedRow.afterRow), {
        bom: !faults.noBom,
        crlf: !!faults.crlf,
      });
      text =
        head + (faults.malformedRow.text ?? '999999,壞掉的一列,檔案資料') + eol + text.slice(head.length);
    }
    let buf = Buffer.from(text, 'utf8');
    if (faults.truncateExportBytes !== undefined)
      buf = buf.subarray(0, Math.floor(buf.length * faults.truncateExportBytes));
    const date = state.today.replace(/-/g, '');
    const brk = faults.breakExport;
    if (brk && brk.count > 0) {
      brk.count--;
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=UTF-8',
        'Content-Length': String(buf.length),
        'Content-Disposition': `attachment; filename=datagovtw_dataset_${date}.${format}`,
      });
      res.write(buf.subarray(0, Math.floor(buf.length * brk.fraction)));
      setTimeout(() => res.socket?.destroy(), brk.holdMs ?? 20);
      return;
    }
    attachment(res, `datagovtw_dataset_${date}.${format}`, buf);
  }

  function serveList(res: ServerResponse, body: unknown): void {
    const b = (body ?? {}) as {
      filter?: Array<{ fields?: string; query?: unknown }>;
      page_num?: number;
      page_limit?: number;
    };
    let rows = state.listed();
    // The trap: unknown filter fields (and unknown body keys) are silently ignored → whole catalogue.
    for (const f of b.filter ?? []) {
      if (f.fields === 'agency_tid') {
        const tids = (Array.isArray(f.query) ? f.query : [f.query]).map(Number);
        rows = rows.filter((d) => d.agencyTid !== null && tids.includes(d.agencyTid));
      } else if (f.fields === 'category_dataset_tid') {
        rows = rows.filter((d) => d.provisionType === 'API服務');
      }
    }
    const page = Math.max(1, Number(b.page_num ?? 1));
    const size = Math.max(1, Number(b.page_limit ?? 50));
    const unfiltered = !(b.filter ?? []).some(
      (f) => f.fields === 'agency_tid' || f.fields === 'category_dataset_tid',
    );
    json(res, 200, {
      success: true,
      code: 200,
      payload: {
        search_count: exportFile && exportFileCount !== null && unfiltered ? exportFileCount : rows.length,
        search_result: rows.slice((page - 1) * size, page * size).map(listItem),
      },
    });
  }

  function detailOf(d: FakeDataset): unknown {
    const m = /^每(\d+)(\D+)$/.exec(d.updateFrequency);
    const idKey = Number(d.id) % 7 === 0 ? 'datasetid' : 'datasetId';
    const result: Record<string, unknown> = {
      [idKey]: Number(d.id) % 2 === 0 ? d.id : Number(d.id),
      identifier: d.identifier,
      title: d.title,
      description: d.description,
      categoryService: 'I00',
      categoryDataset: 'A',
      type: d.uploadMethod === '原始資料' ? 'rawData' : 'systemAPI',
      license: '1',
      cost: 'free',
      dataProvider: 'loginaccount',
      publisherOID: d.publisherOid,
      publisherContactName: d.contactName,
      publisherContactPhone: d.contactPhone,
      publisherContactEmail: 'opendata@example.gov.tw',
      updateFrequency: m
        ? { regularupdate: '1', Frequency: m[1], unittime: m[2] }
        : { regularupdate: '2', Frequency: '', unittime: '' },
      dataQuality: d.quality,
      coverageStartedDate: '2014-01-01',
      coverageEndedDate: '',
      publishedDate: d.publishedAt.slice(0, 10),
      modifiedDate: d.modifiedAt,
      spatialCoverage: '臺灣',
      language: 'zh',
      relatedUrl: d.relatedUrl,
      keyword: [d.title.slice(0, 4)],
      notes: d.notes,
      distribution: d.formats.map((f, i) => ({
        resourceDescription: d.title,
        resourceField:
          Number(d.id) % 3 === 0
            ? d.fields
                .split(';')
                .filter(Boolean)
                .map((name) => ({ name, description: name }))
            : d.fields.split(';').filter(Boolean).join(','),
        qcLevel: d.quality,
        resourceFormat: f,
        resourceCharacterEncoding: d.encodings[i] ?? 'UTF-8',
        resourceQualityCheckTime: '2026-08-01',
        resourceDownloadUrl: d.urls[i] ?? '',
        resourceAmount: d.amounts[i] ?? '0',
        resourceNotes: '',
      })),
    };
    const drift = faults.detailDrift;
    if (drift) {
      for (const k of drift.drop ?? []) delete result[k];
      Object.assign(result, drift.set ?? {});
    }
    return result;
  }

  function listItem(d: FakeDataset): Record<string, unknown> {
    return {
      nid: d.id,
      title: d.title,
      content: d.description,
      agency_name: d.publisher,
      agency_tid: d.agencyTid,
      category_name: d.category,
      license_name: d.license,
      updatefreq_desc: d.updateFrequency,
      charge: d.cost,
      all_file_format_name: d.formats,
      all_url: d.urls[0] ?? '',
      all_encoding: d.encodings.join(','),
      all_amount: d.amounts[0] ?? '0',
      quality_badge_type: d.quality,
      liaison_displayname: d.contactName,
      pubdate: d.publishedAt.slice(0, 10),
      changed: { date: d.modifiedAt },
      metadata_changed: d.modifiedAt,
      dataset_view_times: d.views,
      resource_download_times: d.downloads,
      comment_quantity: d.comments.length,
      ...faults.listOverrides?.[d.id],
    };
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    requests,
    setFaults: (f) => {
      faults = structuredClone(f);
    },
    clearFaults: () => {
      faults = {};
    },
    setExportFile: (path, count) => {
      exportFile = path;
      exportFileCount = count ?? null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function routeOf(method: string, p: string): FakeRoute {
  if (p === '/api/front/dataset/export' || p === '/api/v2/rest/dataset/export') return 'export';
  if (p === '/api/front/dataset/changed/export') return 'changedExport';
  if (p === '/api/front/dataset/changed/list' && method === 'POST') return 'changedList';
  if (/^\/api\/v2\/rest\/dataset\/[^/]+$/.test(p)) return 'detail';
  if (/^\/api\/v2\/rest\/qc\/[^/]+$/.test(p)) return 'qc';
  if (p === '/api/front/dataset/list' && method === 'POST') return 'list';
  if (p === '/api/front/dataset/simple-list' && method === 'POST') return 'simpleList';
  if (p === '/api/front/dataset/options-list' && method === 'POST') return 'optionsList';
  if (p.startsWith('/api/front/dataset/detail')) return 'frontDetail';
  if (p === '/api/front/comment/detail' && method === 'POST') return 'comments';
  if (p === '/OdService/rest/dataset') return 'molList';
  if (/^\/OdService\/rest\/dataset\/[^/]+$/.test(p)) return 'molDetail';
  return 'other';
}

function matches(routes: FakeRoute[] | undefined, route: FakeRoute): boolean {
  return routes === undefined || routes.includes(route);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return null;
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(buf.length) });
  res.end(buf);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

/** The export's quirks: attachment, but `Content-Type: text/html`. */
function attachment(res: ServerResponse, filename: string, body: string | Buffer): void {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=UTF-8',
    'Content-Disposition': `attachment; filename=${filename}`,
    'Content-Length': String(buf.length),
  });
  res.end(buf);
}

export type { ChangeStatus };
