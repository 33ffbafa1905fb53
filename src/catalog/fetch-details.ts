/**
 * The v2 detail of new and changed datasets first, then of the backlog (details never fetched or
 * stale). A new dataset whose publisherOID says it is not ours is excluded again.
 */
import { PlatformFetchError, SchemaError } from '../errors.js';
import type { Logger } from '../logger.js';
import { mapLimit, type PlatformClient } from '../platform/index.js';
import type { DetailUpdate, KnownDataset, QuarantineItem } from './catalog-store.js';
import type { PublisherFilter } from './publisher-filter.js';
import type { CatalogProgress } from './sync-catalog.js';

export interface DetailsInput {
  client: PlatformClient;
  logger: Logger;
  filter: PublisherFilter;
  /** New or changed this run: id → content hash. */
  upserts: ReadonlyMap<string, string>;
  known: ReadonlyMap<string, KnownDataset>;
  unchanged: ReadonlySet<string>;
  limit: number;
  concurrency: number;
  addQuarantine: (q: QuarantineItem) => void;
  progress: (p: CatalogProgress) => void;
}

export interface DetailsResult {
  details: DetailUpdate[];
  /** The raw answers, for the run's archive. */
  archive: unknown[];
  /** New datasets that turned out not to be ours. */
  excluded: string[];
  failed: number;
}

export async function fetchDetails(input: DetailsInput): Promise<DetailsResult> {
  const { client, logger, filter, upserts, known } = input;
  const ids = pickDetailIds(upserts, known, input.unchanged, input.limit);
  const out: DetailsResult = { details: [], archive: [], excluded: [], failed: 0 };
  let done = 0;
  await mapLimit(ids, input.concurrency, async (id) => {
    try {
      const { detail, raw } = await client.fetchDetail(id);
      out.archive.push({ datasetId: id, response: raw });
      const hash = upserts.get(id) ?? known.get(id)?.hash ?? '';
      if (detail) {
        const m = filter.match({
          oid: detail.publisherOid,
          name: detail.publisherOidName ?? known.get(id)?.publisherName ?? null,
          identifier: detail.identifier ?? null,
        });
        if (!m.ours && upserts.has(id) && !known.has(id)) {
          logger.info({ datasetId: id, reason: m.reason }, 'dataset excluded: its publisherOID is not ours');
          out.excluded.push(id);
          return;
        }
      }
      out.details.push({
        datasetId: id,
        status: detail ? 'ok' : 'not_found',
        detail: detail ?? null,
        publisherOid: detail?.publisherOid ?? null,
        identifier: detail?.identifier ?? null,
        contentHash: hash,
      });
    } catch (err) {
      if (err instanceof SchemaError) {
        input.addQuarantine({ source: 'detail', key: id, reason: err.message, raw: null });
      } else if (err instanceof PlatformFetchError) {
        out.failed++;
        logger.warn({ datasetId: id, err: err.message }, 'detail call failed');
      } else throw err;
    } finally {
      done++;
      if (done % 20 === 0) input.progress({ phase: 'details', done, total: ids.length });
    }
  });
  return out;
}

function pickDetailIds(
  upserts: ReadonlyMap<string, string>,
  known: ReadonlyMap<string, KnownDataset>,
  unchanged: ReadonlySet<string>,
  limit: number,
): string[] {
  if (limit <= 0) return [];
  const out: string[] = [];
  for (const id of upserts.keys()) {
    if (out.length >= limit) return out;
    out.push(id);
  }
  for (const id of unchanged) {
    if (out.length >= limit) break;
    const k = known.get(id);
    if (k && k.detailHash !== k.hash) out.push(id);
  }
  return out;
}
