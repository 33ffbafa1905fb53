import { afterEach, beforeEach, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { createLogger } from '../../src/logger.js';
import {
  sendNightlyAlerts,
  type AlertDiscrepancy,
  type AlertsConfig,
  type NightlyAlertInput,
} from '../../src/alerts/index.js';
import { describeEngines } from '../helpers/engines.js';
import { startSmtpServer, startWebhookServer, type SmtpTestServer, type WebhookServer } from './servers.js';

const NOW = new Date('2026-11-26T19:00:00Z');

const d = (id: string, title = `項目 ${id}`): AlertDiscrepancy => ({
  id,
  kind: 'overdue',
  planKey: id,
  datasetId: null,
  title,
});

describeEngines('alerts delivery', (ctx) => {
  let hook: WebhookServer;
  let smtp: SmtpTestServer;
  let logLines: string[];
  let runId: number;

  beforeEach(async () => {
    hook = await startWebhookServer();
    smtp = await startSmtpServer();
    logLines = [];
    const run = await ctx.db.handle.db
      .insertInto('runs')
      .values({ job: 'nightly', status: 'running' })
      .returning('id')
      .executeTakeFirstOrThrow();
    runId = run.id;
  });
  afterEach(async () => {
    await hook.close();
    await smtp.close();
  });

  const config = (over: Partial<AlertsConfig> = {}): AlertsConfig => ({
    level: 'on_new_discrepancies',
    webhookUrl: hook.url,
    webhookFormat: 'json',
    smtpUrl: undefined,
    emailTo: [],
    emailFrom: 'odsync <odsync@mol.gov.tw>',
    timeoutMs: 2000,
    ...over,
  });
  const deps = (c: AlertsConfig) => ({
    db: ctx.db.handle.db,
    clock: fixedClock(NOW),
    config: c,
    logger: createLogger({
      level: 'debug',
      destination: { write: (s: string) => void logLines.push(s) },
      secrets: [c.webhookUrl, c.smtpUrl].filter((s): s is string => !!s),
    }),
  });
  const input = (status: NightlyAlertInput['status'] = 'succeeded'): NightlyAlertInput => ({
    runId,
    status,
    summary: 'all stages ok',
    startedAt: new Date('2026-11-26T18:30:00Z'),
    timeZone: 'Asia/Taipei',
    stages: [{ name: 'reconcile', status }],
    reportDir: null,
  });

  it('posts a digest of new discrepancies only: each discrepancy is alerted once', async () => {
    const c = config();
    const first = await sendNightlyAlerts(deps(c), input(), [d('a'), d('b')]);
    expect(first).toMatchObject({ configured: 1, sent: 1, failed: 0 });
    expect(hook.requests).toHaveLength(1);
    const body1 = hook.requests[0]!.body as { newDiscrepancies: { id: string }[]; status: string };
    expect(body1.newDiscrepancies.map((x) => x.id)).toEqual(['a', 'b']);
    expect(hook.requests[0]!.headers['content-type']).toMatch(/application\/json/);

    // Next night: a and b are still open, c is new → only c.
    const second = await sendNightlyAlerts(deps(c), input(), [d('a'), d('b'), d('c')]);
    expect(second.channels[0]).toMatchObject({ outcome: 'sent', newDiscrepancies: 1 });
    const body2 = hook.requests[1]!.body as { newDiscrepancies: { id: string }[] };
    expect(body2.newDiscrepancies.map((x) => x.id)).toEqual(['c']);

    // Nothing new and the run succeeded: no alert at this level.
    const third = await sendNightlyAlerts(deps(c), input(), [d('a'), d('b'), d('c')]);
    expect(third.channels[0]).toMatchObject({ outcome: 'not_needed' });
    expect(hook.requests).toHaveLength(2);

    const sent = await ctx.db.handle.db
      .selectFrom('alert_sent')
      .selectAll()
      .orderBy('discrepancy_id')
      .execute();
    expect(sent.map((r) => [r.channel, r.discrepancy_id, r.run_id])).toEqual([
      ['webhook', 'a', runId],
      ['webhook', 'b', runId],
      ['webhook', 'c', runId],
    ]);
  });

  it('on_failure: silent on a good night with new discrepancies, alerts a partial night with them', async () => {
    const c = config({ level: 'on_failure', webhookFormat: 'slack' });
    await sendNightlyAlerts(deps(c), input('succeeded'), [d('a')]);
    expect(hook.requests).toHaveLength(0);
    await sendNightlyAlerts(deps(c), input('partial'), [d('a')]);
    expect(hook.requests).toHaveLength(1);
    expect((hook.requests[0]!.body as { text: string }).text).toMatch(/部分完成，新增差異 1 筆/);
  });

  it('always: alerts even a good night with nothing new', async () => {
    await sendNightlyAlerts(deps(config({ level: 'always' })), input(), []);
    expect(hook.requests).toHaveLength(1);
    expect((hook.requests[0]!.body as { text: string }).text).toMatch(/沒有新發現的差異/);
  });

  it('a failed webhook is logged and recorded, never thrown, never leaks the URL; its discrepancies go out next time', async () => {
    hook.respond = 500;
    const c = config();
    const r = await sendNightlyAlerts(deps(c), input(), [d('a')]);
    expect(r).toMatchObject({ sent: 0, failed: 1 });
    expect(r.channels[0]!.error).toBe('webhook POST failed: HTTP 500');
    const delivery = await ctx.db.handle.db.selectFrom('alert_deliveries').selectAll().execute();
    expect(delivery.map((x) => [x.channel, x.status, x.error])).toEqual([
      ['webhook', 'failed', 'webhook POST failed: HTTP 500'],
    ]);
    expect(await ctx.db.handle.db.selectFrom('alert_sent').selectAll().execute()).toEqual([]);

    hook.respond = 200;
    await sendNightlyAlerts(deps(c), input(), [d('a')]);
    expect((hook.requests[1]!.body as { newDiscrepancies: unknown[] }).newDiscrepancies).toHaveLength(1);

    // Connection refused to a URL holding a token: the token appears nowhere.
    const dead = config({ webhookUrl: 'http://127.0.0.1:9/hooks/T0SECRET/B0TOKEN' });
    const r2 = await sendNightlyAlerts(deps(dead), input('failed'), []);
    expect(r2.channels[0]!.error).toBe('webhook POST failed: ECONNREFUSED');
    const logs = logLines.join('');
    expect(logs).toMatch(/alert not delivered/);
    expect(logs).not.toMatch(/T0SECRET|B0TOKEN/);
  });

  it('a webhook that never answers times out within ODSYNC_ALERT_TIMEOUT_MS', async () => {
    hook.respond = 'hang';
    const t0 = Date.now();
    const r = await sendNightlyAlerts(deps(config({ timeoutMs: 300 })), input('failed'), []);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r.channels[0]!.error).toBe('webhook POST failed: timed out');
  });

  it('sends e-mail through SMTP with AUTH; a wrong password fails without revealing it', async () => {
    const c = config({
      webhookUrl: undefined,
      smtpUrl: smtp.url,
      emailTo: ['it@mol.gov.tw', 'ops@mol.gov.tw'],
    });
    const r = await sendNightlyAlerts(deps(c), input('partial'), [d('x', '職業災害統計')]);
    expect(r).toMatchObject({ configured: 1, sent: 1 });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toEqual(['it@mol.gov.tw', 'ops@mol.gov.tw']);
    expect(smtp.mails[0]!.from).toBe('odsync@mol.gov.tw');
    // The body is UTF-8 (quoted-printable or base64): decode it to find the Chinese text.
    expect(decodeMail(smtp.mails[0]!.raw)).toMatch(/職業災害統計/);
    expect(smtp.mails[0]!.raw).toMatch(/^Subject: /m);

    const wrong = config({
      webhookUrl: undefined,
      smtpUrl: `smtp://odsync:wrong-pw-123@127.0.0.1:${smtp.port}`,
      emailTo: ['it@mol.gov.tw'],
    });
    const bad = await sendNightlyAlerts(deps(wrong), input('failed'), [d('y')]);
    expect(bad).toMatchObject({ sent: 0, failed: 1 });
    expect(bad.channels[0]!.error).toMatch(/^e-mail failed: /);
    expect(bad.channels[0]!.error).not.toMatch(/wrong-pw-123/);
    expect(logLines.join('')).not.toMatch(/wrong-pw-123|s3cret-pw/);
    // y was not delivered by e-mail, so it stays pending for that channel.
    const sent = await ctx.db.handle.db.selectFrom('alert_sent').select('discrepancy_id').execute();
    expect(sent.map((s) => s.discrepancy_id)).toEqual(['x']);
  });

  it('webhook and e-mail each track what they sent: a channel that failed catches up alone', async () => {
    const both = config({ smtpUrl: smtp.url, emailTo: ['it@mol.gov.tw'] });
    hook.respond = 503;
    await sendNightlyAlerts(deps(both), input(), [d('a')]);
    expect(smtp.mails).toHaveLength(1);
    hook.respond = 200;
    const r = await sendNightlyAlerts(deps(both), input(), [d('a')]);
    expect(r.channels.map((c) => [c.channel, c.outcome, c.newDiscrepancies])).toEqual([
      ['webhook', 'sent', 1],
      ['email', 'not_needed', 0],
    ]);
    expect(smtp.mails).toHaveLength(1);
  });
});

function decodeMail(raw: string): string {
  const [, body = ''] = raw.split(/\r?\n\r?\n/, 2).length === 2 ? raw.split(/\r?\n\r?\n/) : ['', raw];
  if (/Content-Transfer-Encoding: base64/i.test(raw)) {
    return Buffer.from(raw.slice(raw.search(/\r?\n\r?\n/)).replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  const qp = (body + raw.slice(raw.search(/\r?\n\r?\n/)))
    .replace(/=\r?\n/g, '')
    .replace(/(=[0-9A-F]{2})+/g, (m) => Buffer.from(m.replace(/=/g, ''), 'hex').toString('utf8'));
  return qp;
}
