import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { ENGINES, engineAvailable } from '../helpers/engines.js';
import { runCli } from '../helpers/cli.js';
import { createCliDb, type CliDb } from '../schedule/cli-db.js';

const NOW = new Date('2026-11-26T18:30:00Z');

for (const engine of ENGINES) {
  describe.skipIf(!engineAvailable(engine))(`odsync nightly CLI [${engine}]`, () => {
    let db: CliDb;
    beforeEach(async () => {
      db = await createCliDb(engine);
    });
    afterEach(async () => {
      await db.drop();
    });

    it('rejects a bad --as-of with exit 2 before touching the database', async () => {
      const r = await runCli(['nightly', '--as-of', '2026-13-01'], { env: db.env });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--as-of "2026-13-01": must be a date YYYY-MM-DD/);
    });

    it('makes status --check healthy after a successful night', async () => {
      const before = await runCli(['status', '--check'], { env: db.env, clock: fixedClock(NOW) });
      expect(before.code).toBe(1);
      const r = await runCli(['nightly'], { env: db.env, clock: fixedClock(NOW) });
      expect(r.stdout).toMatch(/^nightly run 1 \w+ in [\d.]+ s: migrate ok/);
      expect(r.code).toBe(0);
      const after = await runCli(['status', '--check'], { env: db.env, clock: fixedClock(NOW) });
      expect(after.code).toBe(0);
    });
  });
}
