/**
 * End to end: the catalogue stage syncs the fake platform into the database, the plan stage imports
 * the seed minutes, and the reconcile job reads both from the database: every seed item gets the
 * golden status and dataset (same answer as the pure golden test).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runReconcile } from '../../jobs/reconcile.js';
import { MOL_PLAN_DATASETS, createFakePlatform, type FakePlatform } from '../fake-platform/index.js';
import { runSync, tempDataDir } from '../catalog/sync-helpers.js';
import { describeEngines } from '../helpers/engines.js';
import { goldenExpectation } from '../reconcile/golden-expectations.js';
import { importSeedPlan, testRuntime } from './db-helpers.js';

describeEngines('reconcile after a real catalogue sync of the fake platform', (ctx) => {
  let fake: FakePlatform;
  let data: ReturnType<typeof tempDataDir>;
  beforeEach(async () => {
    fake = await createFakePlatform();
    data = tempDataDir();
  });
  afterEach(async () => {
    await fake.close();
    data.remove();
  });

  it('gives every seed item its golden status', async () => {
    const sync = await runSync(
      { handle: ctx.db.handle, baseUrl: fake.url, dataDir: data.dir },
      '2026-09-15T18:30:00Z',
      {
        full: true,
      },
    );
    expect(sync.status).toBe('succeeded');
    await importSeedPlan(ctx.db.handle.db, '2026-09-15T00:00:00Z');
    const r = await runReconcile(testRuntime(ctx.db.handle, '2026-09-16T03:00:00Z'));
    expect(r.result.asOf).toBe('2026-09-16'); // today in Asia/Taipei
    const rows = await ctx.db.handle.db
      .selectFrom('reconcile_item_statuses')
      .select(['plan_key', 'status', 'dataset_id'])
      .where('run_id', '=', r.runId)
      .execute();
    const got = Object.fromEntries(
      rows.map((x) => [x.plan_key, { status: x.status, datasetId: x.dataset_id }]),
    );
    // Datasets delisted before the first sync are on the `unpublish` list, which names scheduled
    // delistings and is not read as evidence: without a delisted-history source they are unknown.
    const delistedBeforeFirstSync = new Set(
      MOL_PLAN_DATASETS.filter((e) => e.dataset?.delisted).map((e) => e.item),
    );
    for (let seq = 1; seq <= 48; seq++) {
      const expected = delistedBeforeFirstSync.has(seq)
        ? { status: 'overdue', datasetId: null }
        : goldenExpectation(seq, r.result.asOf);
      expect({ seq, ...got[`104-1#${seq}`] }).toEqual({ seq, ...expected });
    }
  });
});
