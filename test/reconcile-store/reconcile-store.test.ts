import { expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { recordDecision, resolvePlanItem, reconcileReportStore } from '../../src/reconcile-store/index.js';
import { runReconcile } from '../../jobs/reconcile.js';
import { describeEngines } from '../helpers/engines.js';
import { importSeedPlan, insertDatasets, testRuntime, type TestDataset } from './db-helpers.js';

/** Platform datasets for a few seed items (5, 6 twins; 20; 30 late; 21 delisted). */
const DATASETS: TestDataset[] = [
  { id: '5005', title: '勞動部大量解僱通報', publishedDate: '2015-12-20' },
  { id: '5006', title: '大量解僱預警通報資料', publishedDate: '2016-01-01' },
  {
    id: '5020',
    title: '勞動部勞動力發展署-職能基準',
    publisher: '勞動部勞動力發展署',
    publishedDate: '2015-08-31',
  },
  { id: '5030', title: '外籍勞工收容情形', publisher: '勞動部勞動力發展署', publishedDate: '2015-09-01' },
  {
    id: '5021',
    title: '職能導向課程資料檔',
    publisher: '勞動部勞動力發展署',
    publishedDate: '2015-08-01',
    delistedAt: '2016-03-01T02:00:00Z',
  },
  { id: '6281', title: '基本工資之制定與調整經過', publishedDate: '2014-01-01', updateFrequency: '每1月' },
];

describeEngines('reconcile store', (ctx) => {
  const setup = async () => {
    await importSeedPlan(ctx.db.handle.db);
    await insertDatasets(ctx.db.handle.db, DATASETS);
  };
  const statuses = async (runId: number) =>
    Object.fromEntries(
      (
        await ctx.db.handle.db
          .selectFrom('reconcile_item_statuses')
          .selectAll()
          .where('run_id', '=', runId)
          .execute()
      ).map((r) => [r.plan_key, r]),
    );
  const lifecycle = () => ctx.db.handle.db.selectFrom('discrepancies').selectAll().orderBy('id').execute();

  it('records statuses with day counts, matches with evidence, and discrepancies', async () => {
    await setup();
    const rt = testRuntime(ctx.db.handle, '2016-06-01T04:00:00Z');
    const r = await runReconcile(rt, { asOf: '2016-06-01' });
    const s = await statuses(r.runId);
    expect(Object.keys(s)).toHaveLength(48);
    expect(s['104-1#5']).toMatchObject({
      status: 'published_on_time',
      dataset_id: '5005',
      lag_days: -12,
      method: 'auto',
    });
    expect(s['104-1#6']).toMatchObject({ status: 'published_on_time', dataset_id: '5006', lag_days: 0 });
    expect(s['104-1#20']).toMatchObject({
      status: 'published_on_time',
      lag_days: 0,
      published_date: '2015-08-31',
    });
    expect(s['104-1#30']).toMatchObject({ status: 'published_late', lag_days: 1 });
    expect(s['104-1#21']).toMatchObject({ status: 'missing', dataset_id: '5021' });
    expect(s['104-1#1']).toMatchObject({ status: 'overdue', overdue_days: 275, dataset_id: null });
    expect(s['104-1#43']).toMatchObject({ status: 'pending', due_date: '2017-01-31' });
    const m = await ctx.db.handle.db
      .selectFrom('reconcile_matches')
      .selectAll()
      .where('run_id', '=', r.runId)
      .where('plan_key', '=', '104-1#5')
      .executeTakeFirstOrThrow();
    expect(m).toMatchObject({ outcome: 'matched', method: 'auto', reason: 'auto' });
    expect(m.evidence).toMatchObject({
      normalizedItemTitle: '大量解僱通報',
      chosen: { datasetId: '5005', normalizedTitle: '大量解僱通報' },
      runnerUp: { datasetId: '5006', takenBy: '104-1#6' },
    });
    const kinds = (await lifecycle()).map((d) => d.kind);
    expect(kinds.filter((k) => k === 'overdue')).toHaveLength(r.result.summary.byStatus.overdue);
    expect(kinds).toContain('missing');
    expect(kinds).toContain('published_late');
    expect(kinds).toContain('unplanned'); // 6281
    expect(kinds).toContain('stale'); // 6281, 每1月, nothing since 2014
    const run = await ctx.db.handle.db
      .selectFrom('runs')
      .selectAll()
      .where('id', '=', r.runId)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ job: 'reconcile', status: 'succeeded' });
    expect(run.counters).toMatchObject({ asOf: '2016-06-01', planItems: 48, missing: 1 });
  });

  it('re-running with the same inputs changes nothing', async () => {
    await setup();
    const rt = testRuntime(ctx.db.handle, '2016-06-01T04:00:00Z');
    const first = await runReconcile(rt, { asOf: '2016-06-01' });
    const before = await lifecycle();
    const second = await runReconcile(rt, { asOf: '2016-06-01' });
    expect(await lifecycle()).toEqual(before);
    expect(second.newDiscrepancies).toBe(0);
    expect(second.resolvedDiscrepancies).toBe(0);
    const strip = (rows: Record<string, unknown>) =>
      Object.values(rows).map((r) => ({ ...(r as object), run_id: 0 }));
    expect(strip(await statuses(second.runId))).toEqual(strip(await statuses(first.runId)));
  });

  it('keeps first_seen, advances last_seen and resolves what disappeared', async () => {
    await setup();
    const day1 = await runReconcile(testRuntime(ctx.db.handle, '2016-06-01T04:00:00Z'), {
      asOf: '2016-06-01',
    });
    const overdue1 = (await lifecycle()).find((d) => d.kind === 'overdue' && d.plan_key === '104-1#1')!;
    expect(overdue1).toMatchObject({
      first_seen: '2016-06-01',
      last_seen: '2016-06-01',
      resolved_at: null,
      first_run_id: day1.runId,
    });
    // Item 1 gets published on 2016-06-05.
    await insertDatasets(ctx.db.handle.db, [
      { id: '5001', title: '裁決決定', publishedDate: '2016-06-05', seenAt: '2016-06-05T02:00:00Z' },
    ]);
    const day2 = await runReconcile(testRuntime(ctx.db.handle, '2016-06-10T04:00:00Z'), {
      asOf: '2016-06-10',
    });
    const rows = await lifecycle();
    expect(rows.find((d) => d.id === overdue1.id)).toMatchObject({
      first_seen: '2016-06-01',
      resolved_at: '2016-06-10',
      resolved_run_id: day2.runId,
    });
    expect(rows.find((d) => d.kind === 'published_late' && d.plan_key === '104-1#1')).toMatchObject({
      first_seen: '2016-06-10',
      dataset_id: '5001',
      resolved_at: null,
    });
    const other = rows.find((d) => d.kind === 'overdue' && d.plan_key === '104-1#2')!;
    expect(other).toMatchObject({ first_seen: '2016-06-01', last_seen: '2016-06-10', resolved_at: null });
    // Unchanged detail: only last_seen moves.
    expect(rows.find((d) => d.kind === 'unplanned' && d.dataset_id === '6281')).toMatchObject({
      first_seen: '2016-06-01',
      last_seen: '2016-06-10',
      resolved_at: null,
    });
    expect(day2.newDiscrepancies).toBe(1);
    expect(day2.resolvedDiscrepancies).toBe(1);
    // The report's port sees the same life cycle.
    const port = await reconcileReportStore.discrepancies(ctx.db.handle.db);
    expect(port.find((d) => d.id === overdue1.id)).toEqual({
      id: overdue1.id,
      firstSeen: '2016-06-01',
      lastSeen: '2016-06-01',
      resolvedAt: '2016-06-10',
    });
    expect(await reconcileReportStore.runFor(ctx.db.handle.db, '2016-06-10')).toBe(String(day2.runId));
  });

  it('takes the first publication date, not a later re-publication', async () => {
    await setup();
    const db = ctx.db.handle.db;
    // Version 2 of 5030 shows a later 上架日期 (re-published): the item stays late by 1 day.
    await db
      .insertInto('dataset_versions')
      .values({
        dataset_id: '5030',
        version_no: 2,
        content_hash: 'h5030b',
        data: JSON.stringify({
          title: '外籍勞工收容情形',
          publisherName: '勞動部勞動力發展署',
          publishedDate: '2016-04-01',
        }),
        observed_at: '2016-04-02T00:00:00Z',
      })
      .execute();
    await db
      .updateTable('datasets')
      .set({ published_date: '2016-04-01' })
      .where('dataset_id', '=', '5030')
      .execute();
    const r = await runReconcile(testRuntime(ctx.db.handle, '2016-06-01T04:00:00Z'), { asOf: '2016-06-01' });
    expect((await statuses(r.runId))['104-1#30']).toMatchObject({
      status: 'published_late',
      published_date: '2015-09-01',
      lag_days: 1,
    });
  });

  it('an earlier as-of recomputes history without touching the current life cycle', async () => {
    await setup();
    await runReconcile(testRuntime(ctx.db.handle, '2016-06-01T04:00:00Z'), { asOf: '2016-06-01' });
    const before = await lifecycle();
    const past = await runReconcile(testRuntime(ctx.db.handle, '2016-06-01T04:00:00Z'), {
      asOf: '2016-02-01',
    });
    expect(past.updatedLifecycle).toBe(false);
    expect(await lifecycle()).toEqual(before);
    const s = await statuses(past.runId);
    // On 2016-02-01 the delisting of 5021 (2016-03-01) had not happened yet.
    expect(s['104-1#21']).toMatchObject({ status: 'published_on_time', dataset_id: '5021' });
    const recorded = await ctx.db.handle.db
      .selectFrom('reconcile_run_discrepancies')
      .select('kind')
      .where('run_id', '=', past.runId)
      .execute();
    expect(recorded.map((r) => r.kind)).not.toContain('missing');
  });

  it('a future as-of is a projection: it never advances the life cycle', async () => {
    await setup();
    const rt = testRuntime(ctx.db.handle, '2016-06-01T04:00:00Z');
    const future = await runReconcile(rt, { asOf: '2030-01-01' });
    expect(future.updatedLifecycle).toBe(false);
    expect(await lifecycle()).toEqual([]);
    // Today's run still updates it afterwards.
    const today = await runReconcile(rt);
    expect(today.updatedLifecycle).toBe(true);
    expect((await lifecycle()).length).toBeGreaterThan(0);
  });

  it('manual decisions win over the matcher and persist across runs', async () => {
    await setup();
    const db = ctx.db.handle.db;
    const item5 = await resolvePlanItem(db, '5');
    expect(item5).toMatchObject({ planKey: '104-1#5', title: '大量解僱通報資料集' });
    await recordDecision(db, {
      planKey: item5.planKey,
      datasetId: '5005',
      decision: 'reject',
      decidedBy: 'tester',
      decidedAt: new Date('2016-05-01T00:00:00Z'),
      note: '不是這個',
    });
    const item1 = await resolvePlanItem(db, '104-1#1');
    await recordDecision(db, {
      planKey: item1.planKey,
      datasetId: '6281',
      decision: 'confirm',
      decidedBy: 'tester',
      decidedAt: new Date('2016-05-01T00:00:00Z'),
      note: null,
    });
    for (const asOf of ['2016-06-01', '2016-06-02']) {
      const r = await runReconcile(testRuntime(ctx.db.handle, `${asOf}T04:00:00Z`), { asOf });
      const s = await statuses(r.runId);
      expect(s['104-1#1']).toMatchObject({
        status: 'published_on_time',
        dataset_id: '6281',
        method: 'manual',
      });
      expect(s['104-1#5']!.dataset_id).not.toBe('5005');
      expect(s['104-1#6']).toMatchObject({ dataset_id: '5006', method: 'auto' });
    }
    // A decision is about identity: it applies to a day before it was made too …
    const early = await runReconcile(testRuntime(ctx.db.handle, '2016-06-02T04:00:00Z'), {
      asOf: '2016-04-30',
    });
    expect((await statuses(early.runId))['104-1#1']).toMatchObject({ method: 'manual', dataset_id: '6281' });
    // … but not to a replay of what odsync knew before it was made.
    const replay = await runReconcile(testRuntime(ctx.db.handle, '2016-06-02T04:00:00Z'), {
      knownOn: '2016-04-30',
    });
    expect(replay.result.asOf).toBe('2016-04-30');
    expect((await statuses(replay.runId))['104-1#1']!.method).not.toBe('manual');
  });

  it('refuses unknown items, ambiguous sequence numbers and unknown datasets', async () => {
    await setup();
    const db = ctx.db.handle.db;
    await expect(resolvePlanItem(db, '99')).rejects.toThrow(InputError);
    await expect(resolvePlanItem(db, 'nope#1')).rejects.toThrow(/找不到計畫項目/);
    await expect(
      recordDecision(db, {
        planKey: '104-1#5',
        datasetId: '424242',
        decision: 'confirm',
        decidedBy: 't',
        decidedAt: new Date(),
        note: null,
      }),
    ).rejects.toThrow(/不在已同步的目錄中/);
    const plan2 = await import('../../src/plan/index.js');
    const { fixedClock } = await import('../../src/clock.js');
    const { silentLogger } = await import('../../src/logger.js');
    const { SEED_MINUTES } = await import('../reconcile/seed-plan.js');
    const again = await plan2.preparePlanFile(SEED_MINUTES, { label: '105-1' });
    await plan2.storePlanVersion(
      { db, logger: silentLogger(), clock: fixedClock('2016-02-01T00:00:00Z') },
      again,
    );
    await expect(resolvePlanItem(db, '5')).rejects.toThrow(/對應多個計畫項目/);
  });

  it('records request links and the citizen-voice discrepancies', async () => {
    await setup();
    const db = ctx.db.handle.db;
    await db
      .insertInto('citizen_requests')
      .values({
        request_id: 'R1',
        title: '大量解僱預警通報資料',
        dataset_name: null,
        wanted_fields: null,
        reason: '想知道各事業單位的解僱人數',
        suggested_agencies: '勞動部',
        status: '未回復',
        dispatch_status: null,
        posted_at: new Date('2015-06-01T00:00:00Z'),
        posted_at_raw: '2015-06-01',
        replied_at: null,
        replied_at_raw: null,
        view_count: null,
        requester: null,
        requester_type: null,
        industry: null,
        replies: JSON.stringify([]),
        replies_text: '',
        ours: true,
        source: 'file',
        source_file: null,
        content_hash: 'x',
        first_seen_at: new Date('2015-06-07T00:00:00Z'),
        updated_at: new Date('2015-06-07T00:00:00Z'),
        answered_seen_at: null,
        raw: JSON.stringify({}),
      })
      .execute();
    const r = await runReconcile(testRuntime(ctx.db.handle, '2016-06-01T04:00:00Z'), { asOf: '2016-06-01' });
    const links = await db
      .selectFrom('reconcile_request_links')
      .select(['request_id', 'target', 'plan_key', 'dataset_id', 'confidence'])
      .where('run_id', '=', r.runId)
      .orderBy('target')
      .execute();
    expect(links).toEqual([
      { request_id: 'R1', target: 'dataset', plan_key: null, dataset_id: '5006', confidence: 'high' },
      { request_id: 'R1', target: 'plan_item', plan_key: '104-1#6', dataset_id: null, confidence: 'high' },
    ]);
    const open = (await lifecycle()).find((d) => d.kind === 'open_request');
    expect(open).toMatchObject({ plan_key: '104-1#6', dataset_id: '5006' });
    expect(open!.detail).toMatchObject({ requestId: 'R1', firstSeenDate: '2015-06-01' });
  });
});
