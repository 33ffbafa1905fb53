/**
 * The data.gov.tw adapter: one method per need (export, changed export, detail, front list,
 * comments). Every path comes from configuration. Bodies are validated here with zod, after the
 * retried HTTP call returned.
 */
import type { Writable } from 'node:stream';
import type { z } from 'zod';
import type { Config } from '../config/index.js';
import { SchemaError } from '../errors.js';
import type { Logger } from '../logger.js';
import {
  datasetDetailSchema,
  detailEnvelopeSchema,
  type DatasetDetail,
} from '../../schemas/platform-detail.js';
import {
  frontListEnvelopeSchema,
  frontListItemSchema,
  type FrontListItem,
  type FrontListRequest,
} from '../../schemas/platform-front-list.js';
import {
  historyListItemSchema,
  scheduledListItemSchema,
  type HistoryListItem,
  type ScheduledListItem,
} from '../../schemas/platform-history-list.js';
import {
  commentSchema,
  commentsEnvelopeSchema,
  type PlatformComment,
} from '../../schemas/platform-comments.js';
import {
  PlatformHttp,
  type DownloadResult,
  type HttpStats,
  type PlatformHttpOptions,
} from './http-client.js';
import { userAgent } from './version.js';

/** The endpoint part of the platform configuration (paths are configuration, not code). */
export type PlatformEndpoints = Pick<
  Config['platform'],
  | 'exportPath'
  | 'exportFormat'
  | 'changedExportPath'
  | 'detailPath'
  | 'listPath'
  | 'commentsPath'
  | 'unpublishedPath'
>;

/** A record that failed validation: kept raw with the reason, for quarantine. */
export interface InvalidRecord {
  key: string | null;
  reason: string;
  raw: unknown;
}

export interface ListPage {
  count: number;
  items: FrontListItem[];
  invalid: InvalidRecord[];
}

export class PlatformClient {
  constructor(
    readonly http: PlatformHttp,
    readonly endpoints: PlatformEndpoints,
    private readonly logger: Logger,
  ) {}

  get stats(): HttpStats {
    return this.http.stats;
  }

  /** Stream the full catalogue export into `open()` (a file). */
  downloadExport(open: () => Writable[]): Promise<DownloadResult> {
    return this.http.download(this.endpoints.exportPath, { format: this.endpoints.exportFormat }, open);
  }

  /** Stream one day's changed export (`report_date`, a Taipei calendar date) into `open()`. */
  downloadChangedExport(reportDate: string, open: () => Writable[]): Promise<DownloadResult> {
    return this.http.download(
      this.endpoints.changedExportPath,
      { format: this.endpoints.exportFormat, report_date: reportDate },
      open,
    );
  }

  /** v2 detail of one dataset; null when the platform says the id is unknown (`result:null`). */
  async fetchDetail(datasetId: string): Promise<{ detail: DatasetDetail | null; raw: unknown }> {
    const path = this.endpoints.detailPath.replace('{id}', encodeURIComponent(datasetId));
    const body = await this.http.getJson(path);
    const env = parseOrThrow(detailEnvelopeSchema, body, `${path}: envelope`);
    if (env.result === null || env.result === undefined) return { detail: null, raw: body };
    const detail = parseOrThrow(datasetDetailSchema, env.result, `${path}: result`);
    if (detail.datasetId !== datasetId) {
      throw new SchemaError(`${path}: asked for dataset ${datasetId}, got ${detail.datasetId}`);
    }
    return { detail, raw: body };
  }

  /** The platform's own count of published datasets (front list, no filter, one row). */
  async totalCount(): Promise<number> {
    const body = await this.http.postJson(this.endpoints.listPath, listRequest([], 1, 1));
    return parseOrThrow(frontListEnvelopeSchema, body, `${this.endpoints.listPath}`).payload.search_count;
  }

  /**
   * One page of an agency's datasets. Guards the "unknown filter key returns the whole catalogue"
   * trap: every row must carry the requested agency_tid, else SchemaError.
   */
  async listByAgency(agencyTid: number, page: number, size = 50): Promise<ListPage> {
    const path = this.endpoints.listPath;
    const body = await this.http.postJson(
      path,
      listRequest([{ fields: 'agency_tid', query: [agencyTid] }], page, size),
    );
    const env = parseOrThrow(frontListEnvelopeSchema, body, path);
    const items: FrontListItem[] = [];
    const invalid: InvalidRecord[] = [];
    for (const raw of env.payload.search_result) {
      const r = frontListItemSchema.safeParse(raw);
      if (!r.success) {
        invalid.push({ key: keyOf(raw, 'nid'), reason: issuesText(r.error), raw });
        continue;
      }
      if (r.data.agency_tid !== undefined && Number(r.data.agency_tid) !== agencyTid) {
        throw new SchemaError(
          `${path}: agency filter ${agencyTid} returned dataset ${r.data.nid} of agency ${String(r.data.agency_tid)} ` +
            `(search_count ${env.payload.search_count}): the filter was ignored, refusing the page`,
        );
      }
      items.push(r.data);
    }
    return { count: env.payload.search_count, items, invalid };
  }

  /** Every page of an agency's datasets (stops at search_count). */
  async listAllByAgency(agencyTid: number, size = 50): Promise<ListPage> {
    const all: ListPage = { count: 0, items: [], invalid: [] };
    for (let page = 1; ; page++) {
      const p = await this.listByAgency(agencyTid, page, size);
      all.count = p.count;
      all.items.push(...p.items);
      all.invalid.push(...p.invalid);
      if (p.items.length + p.invalid.length < size || all.items.length + all.invalid.length >= p.count) break;
    }
    return all;
  }

  /**
   * Datasets scheduled for delisting (simple-list, status unpublish, 預計下架), with the planned day
   * where the item gives one; null when the route is configured off.
   */
  async listUnpublished(): Promise<{
    items: ScheduledListItem[];
    invalid: InvalidRecord[];
    raw: unknown;
  } | null> {
    const path = this.endpoints.unpublishedPath;
    if (!path) return null;
    const body = await this.http.postJson(path, { status: 'unpublish' });
    const env = parseOrThrow(frontListEnvelopeSchema, body, path);
    const items: ScheduledListItem[] = [];
    const invalid: InvalidRecord[] = [];
    for (const raw of env.payload.search_result) {
      const r = scheduledListItemSchema.safeParse(raw);
      if (r.success) items.push(r.data);
      else invalid.push({ key: keyOf(raw, 'nid'), reason: issuesText(r.error), raw });
    }
    return { items, invalid, raw: body };
  }

  /**
   * Datasets delisted from the platform, with the platform's delisting date where the item has one
   * (simple-list, status history; the same route as the unpublished list). Null when it is off.
   */
  async listDelistedHistory(): Promise<{
    items: HistoryListItem[];
    invalid: InvalidRecord[];
  } | null> {
    const path = this.endpoints.unpublishedPath;
    if (!path) return null;
    const body = await this.http.postJson(path, { status: 'history' });
    const env = parseOrThrow(frontListEnvelopeSchema, body, path);
    const items: HistoryListItem[] = [];
    const invalid: InvalidRecord[] = [];
    for (const raw of env.payload.search_result) {
      const r = historyListItemSchema.safeParse(raw);
      if (r.success) items.push(r.data);
      else invalid.push({ key: keyOf(raw, 'nid'), reason: issuesText(r.error), raw });
    }
    return { items, invalid };
  }

  /**
   * One page of the agency machine-to-machine citizen-requests feed (`path` from configuration),
   * the key in `apiKeyHeader`. Unvalidated: the feedback module owns the feed's shape.
   */
  fetchRequestsFeed(path: string, apiKeyHeader: string, apiKey: string): Promise<unknown> {
    return this.http.getJson(path, undefined, { [apiKeyHeader]: apiKey });
  }

  /** Comments (with agency replies) of one dataset. */
  async fetchComments(
    nid: string,
  ): Promise<{ comments: PlatformComment[]; invalid: InvalidRecord[]; raw: unknown }> {
    const path = this.endpoints.commentsPath;
    const body = await this.http.postJson(path, { nid });
    const env = parseOrThrow(commentsEnvelopeSchema, body, path);
    const comments: PlatformComment[] = [];
    const invalid: InvalidRecord[] = [];
    for (const raw of env.payload.results) {
      const r = commentSchema.safeParse(raw);
      if (r.success) comments.push(r.data);
      else invalid.push({ key: keyOf(raw, 'cid'), reason: issuesText(r.error), raw });
    }
    return { comments, invalid, raw: body };
  }
}

/**
 * Build the client from configuration (jobs call this; tests pass `overrides` to shorten the
 * retry back-off and mark their User-Agent).
 */
export function createPlatformClient(
  config: Readonly<Config>,
  logger: Logger,
  overrides: Pick<PlatformHttpOptions, 'policy'> & { userAgent?: string } = {},
): PlatformClient {
  const http = new PlatformHttp({
    baseUrl: config.baseUrl,
    timeoutMs: config.http.timeoutMs,
    concurrency: config.http.concurrency,
    ratePerSecond: config.http.ratePerSecond,
    retries: config.platform.retries,
    retryableCodes: config.platform.retryableCodes,
    userAgent: overrides.userAgent ?? userAgent(config.platform.contact),
    logger,
    ...(overrides.policy ? { policy: overrides.policy } : {}),
  });
  return new PlatformClient(http, config.platform, logger);
}

/** The front list's request body (the one shape every caller sends). */
export function listRequest(
  filter: FrontListRequest['filter'],
  page: number,
  size: number,
): FrontListRequest {
  return { bool: [], filter, page_num: page, page_limit: size, tids: [], sort: 'metadata_changed.date_desc' };
}

export function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

function parseOrThrow<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const r = schema.safeParse(body);
  if (!r.success) throw new SchemaError(`${what}: unexpected response shape: ${issuesText(r.error)}`);
  return r.data;
}

function keyOf(raw: unknown, key: string): string | null {
  if (raw && typeof raw === 'object' && key in raw) {
    const v = (raw as Record<string, unknown>)[key];
    return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
  }
  return null;
}
