/**
 * `odsync doctor` against the fake platform in each fault mode: the verdict of each interface and
 * the exit code (0 all ok, 3 degraded, 1 the catalogue unreadable).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import * as doctor from '../../jobs/doctor.js';
import type { Notifier } from '../../src/alerts/index.js';
import { doctorText, type DoctorResult } from '../../src/doctor/index.js';
import { createFakePlatform, type FakeFaults, type FakePlatform } from '../../tools/fake-platform/index.js';
import { tempDataDir } from '../catalog/sync-helpers.js';
import { describeEngines } from '../helpers/engines.js';
import { testRuntime } from '../reconcile-store/db-helpers.js';

describeEngines('odsync doctor against the fake platform', (ctx) => {
  let fake: FakePlatform;
  let data: ReturnType<typeof tempDataDir>;
  beforeEach(async () => {
    fake = await createFakePlatform();
    data = tempDataDir();
    // A nightly that succeeded an hour ago: the dead-man's switch is quiet.
    const finished = new Date(Date.now() - 3_600_000);
    await ctx.db.handle.db
      .insertInto('runs')
      .values({
        job: 'nightly',
        parent_id: null,
        status: 'succeeded',
        started_at: finished,
        finished_at: finished,
        error: null,
        pid: null,
        hostname: null,
      })
      .execute();
  });
  afterEach(async () => {
    await fake.close();
    data.remove();
    await ctx.db.handle.db.deleteFrom('runs').execute();
  });

  const check = async (
    faults: FakeFaults | null,
    env: Record<string, string> = {},
    notifiers?: Notifier[],
  ) => {
    if (faults) fake.setFaults(faults);
    const rt = testRuntime(ctx.db.handle, new Date().toISOString(), {
      DATAGOVTW_BASE_URL: fake.url,
      ODSYNC_DATA_DIR: data.dir,
      ODSYNC_HTTP_RATE: '1000',
      ...env,
    });
    const r = await doctor.run(rt, notifiers ? { notifiers, sendTestAlert: true } : {});
    fake.clearFaults();
    return r;
  };
  const verdicts = (r: DoctorResult) => Object.fromEntries(r.probes.map((p) => [p.name, p.verdict]));

  it('all ok: exit 0, every interface probed once, the export read only in part', async () => {
    const r = await check(null);
    expect(verdicts(r)).toEqual({
      'catalogue-export': 'ok',
      'changed-export': 'ok',
      detail: 'ok',
      'front-list': 'ok',
      'options-list': 'ok',
      comments: 'ok',
      'scheduled-delistings': 'ok',
      'delisted-history': 'ok',
    });
    expect(r.local.map((l) => [l.name, l.verdict])).toEqual([
      ['database', 'ok'],
      ['data-dir', 'ok'],
      ['time-zone', 'ok'],
      ['clock-skew', 'ok'],
      ['last-nightly', 'ok'],
      ['alerts', 'ok'],
    ]);
    expect(r.exitCode).toBe(0);
    const exp = r.probes.find((p) => p.name === 'catalogue-export')!;
    expect(exp.records).toBeGreaterThan(0);
    expect(exp.records).toBeLessThan(fake.state.listed().length);
    expect(exp.note).toBe('header and first rows only');
    expect(fake.requests.filter((q) => q.route === 'export')).toHaveLength(1);
    expect(doctorText(r)).toContain('結論: ok');
  });

  it('schema change of the export: the catalogue is broken, exit 1', async () => {
    const r = await check({ renameColumns: { 資料集識別碼: 'ID' } });
    const exp = r.probes.find((p) => p.name === 'catalogue-export')!;
    expect(exp).toMatchObject({ verdict: 'broken', missing: ['資料集識別碼'] });
    expect(exp.unknown).toContain('ID');
    expect(r.exitCode).toBe(1);
  });

  it('5xx on the comments route: that interface broken, the rest ok, exit 3 (no retry)', async () => {
    const r = await check({ serverError: { count: 5, routes: ['comments'] } });
    expect(verdicts(r)).toMatchObject({ comments: 'broken', 'catalogue-export': 'ok', detail: 'ok' });
    expect(r.probes.find((p) => p.name === 'comments')).toMatchObject({ status: 503 });
    expect(fake.requests.filter((q) => q.route === 'comments')).toHaveLength(1);
    expect(r.exitCode).toBe(3);
  });

  it('success:false on the front list: broken with the platform error, exit 3', async () => {
    const r = await check({ successFalse: { count: 5, errorType: 'ER0100', routes: ['list'] } });
    const list = r.probes.find((p) => p.name === 'front-list')!;
    expect(list).toMatchObject({ verdict: 'broken', status: 200 });
    expect(list.note).toContain('ER0100');
    expect(r.exitCode).toBe(3);
  });

  it('drift of the v2 detail: a field odsync reads is missing (degraded), a new one is listed', async () => {
    const r = await check({ detailDrift: { drop: ['publisherOID'], set: { brandNewField: 1 } } });
    const d = r.probes.find((p) => p.name === 'detail')!;
    expect(d).toMatchObject({ verdict: 'degraded', missing: ['publisherOID'] });
    expect(d.unknown).toContain('brandNewField');
    expect(d.unknown).not.toContain('title');
    expect(r.exitCode).toBe(3);
  });

  it('alert channels: a dry run by default, secrets masked; --send-test-alert sends', async () => {
    const dry = await check(null, {
      ODSYNC_ALERT_WEBHOOK_URL: 'https://hooks.example.org/services/T0/B0/s3cret?token=abc',
    });
    const line = dry.local.find((l) => l.name === 'alerts:webhook')!;
    expect(line.detail).toMatch(/dry run/);
    expect(line.detail).not.toContain('s3cret');
    expect(line.detail).not.toContain('abc');
    const sent: string[] = [];
    const wet = await check(null, {}, [
      { channel: 'webhook', send: (d) => Promise.resolve(void sent.push(d.summary)) },
    ]);
    expect(sent).toHaveLength(1);
    expect(wet.local.find((l) => l.name === 'alerts:webhook')).toMatchObject({ verdict: 'ok' });
  });
});
