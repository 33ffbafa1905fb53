/**
 * End to end: the family's sub-units on the fake platform (their 提供機關 begins with their agency's
 * name, their OID sits below it) are synced under their own name, matched to plan items of their
 * agency and counted under it; a same-named unit of another government is not ours.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import * as publishersJob from '../../jobs/publishers.js';
import { runReconcile } from '../../jobs/reconcile.js';
import { fixedClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import { preparePlanFile, storePlanVersion } from '../../src/plan/index.js';
import { MOL_FAMILY, agencyOf } from '../../src/publishers/index.js';
import {
  loadReconcileInput,
  reconcileOptions,
  reconcileReportStore,
} from '../../src/reconcile-store/index.js';
import { buildReportModel, loadReportInput } from '../../src/report/index.js';
import { FAKE_SUB_UNITS, createFakePlatform, type FakePlatform } from '../../tools/fake-platform/index.js';
import { runSync, tempDataDir } from '../catalog/sync-helpers.js';
import { describeEngines } from '../helpers/engines.js';
import { testRuntime } from '../reconcile-store/db-helpers.js';

const SUB_UNITS = new Set(FAKE_SUB_UNITS.map((u) => u.name));

describeEngines('the family with its sub-units, end to end', (ctx) => {
  let fake: FakePlatform;
  let data: ReturnType<typeof tempDataDir>;
  let planDir: string;
  beforeEach(async () => {
    fake = await createFakePlatform({ molCount: 40, otherCount: 20 });
    data = tempDataDir();
    planDir = mkdtempSync(join(tmpdir(), 'odsync-family-plan-'));
  });
  afterEach(async () => {
    await fake.close();
    data.remove();
    rmSync(planDir, { recursive: true, force: true });
  });

  it('syncs, reconciles and counts sub-units under their agency; another government stays out', async () => {
    const subUnitDatasets = fake.state.listed().filter((d) => SUB_UNITS.has(d.publisher));
    const ours = subUnitDatasets.filter((d) => !d.publisher.startsWith('臺北市'));
    const taipei = subUnitDatasets.filter((d) => d.publisher.startsWith('臺北市'));
    expect(ours.length).toBeGreaterThanOrEqual(4);
    expect(taipei.length).toBeGreaterThan(0);
    expect(new Set(ours.map((d) => agencyOf(d.publisher, MOL_FAMILY))).size).toBeGreaterThanOrEqual(2);

    const sync = await runSync(
      { handle: ctx.db.handle, baseUrl: fake.url, dataDir: data.dir },
      '2026-09-15T18:30:00Z',
      { full: true },
    );
    expect(sync.status).toBe('succeeded');
    const db = ctx.db.handle.db;
    const stored = await db
      .selectFrom('datasets')
      .select(['dataset_id', 'publisher_name', 'publisher_oid'])
      .where(
        'dataset_id',
        'in',
        subUnitDatasets.map((d) => d.id),
      )
      .orderBy('dataset_id')
      .execute();
    // Each under its own name, never the agency's; the Taipei unit's are not stored at all.
    expect(stored.map((r) => [r.dataset_id, r.publisher_name])).toEqual(
      ours.map((d) => [d.id, d.publisher]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    expect(stored.every((r) => r.publisher_oid !== null)).toBe(true);

    // `odsync publishers`: each sub-unit beneath its agency, with its count and how it was decided.
    const seen = publishersJob.toJson(
      await publishersJob.run(testRuntime(ctx.db.handle, '2026-09-16T03:00:00Z')),
    ) as {
      publishers: {
        name: string;
        datasets: number;
        subUnits: { name: string; datasets: number; by: object }[];
      }[];
      notOurs: unknown[];
    };
    const seenWda = seen.publishers.find((p) => p.name === '勞動部勞動力發展署')!;
    expect(seenWda.subUnits).toContainEqual({
      name: '勞動部勞動力發展署技能檢定中心',
      datasets: ours.filter((d) => d.publisher === '勞動部勞動力發展署技能檢定中心').length,
      by: { oid: ours.filter((d) => d.publisher === '勞動部勞動力發展署技能檢定中心').length },
    });
    const seenOsha = seen.publishers.find((p) => p.name === '勞動部職業安全衛生署')!;
    expect(seenOsha.subUnits.map((s) => s.name)).toEqual(['勞動部職業安全衛生署北區職業安全衛生中心']);
    expect(JSON.stringify(seen)).not.toContain('臺北市');
    expect(seen.notOurs).toEqual([]);
    expect(seen.publishers.map((p) => p.name)).toEqual(MOL_FAMILY.map((p) => p.name));

    // A plan whose units are the sub-unit and an agency: both items match the sub-unit's datasets.
    const skill = ours.find((d) => d.publisher === '勞動部勞動力發展署技能檢定中心')!;
    const north = ours.find((d) => d.publisher === '勞動部職業安全衛生署北區職業安全衛生中心')!;
    const file = join(planDir, 'family.tsv');
    writeFileSync(
      file,
      [
        '序號\t資料集名稱\t資料集概述\t預計開放年月\t管理單位',
        `1\t${skill.title}\t\t115年12月\t勞動力發展署技能檢定中心`,
        `2\t${north.title}\t\t115年12月\t職業安全衛生署`,
      ].join('\n'),
    );
    await storePlanVersion(
      { db, logger: silentLogger(), clock: fixedClock('2026-09-15T00:00:00Z') },
      await preparePlanFile(file, { label: '115-1' }),
    );
    const rt = testRuntime(ctx.db.handle, '2026-09-16T03:00:00Z');
    const r = await runReconcile(rt);
    const rows = await db
      .selectFrom('reconcile_item_statuses')
      .select(['plan_key', 'status', 'dataset_id'])
      .where('run_id', '=', r.runId)
      .orderBy('plan_key')
      .execute();
    expect(rows.map((x) => [x.plan_key, x.dataset_id])).toEqual([
      ['115-1#1', skill.id],
      ['115-1#2', north.id],
    ]);
    expect(rows.every((x) => x.status === 'published_on_time' || x.status === 'published_late')).toBe(true);

    const model = buildReportModel(
      await loadReportInput(db, {
        asOf: '2026-09-16',
        timeZone: 'Asia/Taipei',
        publishers: MOL_FAMILY.map((p) => p.name),
        runId: 'x',
        generatedAt: new Date('2026-09-16T03:00:00Z'),
        reconcile: reconcileOptions(rt.config),
        reconcileStore: { ...reconcileReportStore, input: loadReconcileInput },
      }),
    );
    const wda = model.agencySummary.find((a) => a.agency === '勞動部勞動力發展署')!;
    const listedOf = (name: string) => ours.filter((d) => d.publisher === name).length;
    expect(wda.subUnits).toEqual(
      expect.arrayContaining([
        { name: '勞動部勞動力發展署技能檢定中心', datasets: listedOf('勞動部勞動力發展署技能檢定中心') },
        { name: '勞動部勞動力發展署桃竹苗分署', datasets: listedOf('勞動部勞動力發展署桃竹苗分署') },
      ]),
    );
    const wdaAll = fake.state
      .listed()
      .filter((d) => agencyOf(d.publisher, MOL_FAMILY) === '勞動部勞動力發展署').length;
    expect(wda.datasets).toBe(wdaAll);
    const osha = model.agencySummary.find((a) => a.agency === '勞動部職業安全衛生署')!;
    expect(osha.subUnits.map((s) => s.name)).toEqual(['勞動部職業安全衛生署北區職業安全衛生中心']);
    const everyName = model.agencySummary.flatMap((a) => [a.agency, ...a.subUnits.map((s) => s.name)]);
    expect(everyName.filter((n) => n.startsWith('臺北市'))).toEqual([]);
  });
});
