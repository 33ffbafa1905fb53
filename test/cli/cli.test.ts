import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { createTestDb, engineAvailable } from '../helpers/engines.js';
import { runCli, spawnCli } from '../helpers/cli.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'odsync-cli-'));

describe('odsync CLI', () => {
  it('prints help with the exit-code contract', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /Exit codes: 0 ok, 1 failed, 2 bad input or usage, 3 finished but partial, 4 another run/,
    );
    expect(r.stdout).toMatch(/status/);
  });

  it('the odsync executable starts through its shebang line (with its node flags)', () => {
    const bin = fileURLToPath(new URL('../../bin/odsync.js', import.meta.url));
    const r = spawnSync(bin, ['--help'], { encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: odsync/);
  });

  it('exits 2 on usage errors and on invalid configuration, listing every problem', async () => {
    expect((await runCli(['no-such-command'])).code).toBe(2);
    const r = await runCli(['config'], { env: { LOG_LEVEL: 'loud', ODSYNC_TIMEZONE: 'Nowhere/Here' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/LOG_LEVEL/);
    expect(r.stderr).toMatch(/ODSYNC_TIMEZONE/);
  });

  it('config masks the database password and API key', async () => {
    const r = await runCli(['config'], {
      env: { DATABASE_URL: 'postgres://me:pa55word@127.0.0.1:5432/test', DATAGOVTW_API_KEY: 'abcdef123' },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/pa55word|abcdef123/);
    expect(JSON.parse(r.stdout)).toMatchObject({
      databaseUrl: 'postgres://me:***@127.0.0.1:5432/test',
      apiKey: '***',
    });
  });

  it('migrate and status work on the embedded database with no server', async () => {
    const dir = tempDir();
    const m = await runCli(['migrate'], { env: { ODSYNC_DATA_DIR: dir } });
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/applied 0001_run_journal/);
    const again = await runCli(['migrate'], { env: { ODSYNC_DATA_DIR: dir } });
    expect(again.stdout).toMatch(/0 applied/);
    const s = await runCli(['status', '--json'], { env: { ODSYNC_DATA_DIR: dir } });
    expect(s.code).toBe(0);
    expect(JSON.parse(s.stdout)).toMatchObject({ engine: 'pglite', jobs: [], deadMan: { ok: false } });
  });

  it('refuses an embedded database held by another process with exit code 4', async () => {
    const dir = tempDir();
    const holder = await openDatabase({ engine: 'pglite', dataDir: dir });
    try {
      const r = await spawnCli(['status'], { ODSYNC_DATA_DIR: dir });
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(new RegExp(`in use by process ${process.pid}`));
    } finally {
      await holder.close();
    }
    const after = await spawnCli(['status'], { ODSYNC_DATA_DIR: dir });
    expect(after.code).toBe(0);
  });

  it.skipIf(!engineAvailable('postgres'))('status works against PostgreSQL via DATABASE_URL', async () => {
    const t = await createTestDb('postgres', { migrate: false });
    try {
      const r = await runCli(['status'], { env: { DATABASE_URL: t.url } });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/PostgreSQL at 127\.0\.0\.1/);
      expect(r.stdout).toMatch(/no runs recorded yet/);
    } finally {
      await t.drop();
    }
  });
});
