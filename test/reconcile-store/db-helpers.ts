/** Test helpers: a plan in the database (the seed minutes, through the plan stage) and datasets. */
import type { Kysely } from 'kysely';
import { fixedClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/index.js';
import type { Database, DbHandle } from '../../src/db/index.js';
import { silentLogger } from '../../src/logger.js';
import { preparePlanFile, storePlanVersion } from '../../src/plan/index.js';
import type { Runtime } from '../../jobs/runtime.js';
import { SEED_MINUTES } from '../reconcile/seed-plan.js';

/** Import the 2015 seed minutes as plan label `104-1` (plan keys `104-1#<seq>`). */
export async function importSeedPlan(db: Kysely<Database>, at = '2016-01-01T00:00:00Z'): Promise<void> {
  const plan = await preparePlanFile(SEED_MINUTES, { label: '104-1' });
  await storePlanVersion({ db, logger: silentLogger(), clock: fixedClock(at) }, plan);
}

export interface TestDataset {
  id: string;
  title: string;
  publisher?: string;
  description?: string;
  updateFrequency?: string | null;
  publishedDate: string;
  /** When odsync first saw it (default 2016-01-01). */
  seenAt?: string;
  /** Delisting instant (an event and datasets.delisted_at). */
  delistedAt?: string;
}

/** Insert datasets the way the catalogue stage stores them (current row, one version, events). */
export async function insertDatasets(db: Kysely<Database>, datasets: readonly TestDataset[]): Promise<void> {
  for (const d of datasets) {
    const seen = d.seenAt ?? '2016-01-01T00:00:00Z';
    const record = {
      datasetId: d.id,
      title: d.title,
      description: d.description ?? '',
      publisherName: d.publisher ?? '勞動部',
      updateFrequency: d.updateFrequency ?? '不定期更新',
      publishedDate: d.publishedDate,
      modifiedAt: null,
    };
    await db
      .insertInto('datasets')
      .values({
        dataset_id: d.id,
        title: d.title,
        title_key: d.title,
        publisher_name: record.publisherName,
        update_frequency: record.updateFrequency,
        published_date: d.publishedDate,
        content_hash: `h${d.id}`,
        current_version: 1,
        first_seen_at: seen,
        last_seen_at: seen,
        delisted_at: d.delistedAt ?? null,
      })
      .execute();
    await db
      .insertInto('dataset_versions')
      .values({
        dataset_id: d.id,
        version_no: 1,
        content_hash: `h${d.id}`,
        data: JSON.stringify(record),
        observed_at: seen,
      })
      .execute();
    await db
      .insertInto('dataset_events')
      .values({ dataset_id: d.id, event: 'listed', at: seen, source: 'full_pass' })
      .execute();
    if (d.delistedAt) {
      await db
        .insertInto('dataset_events')
        .values({ dataset_id: d.id, event: 'delisted', at: d.delistedAt, source: 'full_pass' })
        .execute();
    }
  }
}

/** A Runtime for job functions, on an open test handle, with a pinned clock. */
export function testRuntime(handle: DbHandle, at: string, env: Record<string, string> = {}): Runtime {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const logger = silentLogger();
  const clock = fixedClock(at);
  return {
    config,
    logger,
    clock,
    handle,
    migrations: { applied: [], alreadyApplied: 0 },
    runDeps: { handle, logger, clock, staleAfterMs: 600_000 },
    close: () => Promise.resolve(),
  };
}
