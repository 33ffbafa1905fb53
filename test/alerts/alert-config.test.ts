import { describe, expect, it } from 'vitest';
import { ENV_VARS, loadConfig, maskedConfig } from '../../src/config/index.js';
import { runCli } from '../helpers/cli.js';

describe('alert and schedule configuration', () => {
  const env = {
    ODSYNC_ALERT_WEBHOOK_URL: 'https://hooks.slack.com/services/T0SECRET/B0TOKEN/XyZ',
    ODSYNC_ALERT_SMTP_URL: 'smtps://odsync:pa55-word@mail.mol.gov.tw:465',
    ODSYNC_ALERT_EMAIL_TO: 'it@mol.gov.tw, ops@mol.gov.tw',
    ODSYNC_ALERT_LEVEL: 'always',
    ODSYNC_SCHEDULE: '0 3 * * 1-5',
  };

  it('parses alert and schedule variables; URLs are secrets', () => {
    const c = loadConfig(env);
    expect(c.alerts).toMatchObject({ level: 'always', emailTo: ['it@mol.gov.tw', 'ops@mol.gov.tw'] });
    expect(c.schedule).toEqual({ cron: '0 3 * * 1-5', deadManHours: 26 });
    expect(ENV_VARS.ODSYNC_ALERT_WEBHOOK_URL.secret).toBe(true);
    expect(ENV_VARS.ODSYNC_ALERT_SMTP_URL.secret).toBe(true);
    const masked = JSON.stringify(maskedConfig(c));
    expect(masked).not.toMatch(/T0SECRET|B0TOKEN|pa55-word/);
    expect(masked).toContain('https://hooks.slack.com/***');
    expect(masked).toContain('smtps://odsync:***@mail.mol.gov.tw:465');
  });

  it('`odsync config` masks them; bad values are reported together with exit 2', async () => {
    const r = await runCli(['config'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/T0SECRET|pa55-word/);
    const bad = await runCli(['config'], {
      env: { ODSYNC_SCHEDULE: 'nightly', ODSYNC_ALERT_SMTP_URL: 'smtp://h', ODSYNC_ALERT_LEVEL: 'sometimes' },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/ODSYNC_SCHEDULE: "nightly": expected 5 fields \(minute hour/);
    expect(bad.stderr).toMatch(/ODSYNC_ALERT_LEVEL/);
    expect(bad.stderr).toMatch(/ODSYNC_ALERT_EMAIL_TO: required when ODSYNC_ALERT_SMTP_URL is set/);
  });
});
