/**
 * Optional adapter: citizen requests from the agency machine-to-machine feed. Enabled only when
 * both DATAGOVTW_API_KEY and DATAGOVTW_REQUESTS_PATH are set; otherwise the sync reports "requests
 * feed not configured" and succeeds. The key travels in a header and never appears in a message.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { SchemaError, type InputProblem } from '../errors.js';
import type { Logger } from '../logger.js';
import type { PlatformClient } from '../platform/index.js';
import type { Publisher } from '../publishers/index.js';
import { feedItems, requestsFeedSchema } from '../../schemas/requests-feed.js';
import type { ParsedRequest } from './parse-requests-crawl.js';
import { mapColumns, missingColumns, parseExportRecord } from './parse-suggests-export.js';
import { ourAgencyMatcher } from './publisher-match.js';
import type { RequestField } from './request-columns.js';
import { storeRequests, type StoreRequestsResult } from './requests-store.js';

export interface RequestsFeedConfig {
  path: string | undefined;
  apiKey: string | undefined;
  apiKeyHeader: string;
  timeZone: string;
  publishers: readonly Publisher[] | null;
  keepAll: boolean;
}

export type RequestsFeedResult =
  | { configured: false; message: string }
  | ({
      configured: true;
      calls: number;
      itemsRead: number;
      invalid: number;
      problems: InputProblem[];
    } & StoreRequestsResult);

/**
 * Pull requests from the feed into the database (one transaction per import). The feed is fetched
 * through the platform client: its limiter, User-Agent, retry policy and request counters.
 */
export async function syncRequestsFeed(
  deps: { db: Kysely<Database>; platform: PlatformClient; logger: Logger; now: Date; runId: number | null },
  config: RequestsFeedConfig,
): Promise<RequestsFeedResult> {
  if (!config.apiKey || !config.path) {
    return {
      configured: false,
      message: 'requests feed not configured (set DATAGOVTW_API_KEY and DATAGOVTW_REQUESTS_PATH)',
    };
  }
  const paths = config.path.includes('{oid}')
    ? [...new Set((config.publishers ?? []).map((p) => p.oid).filter((o): o is string => o !== null))].map(
        (oid) => config.path!.replace('{oid}', encodeURIComponent(oid)),
      )
    : [config.path];
  const requests: ParsedRequest[] = [];
  const problems: InputProblem[] = [];
  let itemsRead = 0;
  for (const path of paths) {
    const body = await deps.platform.fetchRequestsFeed(path, config.apiKeyHeader, config.apiKey);
    const parsed = requestsFeedSchema.safeParse(body);
    if (!parsed.success) throw new SchemaError(`${path}: unexpected requests feed shape`);
    const items = feedItems(parsed.data);
    itemsRead += items.length;
    const mapping = mapColumns([...new Set(items.flatMap((i) => Object.keys(i)))]);
    const missing = items.length > 0 ? missingColumns(mapping) : null;
    if (missing) throw new SchemaError(`${path}: requests feed items: ${missing}`);
    items.forEach((item, index) => {
      const values = new Map<RequestField, unknown>();
      for (const [field, key] of mapping.fields) if (key in item) values.set(field, item[key]);
      const r = parseExportRecord(values, (f) => mapping.fields.get(f) ?? f, {
        file: path,
        row: index + 1,
        timeZone: config.timeZone,
        raw: item,
      });
      if (r.ok) requests.push(r.value);
      else problems.push(...r.problems);
    });
  }
  if (problems.length > 0) {
    deps.logger.warn({ invalid: problems.length }, 'requests feed items that failed validation were skipped');
  }
  const stored = await storeRequests(
    deps.db,
    requests.map((r) => ({ record: r.record, raw: r.raw })),
    {
      isOurs: ourAgencyMatcher(config.publishers),
      keepAll: config.keepAll,
      source: 'feed',
      sourceFile: null,
      now: deps.now,
      runId: deps.runId,
    },
  );
  return {
    configured: true,
    calls: paths.length,
    itemsRead,
    invalid: new Set(problems.map((p) => `${p.file}:${p.row}`)).size,
    problems,
    ...stored,
  };
}
