import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import type { DbHandle } from '../../src/db/index.js';
import { ENGINES, engineAvailable } from '../helpers/engines.js';
import { runCli } from '../helpers/cli.js';
import { createCliDb, type CliDb } from './cli-db.js';

const NOW = new Date('2026-11-27T04:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

async function insertRun(
  h: DbHandle,
  job: string,
  status: 'succeeded' | 'failed' | 'partial',
  finishedHoursAgo: number,
  error: string | null = null,
) {
  const finished = hoursAgo(finishedHoursAgo);
  await h.db
    .insertInto('runs')
    .values({
      job,
      status,
      started_at: new Date(finished.getTime() - 60_000),
      heartbeat_at: finished,
      finished_at: finished,
      error,
    })
    .execute();
}

for (const engine of ENGINES) {
  describe.skipIf(!engineAvailable(engine))(`odsync status health [${engine}]`, () => {
    let db: CliDb;
    beforeEach(async () => {
      db = await createCliDb(engine);
    });
    afterEach(async () => {
      await db.drop();
    });
    const status = (args: string[], extraEnv: Record<string, string> = {}) =>
      runCli(['status', ...args], { env: { ...db.env, ...extraEnv }, clock: fixedClock(NOW) });

    it('--check exits 0 when a nightly run succeeded within 26 h, and shows last success and failure', async () => {
      await db.use(async (h) => {
        await insertRun(h, 'nightly', 'succeeded', 25.9);
        await insertRun(h, 'nightly', 'failed', 2, 'sync-catalog failed: HTTP 503');
        await insertRun(h, 'sync-catalog', 'succeeded', 26);
      });
      const r = await status(['--check']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /nightly health: ok: last successful nightly run 25\.9 h ago \(threshold 26 h\)/,
      );
      expect(r.stdout).toMatch(/nightly .* failed/);
      expect(r.stdout).toMatch(/reason: sync-catalog failed: HTTP 503/);
      expect(r.stdout).toMatch(/last success: run 1 finished 2026-11-26T02:06:00.000Z/);
      const plain = await status([]);
      expect(plain.code).toBe(0);
    });

    it('--check exits 1 with a clear warning when the last success is older than 26 h; plain status exits 0', async () => {
      await db.use(async (h) => {
        await insertRun(h, 'nightly', 'succeeded', 26.1);
        await insertRun(h, 'nightly', 'partial', 1, 'export truncated');
      });
      const r = await status(['--check']);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/WARNING: no successful nightly run in the last 26 h/);
      expect((await status([])).code).toBe(0);
      const json = await status(['--check', '--json']);
      expect(json.code).toBe(1);
      const parsed = JSON.parse(json.stdout) as { deadMan: { ok: boolean; lastSuccessAt: string } };
      expect(parsed.deadMan).toMatchObject({ ok: false, lastSuccessAt: hoursAgo(26.1).toISOString() });
      // The threshold is configurable.
      expect((await status(['--check'], { ODSYNC_DEADMAN_HOURS: '30' })).code).toBe(0);
      // A Monday-only schedule has no run due since Thursday's success: not an alarm.
      expect((await status(['--check'], { ODSYNC_SCHEDULE: '30 2 * * 1' })).code).toBe(0);
    });

    it('--check exits 1 on a database where nightly never ran', async () => {
      await db.use(async (h) => insertRun(h, 'sync-catalog', 'succeeded', 1));
      const r = await status(['--check']);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/WARNING: no nightly run has ever succeeded/);
    });
  });
}
