/**
 * Scheduled delistings (simple-list status unpublish, 預計下架) against the fake platform: stored as
 * scheduled with the platform's day, never as a delisting; a plan item's dataset on the list gets
 * `delisting_scheduled` until it is delisted, when it becomes `missing`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runReconcile } from '../../jobs/reconcile.js';
import { fixedClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import { preparePlanFile, storePlanVersion } from '../../src/plan/index.js';
import { describeDiscrepancy } from '../../src/report/index.js';
import { createFakePlatform, type FakePlatform } from '../../tools/fake-platform/index.js';
import { describeEngines } from '../helpers/engines.js';
import { testRuntime } from '../reconcile-store/db-helpers.js';
import { runSync, tempDataDir } from './sync-helpers.js';

const ID = '6281'; // 基本工資之制定與調整經過 (勞動部)

describeEngines('scheduled delistings', (ctx) => {
  let fake: FakePlatform;
  let data: ReturnType<typeof tempDataDir>;
  let planDir: string;
  beforeEach(async () => {
    fake = await createFakePlatform({ molCount: 30, otherCount: 10 });
    data = tempDataDir();
    planDir = mkdtempSync(join(tmpdir(), 'odsync-scheduled-'));
  });
  afterEach(async () => {
    await fake.close();
    data.remove();
    rmSync(planDir, { recursive: true, force: true });
  });

  it('warns before the delisting, never delists on it, and gives way to missing', async () => {
    const db = ctx.db.handle.db;
    const env = { handle: ctx.db.handle, baseUrl: fake.url, dataDir: data.dir };
    const file = join(planDir, 'plan.tsv');
    writeFileSync(
      file,
      `序號\t資料集名稱\t資料集概述\t預計開放年月\t管理單位\n1\t${fake.state.get(ID).title}\t\t102年12月\t勞動條件及就業平等司\n`,
    );
    await storePlanVersion(
      { db, logger: silentLogger(), clock: fixedClock('2026-09-01T00:00:00Z') },
      await preparePlanFile(file, { label: 'p' }),
    );
    const open = async (runId: number) =>
      db
        .selectFrom('reconcile_run_discrepancies')
        .selectAll()
        .where('run_id', '=', runId)
        .where('kind', 'in', ['delisting_scheduled', 'missing'])
        .execute();

    fake.setFaults({ scheduledDelisting: [ID], scheduledDelistingDates: { [ID]: '2026-10-01' } });
    const first = await runSync(env, '2026-09-15T18:30:00Z', { full: true });
    expect(first.status).toBe('succeeded');
    expect(first.counters.delisted).toBe(2); // the fixture's two delisted before the first sync
    const row = await db
      .selectFrom('datasets')
      .select('delisted_at')
      .where('dataset_id', '=', ID)
      .executeTakeFirstOrThrow();
    expect(row.delisted_at).toBeNull();
    const rows = await db
      .selectFrom('scheduled_delistings')
      .select(['dataset_id', 'scheduled_on', 'cleared_at'])
      .execute();
    expect(rows).toEqual([{ dataset_id: ID, scheduled_on: '2026-10-01', cleared_at: null }]);

    const r1 = await runReconcile(testRuntime(ctx.db.handle, '2026-09-16T03:00:00Z'));
    const d1 = await open(r1.runId);
    expect(d1.map((d) => [d.kind, d.plan_key, d.dataset_id])).toEqual([['delisting_scheduled', 'p#1', ID]]);
    const found = r1.result.discrepancies.find((d) => d.kind === 'delisting_scheduled')!;
    expect(found.detail).toMatchObject({ scheduledOn: '2026-10-01' });
    expect(describeDiscrepancy(found.kind, found.detail, 'zh-TW')).toContain('預計下架（2026-10-01）');

    // Still scheduled the next night: the same discrepancy, one open row.
    await runSync(env, '2026-09-16T18:30:00Z', { full: true });
    expect(await db.selectFrom('scheduled_delistings').select('id').execute()).toHaveLength(1);

    // Delisted: off the scheduled list, missing from the export.
    fake.clearFaults();
    fake.state.today = '2026-10-01';
    fake.state.delist(ID);
    const gone = await runSync(env, '2026-10-01T18:30:00Z', { full: true });
    expect(gone.status).toBe('succeeded');
    const cleared = await db
      .selectFrom('scheduled_delistings')
      .select('cleared_at')
      .executeTakeFirstOrThrow();
    expect(cleared.cleared_at).not.toBeNull();
    const r2 = await runReconcile(testRuntime(ctx.db.handle, '2026-10-02T03:00:00Z'));
    expect((await open(r2.runId)).map((d) => d.kind)).toEqual(['missing']);
    // As of a day before the delisting, the warning still stands (valid time).
    const r3 = await runReconcile(testRuntime(ctx.db.handle, '2026-10-02T03:00:00Z'), { asOf: '2026-09-20' });
    expect((await open(r3.runId)).map((d) => d.kind)).toEqual(['delisting_scheduled']);
  });
});
