import { afterEach, beforeEach, expect, it } from 'vitest';
import { MOL_FAMILY } from '../../src/publishers/index.js';
import { agencyOf } from '../../src/publishers/index.js';
import { createFakePlatform, type FakePlatform } from '../../tools/fake-platform/index.js';
import { describeEngines } from '../helpers/engines.js';
import { withoutNockInterceptor } from '../helpers/network-guard.js';
import { runSync, tempDataDir } from './sync-helpers.js';

// Ours: the members and their sub-units (提供機關 beginning with a member's name; the fixture has both).
const FAMILY = { has: (publisher: string) => agencyOf(publisher, MOL_FAMILY) !== null };
/** Seed-plan datasets delisted before the first sync: learnt from the delisted-history list. */
const PRE_DELISTED = 2;
const NIGHT1 = '2026-09-15T18:30:00Z';
const NIGHT2 = '2026-09-16T18:30:00Z';

withoutNockInterceptor();

describeEngines('catalogue sync under platform faults', (ctx) => {
  let fake: FakePlatform;
  let data: ReturnType<typeof tempDataDir>;
  beforeEach(async () => {
    fake = await createFakePlatform({ molCount: 60, otherCount: 30 });
    data = tempDataDir();
  });
  afterEach(async () => {
    await fake.close();
    data.remove();
  });
  const env = (extra: Record<string, string> = {}) => ({
    handle: ctx.db.handle,
    baseUrl: fake.url,
    dataDir: data.dir,
    env: extra,
  });
  const ours = () => fake.state.listed().filter((d) => FAMILY.has(d.publisher)).length;
  const db = () => ctx.db.handle.db;
  const delistedCount = async () =>
    (await db().selectFrom('datasets').select('dataset_id').where('delisted_at', 'is not', null).execute())
      .length;
  const versions = async () => (await db().selectFrom('dataset_versions').select('id').execute()).length;

  it('429 with Retry-After: waits as told, then succeeds', async () => {
    fake.setFaults({ rateLimit: { count: 2, retryAfter: 1, routes: ['export'] } });
    const r = await runSync(env(), NIGHT1, { full: true });
    expect(r.status).toBe('succeeded');
    expect(r.counters.retries).toBe(2);
    const exports = fake.requests.filter((q) => q.route === 'export');
    expect(exports.map((q) => q.status)).toEqual([429, 429, 200]);
    expect(exports[1]!.at.getTime() - exports[0]!.at.getTime()).toBeGreaterThanOrEqual(990);
  });

  it('a 503 burst on detail calls is absorbed by retries', async () => {
    fake.setFaults({ serverError: { count: 4, routes: ['detail'] } });
    const r = await runSync(env(), NIGHT1, { full: true });
    expect(r.status).toBe('succeeded');
    expect(r.counters.detailsFetched).toBe(ours());
    expect(r.counters.retries).toBe(4);
  });

  it('503 on every export attempt: failed with the status, nothing written', async () => {
    fake.setFaults({ serverError: { count: 100, routes: ['export'] } });
    await expect(runSync(env({ ODSYNC_HTTP_RETRIES: '2' }), NIGHT1, { full: true })).rejects.toThrow(
      /HTTP 503/,
    );
    expect(await db().selectFrom('datasets').select('dataset_id').execute()).toEqual([]);
    const run = await db()
      .selectFrom('runs')
      .selectAll()
      .where('job', '=', 'sync-catalog')
      .executeTakeFirstOrThrow();
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/HTTP 503/);
  });

  it('HTTP 200 success:false on detail: partial with the reason; retried when the code is configured transient', async () => {
    fake.setFaults({ successFalse: { count: 3, errorType: 'ER0100', routes: ['detail'] } });
    const r = await runSync(env(), NIGHT1, { full: true });
    expect(r.status).toBe('partial');
    expect(r.counters.detailsFailed).toBe(3);
    expect(r.reason).toMatch(/3 detail call\(s\) failed/);
    // The datasets themselves are stored; their details are fetched on the next run.
    expect(r.counters.added).toBe(ours());
    fake.setFaults({ successFalse: { count: 2, errorType: 'ER0100', routes: ['detail'] } });
    const r2 = await runSync(env({ DATAGOVTW_RETRYABLE_CODES: 'ER0100' }), NIGHT2, { full: true });
    expect(r2.status).toBe('succeeded');
    expect(r2.counters.detailsFetched).toBe(3);
  });

  it('truncated export (short but well formed): partial, nothing delisted, reason recorded', async () => {
    await runSync(env(), NIGHT1, { full: true });
    fake.setFaults({ truncateExportRows: 0.5 });
    const r = await runSync(env(), NIGHT2, { full: true });
    expect(r.status).toBe('partial');
    expect(r.reason).toMatch(/nothing delisted/);
    expect(r.reason).toMatch(/platform counts/);
    expect(r.counters.delisted).toBe(0);
    expect(await delistedCount()).toBe(PRE_DELISTED);
    const pass = await db()
      .selectFrom('catalog_passes')
      .selectAll()
      .orderBy('observed_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(pass).toMatchObject({ complete: false });
    expect(pass.guard_reason).toMatch(/more than 20% fewer/);
  });

  it('export cut mid-record: the broken last row is quarantined, nothing delisted', async () => {
    await runSync(env(), NIGHT1, { full: true });
    fake.setFaults({ truncateExportBytes: 0.93 });
    const r = await runSync(env(), NIGHT2, { full: true });
    expect(r.status).toBe('partial');
    expect(r.counters.delisted).toBe(0);
    expect(await delistedCount()).toBe(PRE_DELISTED);
  });

  it('a broken transfer is retried from the start', async () => {
    fake.setFaults({ breakExport: { count: 1, fraction: 0.4 } });
    const r = await runSync(env(), NIGHT1, { full: true });
    expect(r.status).toBe('succeeded');
    expect(r.counters.added).toBe(ours());
    expect(fake.requests.filter((q) => q.route === 'export')).toHaveLength(2);
  });

  it('a transfer broken after the parse wrote batches: the parse starts over, nothing twice', async () => {
    // The parse follows the download: with 1,500 of our datasets, the 60% that arrive before the
    // break (held open 400 ms, time enough to parse it) fill a batch of 500 that is written.
    const big = await createFakePlatform({ molCount: 1500, otherCount: 30 });
    try {
      big.setFaults({ breakExport: { count: 1, fraction: 0.6, holdMs: 400 } });
      const ourBig = big.state.listed().filter((d) => FAMILY.has(d.publisher)).length;
      const r = await runSync({ ...env(), baseUrl: big.url }, NIGHT1, { full: true });
      expect(r.status).toBe('succeeded');
      expect(r.counters.added).toBe(ourBig);
      expect(r.counters.exportRows).toBe(big.state.listed().length);
      expect(r.counters.exportRestarts).toBeGreaterThanOrEqual(1);
      // At least 2: under load, nock's interceptor (test/setup.ts) sometimes aborts a retry too.
      expect(big.requests.filter((q) => q.route === 'export').length).toBeGreaterThanOrEqual(2);
      expect(await versions()).toBe(ourBig + PRE_DELISTED);
      const events = await db()
        .selectFrom('dataset_events')
        .select('id')
        .where('event', '=', 'listed')
        .execute();
      expect(events).toHaveLength(ourBig);
    } finally {
      await big.close();
    }
  });

  it('a malformed row is quarantined with its reason, the run goes on, its dataset is not delisted', async () => {
    await runSync(env(), NIGHT1, { full: true });
    fake.state.datasets.delete('33357'); // its only row is the malformed one below
    fake.setFaults({ malformedRow: { afterRow: 3, text: '33357,勞工保險平均投保薪資-按行業別,檔案資料' } });
    const r = await runSync(env(), NIGHT2, { full: true });
    expect(r.status).toBe('partial');
    expect(r.counters).toMatchObject({ quarantined: 1, delisted: 0 });
    const q = await db().selectFrom('quarantine').selectAll().executeTakeFirstOrThrow();
    expect(q).toMatchObject({ source: 'catalog-export', record_key: '33357' });
    expect(q.reason).toMatch(/record 4 has 3 fields, the header has 22/);
  });

  it('schema drift in the export header: failed, naming the column; nothing written', async () => {
    await runSync(env(), NIGHT1, { full: true });
    const before = await versions();
    fake.setFaults({ renameColumns: { 資料集識別碼: 'DatasetID' } });
    await expect(runSync(env(), NIGHT2, { full: true })).rejects.toThrow(
      /lacks required column\(s\) 資料集識別碼/,
    );
    expect(await versions()).toBe(before);
    expect(await delistedCount()).toBe(PRE_DELISTED);
  });

  it('schema drift in v2 detail: the record is quarantined, the run continues', async () => {
    fake.setFaults({ detailDrift: { drop: ['datasetId', 'datasetid'] } });
    const r = await runSync(env(), NIGHT1, { full: true });
    expect(r.counters.added).toBe(ours());
    expect(r.counters.quarantined).toBe(ours());
    const q = await db().selectFrom('quarantine').select(['source', 'reason']).executeTakeFirstOrThrow();
    expect(q.source).toBe('detail');
    expect(q.reason).toMatch(/datasetId \(or datasetid\) is missing/);
  });

  it('a response slower than the timeout is retried', async () => {
    fake.setFaults({ latency: { ms: 1500, routes: ['export'], count: 1 } });
    const r = await runSync(env({ ODSYNC_HTTP_TIMEOUT_MS: '500' }), NIGHT1, { full: true });
    expect(r.status).toBe('succeeded');
    expect(r.counters.retries).toBeGreaterThanOrEqual(1);
  });

  it('BOM-less and CRLF exports give the same catalogue (no changes)', async () => {
    await runSync(env(), NIGHT1, { full: true });
    const before = await versions();
    fake.setFaults({ noBom: true, crlf: true });
    const r = await runSync(env(), NIGHT2, { full: true });
    expect(r.status).toBe('succeeded');
    expect(r.counters).toMatchObject({ added: 0, changed: 0, delisted: 0 });
    expect(await versions()).toBe(before);
  });

  it('the JSON export gives the same catalogue as the CSV export', async () => {
    await runSync(env(), NIGHT1, { full: true });
    const before = await versions();
    const r = await runSync(env({ DATAGOVTW_EXPORT_FORMAT: 'json' }), NIGHT2, { full: true });
    expect(r.counters).toMatchObject({ added: 0, changed: 0, delisted: 0, quarantined: 0 });
    expect(await versions()).toBe(before);
  });

  it('a wrong adapter (GET on the v2 list route → 405) fails fast, without retries', async () => {
    await expect(
      runSync(env({ DATAGOVTW_EXPORT_PATH: '/api/v2/rest/dataset' }), NIGHT1, { full: true }),
    ).rejects.toThrow(/HTTP 405 \(Allow: POST\)/);
    expect(fake.requests.filter((q) => q.path === '/api/v2/rest/dataset')).toHaveLength(1);
  });

  it('the unpublish list (scheduled delistings) delists nothing, even a dataset the partial pass did not see', async () => {
    await runSync(env(), NIGHT1, { full: true });
    fake.state.delist('44062');
    fake.setFaults({ truncateExportRows: 0.5 });
    const r = await runSync(env(), NIGHT2, { full: true });
    expect(r.status).toBe('partial');
    expect(r.counters.delisted).toBe(0);
    const events = await db()
      .selectFrom('dataset_events')
      .select('source')
      .where('event', '=', 'delisted')
      .where('dataset_id', '=', '44062')
      .execute();
    expect(events).toEqual([]);
    // The next complete pass delists it (the platform's history list names it).
    fake.clearFaults();
    const r2 = await runSync(env(), '2026-09-17T18:30:00Z', { full: true });
    expect(r2.counters.delisted).toBe(1);
  });

  it('an unreadable unpublished list makes the run partial, with the reason', async () => {
    fake.setFaults({ serverError: { count: 100, status: 500, routes: ['simpleList'] } });
    const r = await runSync(env({ ODSYNC_HTTP_RETRIES: '1' }), NIGHT1, { full: true });
    expect(r.status).toBe('partial');
    expect(r.reason).toMatch(/unpublished list not read: .*HTTP 500/);
    const r2 = await runSync(env({ DATAGOVTW_UNPUBLISHED_PATH: 'off' }), NIGHT2, { full: true });
    expect(r2.status).toBe('succeeded');
  });

  it('a far smaller full pass of our datasets (drop threshold) delists nothing', async () => {
    await runSync(env(), NIGHT1, { full: true });
    const mol = fake.state.listed().filter((d) => FAMILY.has(d.publisher));
    // Vanished from the export without any explicit evidence (not on the unpublished list).
    for (const d of mol.slice(0, Math.ceil(mol.length * 0.3))) fake.state.datasets.delete(d.id);
    const r = await runSync(env(), NIGHT2, { full: true });
    expect(r.status).toBe('partial');
    expect(r.reason).toMatch(/of our datasets listed/);
    expect(await delistedCount()).toBe(PRE_DELISTED);
    // With a looser threshold the same pass is trusted.
    const r2 = await runSync(
      env({ ODSYNC_DELIST_DROP_THRESHOLD: '0.5', ODSYNC_EXPORT_COUNT_TOLERANCE: '0.5' }),
      '2026-09-17T18:30:00Z',
      { full: true },
    );
    expect(r2.status).toBe('succeeded');
    expect(r2.counters.delisted).toBe(Math.ceil(mol.length * 0.3));
  });
});
