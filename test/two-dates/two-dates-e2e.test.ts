/**
 * Valid time against the fake platform: database A syncs night after night since June, database B
 * syncs once, today. As of a day months back both report the seed plan with the same statuses; what
 * only observation could reveal is flagged. A's report of an earlier day is reproduced exactly by
 * `--known-on` that day.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { run as runReport } from '../../jobs/report.js';
import { recordDecision } from '../../src/reconcile-store/index.js';
import type { DbHandle } from '../../src/db/index.js';
import { createFakePlatform, type FakePlatform } from '../../tools/fake-platform/index.js';
import { runSync, tempDataDir } from '../catalog/sync-helpers.js';
import { createTestDb, describeEngines, type TestDb } from '../helpers/engines.js';
import { importSeedPlan, testRuntime } from '../reconcile-store/db-helpers.js';

interface ReportJson {
  items: Array<{ planKey: string; status: string; datasetId: string | null; publishedDate: string | null }>;
  discrepancies: Array<{ kind: string; datasetId: string | null; detail: string }>;
  notes: string[];
  scope: { platformDatasets: number };
}

const ENV = { ODSYNC_FULL_SYNC_WEEKDAY: '-1' };
const D = '2026-06-30';

// Several syncs and reports per test: give a loaded machine time.
vi.setConfig({ testTimeout: 900_000, hookTimeout: 180_000 });

describeEngines('as of a day: valid time vs knowledge time against the fake platform', (ctx) => {
  let fake: FakePlatform;
  let data: ReturnType<typeof tempDataDir>;
  let out: string;
  let other: TestDb | null = null;
  beforeEach(async () => {
    fake = await createFakePlatform();
    data = tempDataDir();
    out = mkdtempSync(join(tmpdir(), 'odsync-two-dates-'));
  });
  afterEach(async () => {
    await fake.close();
    data.remove();
    rmSync(out, { recursive: true, force: true });
    await other?.drop();
    other = null;
  });

  const sync = (handle: DbHandle, at: string, full = false) =>
    runSync({ handle, baseUrl: fake.url, dataDir: data.dir, env: ENV }, at, { full });
  const report = async (
    handle: DbHandle,
    at: string,
    name: string,
    o: { asOf?: string; knownOn?: string },
  ) => {
    const r = await runReport(testRuntime(handle, at, ENV), {
      ...o,
      formats: ['json'],
      out: join(out, name),
    });
    return { ...r, json: JSON.parse(readFileSync(join(out, name, 'report.json'), 'utf8')) as ReportJson };
  };
  const statuses = (j: ReportJson) => Object.fromEntries(j.items.map((i) => [i.planKey, i.status]));
  const counts = (j: ReportJson) => {
    const c: Record<string, number> = {};
    for (const i of j.items) c[i.status] = (c[i.status] ?? 0) + 1;
    return c;
  };

  it('a database synced only today reports a past day like one syncing since then; --known-on replays', async () => {
    const a = ctx.db.handle;
    // June 1st: the first night of A, the seed plan imported that day.
    fake.state.today = '2026-06-01';
    await sync(a, '2026-05-31T18:30:00Z', true);
    await importSeedPlan(a.db, '2026-05-31T19:00:00Z');
    // June 20th: a dataset for the overdue item 3 勞資會議資料集 is published; A sees it on the 25th.
    const base = fake.state.get('28311');
    fake.state.add(
      { ...base, id: '90003', title: '勞資會議資料集', publishedAt: '2026-06-20 10:00:00', comments: [] },
      '2026-06-20',
    );
    fake.state.today = '2026-06-25';
    await sync(a, '2026-06-24T18:30:00Z', true);
    // The report A wrote on the evening of June 25th (knowledge time = valid time = that day).
    const june25 = await report(a, '2026-06-25T12:00:00Z', 'a-0625', {});
    // (b) As of June 22nd: published on the 20th, by its 上架日期, though first seen on the 25th.
    const b22 = await report(a, '2026-06-25T12:00:00Z', 'a-0622', { asOf: '2026-06-22' });
    expect(statuses(b22.json)['104-1#3']).toBe('published_late');
    const known22 = await report(a, '2026-06-25T12:00:00Z', 'a-0622k', { knownOn: '2026-06-22' });
    expect(statuses(known22.json)['104-1#3']).toBe('overdue'); // what odsync could say that evening

    // June 28th: 28502 (item 45) delisted; A's incremental night of July 1st reads the 資料集下架 row.
    fake.state.delist('28502', '2026-06-28');
    fake.state.today = '2026-07-01';
    const n3 = await sync(a, '2026-06-30T18:30:00Z');
    expect(n3.counters.mode).toBe('incremental');
    // After it, 28311 (item 4) disappears silently: no change row, no date on the history list.
    fake.state.get('28311').listed = false;
    // July 2nd: a person rejects item 5's dataset (a decision is about identity: every day).
    await recordDecision(a.db, {
      planKey: '104-1#5',
      datasetId: '28102',
      decision: 'reject',
      decidedBy: 'tester',
      decidedAt: new Date('2026-07-02T02:00:00Z'),
      note: null,
    });
    fake.state.today = '2026-08-02';
    await sync(a, '2026-08-01T18:30:00Z', true);

    const events = await a.db
      .selectFrom('dataset_delisting_dates')
      .select(['dataset_id', 'delisted_on', 'source'])
      .orderBy('dataset_id')
      .orderBy('source')
      .execute();
    // (c) the 資料集下架 row's report_date and the history list's date, both kept.
    expect(events).toEqual(
      expect.arrayContaining([
        { dataset_id: '28502', delisted_on: '2026-06-28', source: 'changed_export' },
        { dataset_id: '28502', delisted_on: '2026-06-28', source: 'history_list' },
      ]),
    );
    expect(events.some((e) => e.dataset_id === '28311')).toBe(false);

    // (e) --known-on June 25th reproduces the report A wrote that evening, status for status.
    const replay = await report(a, '2026-09-16T03:00:00Z', 'a-replay', { knownOn: '2026-06-25' });
    expect(statuses(replay.json)).toEqual(statuses(june25.json));
    expect(replay.json.items.map((i) => i.datasetId)).toEqual(june25.json.items.map((i) => i.datasetId));
    // … while the same day in valid time knows more (the rejection applies to every day).
    const june25Now = await report(a, '2026-09-16T03:00:00Z', 'a-0625now', { asOf: '2026-06-25' });
    expect(statuses(june25Now.json)['104-1#5']).not.toBe(statuses(june25.json)['104-1#5']);

    // (c) the bound: 28311 was last seen on June 25th and first missed on August 2nd.
    const aug = await report(a, '2026-09-16T03:00:00Z', 'a-0815', { asOf: '2026-08-15' });
    expect(statuses(aug.json)['104-1#4']).toBe('missing');
    const missing4 = aug.json.discrepancies.find((x) => x.kind === 'missing' && x.datasetId === '28311');
    expect(missing4?.detail).toContain('下架於 2026-06-25 至 2026-08-02 之間');

    // Database B: one sync, today (September 16th), with the same decision.
    other = await createTestDb(ctx.engine);
    const bDb = other.handle;
    fake.state.today = '2026-09-16';
    await sync(bDb, '2026-09-15T18:30:00Z', true);
    await importSeedPlan(bDb.db, '2026-09-15T19:00:00Z');
    await recordDecision(bDb.db, {
      planKey: '104-1#5',
      datasetId: '28102',
      decision: 'reject',
      decidedBy: 'tester',
      decidedAt: new Date('2026-09-15T20:00:00Z'),
      note: null,
    });
    const bHistory = await bDb.db
      .selectFrom('dataset_delisting_dates')
      .select(['dataset_id', 'delisted_on', 'source'])
      .orderBy('dataset_id')
      .execute();
    // (c) the history list taught B, on its first sync, what was delisted before it and when.
    expect(bHistory).toEqual([
      { dataset_id: '25011', delisted_on: '2016-12-01', source: 'history_list' },
      { dataset_id: '28502', delisted_on: '2026-06-28', source: 'history_list' },
      { dataset_id: '29800', delisted_on: '2017-01-20', source: 'history_list' },
    ]);

    const ra = await report(a, '2026-09-16T03:00:00Z', 'a-D', { asOf: D });
    const rb = await report(bDb, '2026-09-16T03:00:00Z', 'b-D', { asOf: D });
    // (a) same statuses as of June 30th, by the platform's dates …
    const sa = statuses(ra.json);
    const sb = statuses(rb.json);
    expect({ ...sb, '104-1#4': null }).toEqual({ ...sa, '104-1#4': null });
    expect(sa).toMatchObject({
      '104-1#45': 'missing', // delisted June 28th
      '104-1#3': 'published_late', // published June 20th
      '104-1#4': 'published_on_time', // still listed by the rules …
    });
    // … except what only observation could reveal: B never saw 28311 listed, so has no 上架日期 for
    // it (judged late by the as-of day), and says so.
    expect(sb['104-1#4']).toBe('published_late');
    expect(rb.json.notes.join('\n')).toMatch(/1 個資料集沒有上架日期.*28311/);
    expect(ra.json.scope.platformDatasets).toBe(rb.json.scope.platformDatasets);
    // … and flagged: whether it was gone on June 30th only observation could tell.
    expect(ra.json.notes.join('\n')).toMatch(/28311（下架於 2026-06-25 至 2026-08-02 之間）/);
    expect(rb.json.notes.join('\n')).toMatch(/28311（下架於 2026-09-16 之前）/);
    expect(rb.json.notes.join('\n')).toMatch(/odsync 在基準日之後才首次同步/);
    // The figures for the record.
    console.log(
      `as of ${D}: A ${JSON.stringify(counts(ra.json))}; B ${JSON.stringify(counts(rb.json))}; platform datasets A ${ra.json.scope.platformDatasets}, B ${rb.json.scope.platformDatasets}`,
    );
  });
});
