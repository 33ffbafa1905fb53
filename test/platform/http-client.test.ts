import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { PlatformFetchError, SchemaError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import {
  PLATFORM_RETRY_POLICY,
  PlatformClient,
  PlatformHttp,
  parseRetryAfter,
  userAgent,
} from '../../src/platform/index.js';

const BASE = 'https://data.gov.tw';
const ENDPOINTS = {
  exportPath: '/api/front/dataset/export',
  exportFormat: 'csv' as const,
  changedExportPath: '/api/front/dataset/changed/export',
  detailPath: '/api/v2/rest/dataset/{id}',
  listPath: '/api/front/dataset/list',
  commentsPath: '/api/front/comment/detail',
  unpublishedPath: '/api/front/dataset/simple-list',
};

function client(
  options: {
    retryableCodes?: string[];
    retries?: number;
    timeoutMs?: number;
    rate?: number;
    minTimeoutMs?: number;
  } = {},
) {
  const http = new PlatformHttp({
    baseUrl: BASE,
    timeoutMs: options.timeoutMs ?? 2000,
    concurrency: 2,
    ratePerSecond: options.rate ?? 1000,
    retries: options.retries ?? 3,
    retryableCodes: options.retryableCodes ?? [],
    userAgent: userAgent('it-office@example.test'),
    logger: silentLogger(),
    policy: {
      minTimeoutMs: options.minTimeoutMs ?? 5,
      maxTimeoutMs: Math.max(20, options.minTimeoutMs ?? 0),
      randomize: false,
    },
  });
  return new PlatformClient(http, ENDPOINTS, silentLogger());
}

const detailBody = (id: string, extra: Record<string, unknown> = {}) => ({
  help: '',
  success: true,
  result: {
    datasetId: id,
    title: '職缺',
    publisherOID: '2.16.886.101.20003.20063.20002|勞動部勞動力發展署',
    ...extra,
  },
});

afterEach(() => {
  nock.cleanAll();
});

describe('platform client: retry policy', () => {
  it('is one named constant with bounded retries', () => {
    expect(PLATFORM_RETRY_POLICY.retries).toBeGreaterThan(0);
    expect(Object.isFrozen(PLATFORM_RETRY_POLICY)).toBe(true);
  });

  it('retries 5xx and network errors, then succeeds', async () => {
    nock(BASE).get('/api/v2/rest/dataset/44062').reply(503, 'busy');
    nock(BASE)
      .get('/api/v2/rest/dataset/44062')
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    nock(BASE).get('/api/v2/rest/dataset/44062').reply(200, detailBody('44062'));
    const c = client();
    const { detail } = await c.fetchDetail('44062');
    expect(detail?.publisherOid).toBe('2.16.886.101.20003.20063.20002');
    expect(detail?.publisherOidName).toBe('勞動部勞動力發展署');
    expect(c.stats).toMatchObject({ requests: 3, retries: 2 });
  });

  it('honours Retry-After on 429', async () => {
    nock(BASE).get('/api/v2/rest/dataset/1').reply(429, 'slow down', { 'Retry-After': '1' });
    nock(BASE).get('/api/v2/rest/dataset/1').reply(200, detailBody('1'));
    const c = client();
    const t0 = Date.now();
    await c.fetchDetail('1');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(990);
    expect(c.stats.requests).toBe(2);
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('waits Retry-After instead of the backoff, not both, within the same retry budget', async () => {
    nock(BASE).get('/api/v2/rest/dataset/1').reply(429, 'slow down', { 'Retry-After': '1' });
    nock(BASE).get('/api/v2/rest/dataset/1').reply(200, detailBody('1'));
    const slow = client({ minTimeoutMs: 3000 });
    const t0 = Date.now();
    await slow.fetchDetail('1');
    const waited = Date.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(990);
    expect(waited).toBeLessThan(2500);

    nock(BASE).get('/api/v2/rest/dataset/4').times(2).reply(429, 'slow down', { 'Retry-After': '0' });
    nock(BASE).get('/api/v2/rest/dataset/4').reply(502, 'bad gateway');
    const c = client({ retries: 2 });
    const err = await c.fetchDetail('4').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 502 });
    expect(c.stats).toEqual({ requests: 3, retries: 2 });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('gives up after the configured retries with the last status', async () => {
    nock(BASE).get('/api/v2/rest/dataset/2').times(3).reply(502, 'bad gateway');
    const c = client({ retries: 2 });
    const err = await c.fetchDetail('2').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformFetchError);
    expect(err).toMatchObject({ status: 502, retryable: true });
    expect(c.stats.requests).toBe(3);
  });

  it.each([400, 401, 403, 404])('never retries HTTP %i', async (status) => {
    nock(BASE).get('/api/v2/rest/dataset/3').reply(status, 'no');
    const c = client();
    const err = await c.fetchDetail('3').catch((e: unknown) => e);
    expect(err).toMatchObject({ status, retryable: false });
    expect(c.stats.requests).toBe(1);
  });

  it('fails fast on 405 naming the allowed method (wrong adapter)', async () => {
    nock(BASE).get('/api/v2/rest/dataset/x').reply(405, '', { Allow: 'POST' });
    const c = client();
    const err = await c.http.getJson('/api/v2/rest/dataset/x').catch((e: unknown) => e);
    expect(String(err)).toMatch(/HTTP 405 \(Allow: POST\)/);
    expect(c.stats.requests).toBe(1);
  });

  it('HTTP 200 success:false: not retried unless its code is configured transient', async () => {
    const body = { success: false, error: { error_type: 'ER0001:API Key錯誤', message: 'API Key錯誤' } };
    nock(BASE).get('/api/v2/rest/dataset/4').reply(200, body);
    const c = client();
    await expect(c.fetchDetail('4')).rejects.toThrow(/platform error ER0001:API Key錯誤/);
    expect(c.stats.requests).toBe(1);

    const transient = {
      success: false,
      error: { type: 'ER0100', message: '找不到指定的 resourceID 資料內容。' },
    };
    nock(BASE).get('/api/v2/rest/dataset/5').reply(200, transient);
    nock(BASE).get('/api/v2/rest/dataset/5').reply(200, detailBody('5'));
    const c2 = client({ retryableCodes: ['ER0100'] });
    await expect(c2.fetchDetail('5')).resolves.toMatchObject({ detail: { datasetId: '5' } });
    expect(c2.stats.requests).toBe(2);
  });

  it('never retries a schema error (validation happens after the call)', async () => {
    nock(BASE)
      .get('/api/v2/rest/dataset/6')
      .reply(200, { success: true, result: { title: 'no id' } });
    const c = client();
    await expect(c.fetchDetail('6')).rejects.toThrow(SchemaError);
    expect(c.stats.requests).toBe(1);
    nock(BASE)
      .get('/api/v2/rest/dataset/7')
      .reply(200, '<html>SPA shell</html>', { 'Content-Type': 'text/html' });
    await expect(c.fetchDetail('7')).rejects.toThrow(/not JSON/);
    expect(c.stats.requests).toBe(2);
  });

  it('retries a timeout', async () => {
    nock(BASE).get('/api/v2/rest/dataset/8').delay(500).reply(200, detailBody('8'));
    nock(BASE).get('/api/v2/rest/dataset/8').reply(200, detailBody('8'));
    const c = client({ timeoutMs: 100 });
    await expect(c.fetchDetail('8')).resolves.toMatchObject({ detail: { datasetId: '8' } });
    expect(c.stats.requests).toBe(2);
  });
});

describe('platform client: shapes and politeness', () => {
  it('sends an identifying User-Agent', async () => {
    let ua = '';
    nock(BASE)
      .get('/api/v2/rest/dataset/9')
      .reply(function () {
        ua = String(this.req.headers['user-agent']);
        return [200, detailBody('9')];
      });
    await client().fetchDetail('9');
    expect(ua).toMatch(/^odsync\/\d+\.\d+\.\d+ \(\+it-office@example\.test\)$/);
  });

  it('spaces requests to the configured rate', async () => {
    nock(BASE)
      .get(/\/api\/v2\/rest\/dataset\/\d+/)
      .times(5)
      .reply(200, (uri) => detailBody(uri.split('/').pop()!));
    const c = client({ rate: 10 });
    const t0 = Date.now();
    await Promise.all(['11', '12', '13', '14', '15'].map((id) => c.fetchDetail(id)));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(380);
  });

  it('result:null is "unknown id", datasetid (lower case) and numeric ids are accepted', async () => {
    nock(BASE).get('/api/v2/rest/dataset/10').reply(200, { help: '', success: true, result: null });
    nock(BASE)
      .get('/api/v2/rest/dataset/6281')
      .reply(200, {
        success: true,
        result: {
          datasetid: 6281,
          title: '基本工資',
          updateFrequency: { regularupdate: '1', frequency: '1', unittime: '年' },
          distribution: [{ resourceField: [{ name: 'a' }, { name: 'b' }] }],
        },
      });
    const c = client();
    expect((await c.fetchDetail('10')).detail).toBeNull();
    const { detail } = await c.fetchDetail('6281');
    expect(detail?.datasetId).toBe('6281');
    expect(detail?.updateFrequency).toEqual({ regular: '1', count: '1', unit: '年' });
    expect(detail?.distribution?.[0]?.resourceField).toEqual(['a', 'b']);
  });

  it('refuses a list page whose agency filter was ignored (the whole-catalogue trap)', async () => {
    nock(BASE)
      .post('/api/front/dataset/list')
      .reply(200, {
        success: true,
        code: 200,
        payload: { search_count: 53169, search_result: [{ nid: '1', agency_tid: 999, title: 'x' }] },
      });
    await expect(client().listByAgency(716, 1)).rejects.toThrow(/filter was ignored/);
  });

  it('validates comments, keeping invalid ones aside', async () => {
    nock(BASE)
      .post('/api/front/comment/detail', { nid: '6624' })
      .reply(200, {
        success: true,
        code: 200,
        payload: {
          results: [
            { nid: '6624', cid: '1201', title: 't', reply: [{ pid: '1201', body: '<p>ok</p>' }] },
            { title: 'no ids' },
          ],
        },
      });
    const r = await client().fetchComments('6624');
    expect(r.comments).toHaveLength(1);
    expect(r.invalid).toHaveLength(1);
  });
});
