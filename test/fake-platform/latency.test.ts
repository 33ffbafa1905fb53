/**
 * The fake's latency fault: a delayed answer is still served (a slow platform), and a client that
 * hung up during the delay gets nothing. Fault tests rely on both: a slow export must arrive,
 * or a test of a database fault during the download is really a test of a timeout.
 */
import axios from 'axios';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakePlatform, type FakePlatform } from '../../tools/fake-platform/index.js';

const EXPORT = '/api/front/dataset/export?format=csv';

describe('fake platform latency', () => {
  let fake: FakePlatform;
  beforeEach(async () => {
    fake = await createFakePlatform({ molCount: 3, otherCount: 1, today: '2026-09-15' });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('answers after the delay', async () => {
    fake.setFaults({ latency: { ms: 300, routes: ['export'] } });
    const t0 = Date.now();
    const r = await axios.get<string>(fake.url + EXPORT, { timeout: 5000, responseType: 'text' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(r.status).toBe(200);
    expect(r.data).toMatch(/資料集識別碼/);
    expect(fake.requests.map((q) => [q.route, q.status])).toEqual([['export', 200]]);
  });

  it('a client that gave up during the delay gets nothing; the delay counts down per request', async () => {
    fake.setFaults({ latency: { ms: 400, routes: ['export'], count: 1 } });
    await expect(axios.get(fake.url + EXPORT, { timeout: 100 })).rejects.toThrow(/timeout/);
    const t0 = Date.now();
    const r = await axios.get<string>(fake.url + EXPORT, { timeout: 5000, responseType: 'text' });
    expect(Date.now() - t0).toBeLessThan(300);
    expect(r.status).toBe(200);
    await new Promise((res) => setTimeout(res, 450));
    expect(fake.requests).toHaveLength(2);
  });
});
