/**
 * `odsync schedule` as a real process: the missed-run catch-up at start, SIGTERM while idle
 * (exit 0), and SIGTERM during a run (the night ends after its current stage, recorded failed
 * with the stages not run).
 */
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engineAvailable } from '../helpers/engines.js';
import { CLI_BIN, ROOT } from '../helpers/cli.js';
import { createCliDb, type CliDb } from './cli-db.js';
import { nightlyRuns, startFake, waitFor, type FaultEnv } from '../faults/fault-harness.js';

function spawnSchedule(env: Record<string, string>) {
  const child = spawn(process.execPath, [CLI_BIN, 'schedule'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { child, out, exited };
}

describe.skipIf(!engineAvailable('pglite'))('odsync schedule process [pglite]', { timeout: 240_000 }, () => {
  let db: CliDb;
  let f: FaultEnv;
  beforeEach(async () => {
    db = await createCliDb('pglite');
    f = await startFake(db, { realTime: true });
  });
  afterEach(async () => {
    await f.fake.close();
    await db.drop();
  });

  it('catches up the missed night at start, then SIGTERM while idle exits 0', async () => {
    // Never due on its own during the test: only the catch-up runs.
    const s = spawnSchedule({ ...f.env, ODSYNC_SCHEDULE: '0 0 1 1 *' });
    await waitFor(() => /nightly run \d+ succeeded/.test(s.out.stdout), 120_000, 'the catch-up run');
    await waitFor(() => s.out.stderr.includes('next nightly run'), 10_000, 'the scheduler to be idle');
    expect(s.out.stderr).toMatch(/missed run: no nightly run has ever completed; running now/);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.out.stderr).toMatch(/scheduler stopped/);
    const runs = await db.use((h) => nightlyRuns(h));
    expect(runs.filter((r) => r.job === 'nightly').map((r) => r.status)).toEqual(['succeeded']);
  });

  it('SIGTERM during a run: the current stage finishes, the rest is recorded as not run, exit 0', async () => {
    // Slow the catalogue down so the signal arrives while the night is in its first stages.
    f.fake.setFaults({ latency: { ms: 3000, routes: ['export', 'changedExport'], count: 1 } });
    const s = spawnSchedule({ ...f.env, ODSYNC_SCHEDULE: '0 0 1 1 *', ODSYNC_HTTP_TIMEOUT_MS: '10000' });
    await waitFor(() => f.fake.requests.length > 0, 120_000, 'the catch-up run to reach the platform');
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.out.stdout).toMatch(
      /^nightly run 1 failed in .*sync-catalog ok.*reconcile not run \(not run: shutdown requested\)/m,
    );
    const runs = await db.use((h) => nightlyRuns(h));
    expect(runs.filter((r) => r.status === 'running')).toEqual([]);
    const night = runs.find((r) => r.job === 'nightly')!;
    expect(night.status).toBe('failed');
    expect(runs.filter((r) => r.parent_id === night.id).map((r) => r.job)).not.toContain('report');
  });
});
