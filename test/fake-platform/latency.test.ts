/**
 * The fake's latency fault: a delayed answer is still served (a slow platform), and a request whose
 * client hung up is recorded as not answered (status 0). Fault tests rely on both: a slow export
 * must arrive, or a test of a database fault during the download is really a test of a timeout.
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

  it('a client that gave up during the delay is recorded as not answered; the delay counts down', async () => {
    fake.setFaults({ latency: { ms: 400, routes: ['export'], count: 1 } });
    await expect(axios.get(fake.url + EXPORT, { timeout: 100 })).rejects.toThrow(/timeout/);
    const r = await axios.get<string>(fake.url + EXPORT, { timeout: 5000, responseType: 'text' });
    expect(r.status).toBe(200);
    await new Promise((res) => setTimeout(res, 450));
    // Tests wait for `status !== 0` to know that an answer was sent.
    expect(fake.requests.map((q) => q.status)).toEqual([0, 200]);
  });
});
