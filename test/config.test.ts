import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_VARS, loadConfig, maskedConfig, maskUrlPassword } from '../src/config/index.js';
import { ConfigError } from '../src/errors.js';

describe('loadConfig', () => {
  it('applies defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toBe('./.odsync');
    expect(c.baseUrl).toBe('https://data.gov.tw');
    expect(c.timeZone).toBe('Asia/Taipei');
    expect(c.logLevel).toBe('info');
    expect(c.publishers?.map((p) => p.name)).toContain('勞動部勞工保險局');
    expect(c.publishers).toHaveLength(6);
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.http)).toBe(true);
  });

  it('reports every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({
        DATABASE_URL: 'mysql://x',
        DATAGOVTW_BASE_URL: 'not a url',
        ODSYNC_TIMEZONE: 'Mars/Olympus',
        LOG_LEVEL: 'loud',
        ODSYNC_HTTP_CONCURRENCY: '-1',
        ODSYNC_PUBLISHERS: '/nonexistent/publishers.json',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.map((i) => i.split(':')[0]);
    expect(issues).toEqual(
      expect.arrayContaining([
        'DATABASE_URL',
        'DATAGOVTW_BASE_URL',
        'ODSYNC_TIMEZONE',
        'LOG_LEVEL',
        'ODSYNC_HTTP_CONCURRENCY',
        'ODSYNC_PUBLISHERS',
      ]),
    );
    expect((error as ConfigError).exitCode).toBe(2);
  });

  it('parses publishers as *, a name list, or a JSON file', () => {
    expect(loadConfig({ ODSYNC_PUBLISHERS: '*' }).publishers).toBeNull();
    const named = loadConfig({ ODSYNC_PUBLISHERS: '勞保局, 某某部' }).publishers!;
    expect(named.map((p) => p.name)).toEqual(['勞動部勞工保險局', '某某部']);
    expect(named[0]!.agencyTid).toBe(716);
    const dir = mkdtempSync(join(tmpdir(), 'odsync-config-'));
    const file = join(dir, 'publishers.json');
    writeFileSync(file, JSON.stringify([{ name: '勞動部', oid: '2.16.886.101.20003.20063' }]));
    expect(loadConfig({ ODSYNC_PUBLISHERS: file }).publishers).toEqual([
      { name: '勞動部', aliases: [], oid: '2.16.886.101.20003.20063', agencyCode: null, agencyTid: null },
    ]);
    writeFileSync(file, JSON.stringify([{ oid: 3 }]));
    expect(() => loadConfig({ ODSYNC_PUBLISHERS: file })).toThrow(/ODSYNC_PUBLISHERS: .*name/);
  });

  it('masks secrets for display', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://odsync:s3cr3t@db:5432/odsync',
      DATAGOVTW_API_KEY: 'key-123456',
    });
    const shown = JSON.stringify(maskedConfig(c));
    expect(shown).not.toContain('s3cr3t');
    expect(shown).not.toContain('key-123456');
    expect(shown).toContain('postgres://odsync:***@db:5432/odsync');
    expect(maskUrlPassword('see postgresql://u:p%40ss@h/x now')).toBe('see postgresql://u:***@h/x now');
  });

  it('documents every variable for the README table', () => {
    for (const [name, spec] of Object.entries(ENV_VARS)) {
      expect(spec.description.length, name).toBeGreaterThan(10);
    }
  });
});
