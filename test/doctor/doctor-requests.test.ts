/** The doctor's probes on the wire (nock): one attempt each, the shapes odsync's client sends. */
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { clockSkewCheck, runPlatformProbes } from '../../src/doctor/index.js';
import { silentLogger } from '../../src/logger.js';
import { PlatformHttp } from '../../src/platform/index.js';

const BASE = 'https://data.example.test';

afterEach(() => {
  nock.cleanAll();
});

/** The client the doctor is given (a probe makes one attempt whatever `retries` says). */
const probeHttp = () =>
  new PlatformHttp({
    baseUrl: BASE,
    timeoutMs: 2000,
    concurrency: 1,
    ratePerSecond: 1000,
    retries: 3,
    userAgent: 'odsync-test',
    logger: silentLogger(),
  });

it("sends each probe once in the client's shapes and reads only the start of the export", async () => {
  const config = loadConfig({ DATAGOVTW_BASE_URL: BASE });
  const http = probeHttp();
  const header = '資料集識別碼,資料集名稱,提供機關,上架日期\n';
  const big = header + '1,"名稱\n第二行",勞動部,2020-01-01\n'.repeat(20_000);
  const list = { success: true, payload: { search_count: 0, search_result: [] } };
  const scope = nock(BASE, { reqheaders: { 'user-agent': 'odsync-test' } })
    .get('/api/front/dataset/export')
    .query({ format: 'csv' })
    .reply(200, big, { Date: new Date().toUTCString() })
    .get('/api/front/dataset/changed/export')
    .query({ format: 'csv', report_date: '2026-09-14' })
    .reply(200, '')
    .get('/api/v2/rest/dataset/6281')
    .reply(200, { success: true, result: null })
    .post(
      '/api/front/dataset/list',
      (b: { filter?: unknown[]; page_limit?: number }) =>
        JSON.stringify(b.filter) === JSON.stringify([{ fields: 'agency_tid', query: [716] }]) &&
        b.page_limit === 5,
    )
    .reply(200, list)
    .post('/api/front/dataset/options-list', { name: 'agency' })
    .reply(200, { success: true, payload: [{ tid: 716, name: '勞動部勞工保險局' }] })
    .post('/api/front/comment/detail', { nid: '6281' })
    .reply(503, 'busy')
    .post('/api/front/dataset/simple-list', { status: 'unpublish' })
    .reply(200, list)
    .post('/api/front/dataset/simple-list', { status: 'history' })
    .reply(200, list);
  const { probes, dateHeader } = await runPlatformProbes(http, config, {
    datasetId: '6281',
    yesterday: '2026-09-14',
    agencyTid: 716,
  });
  expect(scope.isDone()).toBe(true);
  // One attempt each, the 503 included (no retry).
  expect(http.stats).toEqual({ requests: 8, retries: 0 });
  expect(dateHeader).not.toBeNull();
  const exp = probes.find((p) => p.name === 'catalogue-export')!;
  expect(exp).toMatchObject({ verdict: 'ok', status: 200, note: 'header and first rows only' });
  // Multi-line cells count once; far fewer than the 20,000 rows sent.
  expect(exp.records).toBeGreaterThan(100);
  expect(exp.records).toBeLessThan(5000);
  expect(probes.find((p) => p.name === 'changed-export')).toMatchObject({ verdict: 'ok', records: 0 });
  expect(probes.find((p) => p.name === 'comments')).toMatchObject({ verdict: 'broken', status: 503 });
  expect(probes.find((p) => p.name === 'options-list')).toMatchObject({ verdict: 'ok', records: 1 });
});

it('clock skew from the Date header: ok within 5 minutes, degraded beyond or without one', () => {
  const now = new Date('2026-09-15T12:00:00Z');
  expect(clockSkewCheck('Tue, 15 Sep 2026 11:58:30 GMT', now)).toMatchObject({ verdict: 'ok' });
  expect(clockSkewCheck('Tue, 15 Sep 2026 11:50:00 GMT', now)).toMatchObject({ verdict: 'degraded' });
  expect(clockSkewCheck('Tue, 15 Sep 2026 11:50:00 GMT', now).detail).toContain('+600 s');
  expect(clockSkewCheck(null, now)).toMatchObject({ verdict: 'degraded' });
});

describe('the requests feed probe', () => {
  const KEY = 's3cret-key-value';
  const feedConfig = (path: string) =>
    loadConfig({
      DATAGOVTW_BASE_URL: BASE,
      DATAGOVTW_API_KEY: KEY,
      DATAGOVTW_API_KEY_HEADER: 'X-Api-Key',
      DATAGOVTW_REQUESTS_PATH: path,
      DATAGOVTW_UNPUBLISHED_PATH: '',
    });
  const others = () =>
    nock(BASE)
      .get('/api/front/dataset/export')
      .query(true)
      .reply(200, '資料集識別碼\n')
      .get('/api/front/dataset/changed/export')
      .query(true)
      .reply(200, '')
      .get(/\/api\/v2\/rest\/dataset\/.*/)
      .reply(200, { success: true, result: null })
      .post('/api/front/dataset/list')
      .reply(200, { success: true, payload: { search_count: 0, search_result: [] } })
      .post('/api/front/dataset/options-list')
      .reply(200, { success: true, payload: [] })
      .post('/api/front/comment/detail')
      .reply(200, { success: true, payload: { results: [] } });
  const targets = { datasetId: '6281', yesterday: '2026-09-14', agencyTid: null };

  it('is not probed when no key or path is configured', async () => {
    others();
    const config = loadConfig({ DATAGOVTW_BASE_URL: BASE, DATAGOVTW_UNPUBLISHED_PATH: '' });
    const { probes } = await runPlatformProbes(probeHttp(), config, targets);
    expect(probes.map((p) => p.name)).not.toContain('requests-feed');
  });

  it('sends the key in its header once, counts the items, and never shows the key', async () => {
    others();
    const feed = nock(BASE, { reqheaders: { 'x-api-key': KEY } })
      .get('/api/feed/2.16.886.101.20003.20063')
      .reply(200, { success: true, result: [{ 序號: '1', 建議資料集名稱: '職災統計' }, { 序號: '2' }] });
    const { probes } = await runPlatformProbes(probeHttp(), feedConfig('/api/feed/{oid}'), targets);
    expect(feed.isDone()).toBe(true);
    const p = probes.find((x) => x.name === 'requests-feed');
    expect(p).toMatchObject({ verdict: 'ok', status: 200, records: 2, essential: false });
    expect(JSON.stringify(probes)).not.toContain(KEY);
  });

  it('a refused key is broken, with the status and what odsync does without the feed', async () => {
    others();
    nock(BASE).get('/api/feed').reply(401, { success: false, message: 'bad key' });
    const { probes } = await runPlatformProbes(probeHttp(), feedConfig('/api/feed'), targets);
    const p = probes.find((x) => x.name === 'requests-feed');
    expect(p).toMatchObject({ verdict: 'broken', status: 401, note: 'HTTP 401' });
    expect(p?.without).toContain('odsync requests import');
  });
});

it("judges the export with the sync's own CSV reader: a stray quote the sync would reject is broken", async () => {
  const config = loadConfig({ DATAGOVTW_BASE_URL: BASE });
  const http = probeHttp();
  nock(BASE)
    .get('/api/front/dataset/export')
    .query({ format: 'csv' })
    .reply(200, '\uFEFF資料集識別碼,資料集名稱,提供機關,上架日期\n1,名稱"引號,勞動部,2020-01-01\n');
  const { probes } = await runPlatformProbes(http, config, {
    datasetId: '6281',
    yesterday: '2026-09-14',
    agencyTid: 716,
  });
  expect(probes.find((p) => p.name === 'catalogue-export')).toMatchObject({
    verdict: 'broken',
    note: expect.stringMatching(/^not readable as CSV: Invalid Opening Quote/) as unknown,
  });
});

it.each([
  ['a blank header over data rows', ',,,\n1,名稱,勞動部,2020-01-01\n', 'required columns missing'],
  [
    'a JSON envelope',
    '{"success":false,"error":{"message":"busy"}}',
    'JSON instead of CSV: {"success":false',
  ],
])('the changed export with %s is broken, not "no changes that day"', async (_what, body, note) => {
  const config = loadConfig({ DATAGOVTW_BASE_URL: BASE });
  nock(BASE)
    .get('/api/front/dataset/changed/export')
    .query({ format: 'csv', report_date: '2026-09-14' })
    .reply(200, body);
  const { probes } = await runPlatformProbes(probeHttp(), config, {
    datasetId: '6281',
    yesterday: '2026-09-14',
    agencyTid: 716,
  });
  const changed = probes.find((p) => p.name === 'changed-export')!;
  expect(changed.verdict).toBe('broken');
  expect(changed.note).toContain(note);
});
