import nock from 'nock';
import { afterEach, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { syncRequestsFeed, type RequestsFeedConfig } from '../../src/feedback/index.js';
import { PlatformFetchError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import { createPlatformClient, type PlatformClient } from '../../src/platform/index.js';
import { MOL_FAMILY } from '../../src/publishers/index.js';
import { describeEngines } from '../helpers/engines.js';

const BASE = 'https://feed.example.test';
const KEY = 'secret-key-1234';

const config = (over: Partial<RequestsFeedConfig> = {}): RequestsFeedConfig => ({
  path: '/api/v2/rest/suggest/{oid}',
  apiKey: KEY,
  apiKeyHeader: 'Authorization',
  timeZone: 'Asia/Taipei',
  publishers: MOL_FAMILY,
  keepAll: false,
  ...over,
});

/** The platform client the jobs build, with a short back-off. */
const platformClient = (env: Record<string, string> = {}): PlatformClient =>
  createPlatformClient(
    loadConfig({ DATAGOVTW_BASE_URL: BASE, ODSYNC_HTTP_RETRIES: '2', ODSYNC_HTTP_RATE: '1000', ...env }),
    silentLogger(),
    { policy: { minTimeoutMs: 5, maxTimeoutMs: 20, randomize: false } },
  );

const item = (id: number, agency: string, status = '未回復') => ({
  ID: id,
  開放建議標題: `請開放 ${id}`,
  實際派發機關: agency,
  回復狀態: status,
  發表日期: '2026-10-16 10:05',
});

describeEngines('requests feed (nock)', (ctx) => {
  afterEach(() => {
    nock.cleanAll();
  });
  const deps = (platform = platformClient()) => ({
    db: ctx.db.handle.db,
    platform,
    logger: silentLogger(),
    now: new Date('2026-11-01T00:00:00Z'),
    runId: null,
  });

  it('is skipped with a message when the key or the path is missing', async () => {
    expect(await syncRequestsFeed(deps(), config({ apiKey: undefined }))).toEqual({
      configured: false,
      message: expect.stringMatching(/requests feed not configured/) as unknown,
    });
    expect((await syncRequestsFeed(deps(), config({ path: undefined }))).configured).toBe(false);
  });

  it('pulls each publisher OID with the key in the configured header and keeps ours', async () => {
    const root = nock(BASE, { reqheaders: { authorization: KEY } })
      .get('/api/v2/rest/suggest/2.16.886.101.20003.20063')
      .reply(200, { success: true, result: [item(150123, '勞動部'), item(150124, '內政部')] });
    const wda = nock(BASE, { reqheaders: { authorization: KEY } })
      .get('/api/v2/rest/suggest/2.16.886.101.20003.20063.20002')
      .reply(200, { success: true, payload: { results: [item(150125, '勞動部勞動力發展署', '已回復')] } });
    const r = await syncRequestsFeed(deps(), config());
    expect(root.isDone() && wda.isDone()).toBe(true);
    expect(r).toMatchObject({ configured: true, calls: 2, itemsRead: 3, created: 2, notOurs: 1, invalid: 0 });
    const rows = await ctx.db.handle.db
      .selectFrom('citizen_requests')
      .select(['request_id', 'source', 'posted_at'])
      .orderBy('request_id')
      .execute();
    expect(rows.map((x) => [x.request_id, x.source])).toEqual([
      ['150123', 'feed'],
      ['150125', 'feed'],
    ]);
    expect(rows[0]!.posted_at?.toISOString()).toBe('2026-10-16T02:05:00.000Z');
  });

  it('retries a 503, and fails fast without leaking the key on an ER0001 envelope', async () => {
    nock(BASE)
      .get('/feed')
      .reply(503)
      .get('/feed')
      .reply(200, [item(150130, '勞動部')]);
    const ok = await syncRequestsFeed(deps(), config({ path: '/feed' }));
    expect(ok).toMatchObject({ configured: true, calls: 1, created: 1 });

    const scope = nock(BASE)
      .get('/feed')
      .reply(200, { success: false, error: { error_type: 'ER0001:API Key錯誤', message: `bad key ${KEY}` } });
    const err = await syncRequestsFeed(deps(), config({ path: '/feed' })).catch((e: unknown) => e);
    expect(scope.isDone()).toBe(true);
    expect(err).toBeInstanceOf(PlatformFetchError);
    expect((err as Error).message).toMatch(/ER0001/);
    expect((err as Error).message).not.toContain(KEY);
  });

  it('goes through the platform client: User-Agent with ODSYNC_CONTACT, counters, retryable codes', async () => {
    const platform = platformClient({
      ODSYNC_CONTACT: 'opendata@mol.example',
      DATAGOVTW_RETRYABLE_CODES: 'ER0100',
    });
    const scope = nock(BASE, {
      reqheaders: { 'user-agent': /^odsync\/.*\(\+opendata@mol\.example\)/, authorization: KEY },
    })
      .get('/feed')
      .reply(200, { success: false, error: { error_type: 'ER0100:系統忙碌', message: 'busy' } })
      .get('/feed')
      .reply(429, '', { 'Retry-After': '0' })
      .get('/feed')
      .reply(200, [item(150150, '勞動部')]);
    const r = await syncRequestsFeed(deps(platform), config({ path: '/feed' }));
    expect(scope.isDone()).toBe(true);
    expect(r).toMatchObject({ configured: true, calls: 1, created: 1 });
    expect(platform.stats).toEqual({ requests: 3, retries: 2 });
  });

  it('stops after the configured retries', async () => {
    const platform = platformClient({ ODSYNC_HTTP_RETRIES: '1' });
    nock(BASE).get('/feed').times(2).reply(502);
    const err = await syncRequestsFeed(deps(platform), config({ path: '/feed' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformFetchError);
    expect(platform.stats.requests).toBe(2);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('rejects a feed without ID and title columns', async () => {
    nock(BASE)
      .get('/feed')
      .reply(200, [{ foo: 1 }]);
    const err = await syncRequestsFeed(deps(), config({ path: '/feed' })).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/wrong columns/);
  });
});

describeEngines('requests feed: hostile values', (ctx) => {
  afterEach(() => {
    nock.cleanAll();
  });

  it('items with an out-of-range view count, an impossible date or a NUL are skipped as invalid, the rest stored', async () => {
    nock(BASE)
      .get('/feed')
      .reply(200, [
        item(150140, '勞動部'),
        { ...item(150141, '勞動部'), 瀏覽次數: 2 ** 31 },
        { ...item(150142, '勞動部'), 發表日期: '2019-02-30 25:61' },
        { ...item(150143, '勞動部'), 開放建議標題: '請開放\u0000資料' },
        { ...item(150144, '勞動部'), 備註: '\ud800' },
      ]);
    const r = await syncRequestsFeed(
      {
        db: ctx.db.handle.db,
        platform: platformClient(),
        logger: silentLogger(),
        now: new Date('2026-11-01T00:00:00Z'),
        runId: null,
      },
      config({ path: '/feed' }),
    );
    expect(r).toMatchObject({ configured: true, itemsRead: 5, created: 1, invalid: 4 });
    const rows = await ctx.db.handle.db.selectFrom('citizen_requests').select('request_id').execute();
    expect(rows).toEqual([{ request_id: '150140' }]);
  });
});
