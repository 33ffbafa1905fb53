/** Volatile counters (comments, views, downloads) from the front list of publishers with an agency_tid. */
import { PlatformFetchError, SchemaError } from '../errors.js';
import type { PlatformClient } from '../platform/index.js';
import type { Publisher } from '../publishers/index.js';
import type { CountsUpdate, QuarantineItem } from './catalog-store.js';
import type { CatalogProgress } from './sync-catalog.js';

export interface FrontCounts {
  counts: CountsUpdate[];
  /** The pages as received, for the run's archive. */
  archive: unknown[];
  /** Why some publishers' counters were not refreshed (the pass is partial). */
  problems: string[];
}

export async function readFrontCounts(
  client: PlatformClient,
  publishers: readonly Publisher[],
  addQuarantine: (q: QuarantineItem) => void,
  progress: (p: CatalogProgress) => void,
): Promise<FrontCounts> {
  const out: FrontCounts = { counts: [], archive: [], problems: [] };
  for (const p of publishers) {
    if (p.agencyTid === null) continue;
    try {
      progress({ phase: 'counts', done: 0, total: null });
      const page = await client.listAllByAgency(p.agencyTid);
      out.archive.push({ agencyTid: p.agencyTid, count: page.count, items: page.items });
      for (const inv of page.invalid)
        addQuarantine({ source: 'front-list', key: inv.key, reason: inv.reason, raw: inv.raw });
      for (const item of page.items) {
        // Datasets not stored are ignored by the update itself (an incremental pass knows only some).
        out.counts.push({
          datasetId: item.nid,
          comments: item.comment_quantity ?? null,
          views: item.dataset_view_times ?? null,
          downloads: item.resource_download_times ?? null,
        });
      }
    } catch (err) {
      if (!(err instanceof PlatformFetchError || err instanceof SchemaError)) throw err;
      out.problems.push(`counters of ${p.name} not refreshed: ${err.message}`);
    }
  }
  return out;
}
