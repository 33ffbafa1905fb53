import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { ENGINES, engineAvailable } from '../helpers/engines.js';
import { runCli } from '../helpers/cli.js';
import { createCliDb, type CliDb } from '../schedule/cli-db.js';
import { startWebhookServer, type WebhookServer } from '../alerts/servers.js';
import { NIGHT, nightly, startFake, type FaultEnv } from '../faults/fault-harness.js';

for (const engine of ENGINES) {
  describe.skipIf(!engineAvailable(engine))(
    `odsync nightly against the fake platform [${engine}]`,
    { timeout: 240_000 },
    () => {
      let db: CliDb;
      let f: FaultEnv;
      let hook: WebhookServer;
      beforeEach(async () => {
        db = await createCliDb(engine);
        f = await startFake(db);
        hook = await startWebhookServer();
      });
      afterEach(async () => {
        await hook.close();
        await f.fake.close();
        await db.drop();
      });

      it('rejects a bad --as-of with exit 2 before touching the database', async () => {
        const r = await runCli(['nightly', '--as-of', '2026-13-01'], { env: f.env });
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/--as-of "2026-13-01": must be a date YYYY-MM-DD/);
      });

      it('runs every stage, makes status --check healthy, alerts each new discrepancy once', async () => {
        const alerting = { ODSYNC_ALERT_WEBHOOK_URL: hook.url, ODSYNC_ALERT_LEVEL: 'on_new_discrepancies' };
        const before = await runCli(['status', '--check'], { env: f.env, clock: fixedClock(NIGHT) });
        expect(before.code).toBe(1);

        const first = await nightly(f, [], alerting);
        expect(first.code, first.stdout + first.stderr).toBe(0);
        expect(first.stdout).toMatch(
          /^nightly run 1 succeeded in [\d.]+ s: migrate ok · sync-catalog ok \(full: \d+ added.*\) · sync-feedback ok · plan ok \(no plan yet: imported the bundled seed plan \(48 items\)\) · reconcile ok \(\d+ new, 0 resolved discrepancies\) · report ok \(.*\) · alerts ok \(1 sent\)\n$/,
        );
        const open = await db.use((h) =>
          h.db.selectFrom('discrepancies').select('id').where('resolved_at', 'is', null).execute(),
        );
        expect(open.length).toBeGreaterThan(0);
        expect(hook.requests).toHaveLength(1);
        const digest = hook.requests[0]!.body as {
          newDiscrepancyCount: number;
          newDiscrepancies: { id: string }[];
        };
        expect(digest.newDiscrepancyCount).toBe(open.length);
        expect(new Set(digest.newDiscrepancies.map((d) => d.id))).toEqual(new Set(open.map((o) => o.id)));

        const after = await runCli(['status', '--check'], { env: f.env, clock: fixedClock(NIGHT) });
        expect(after.code).toBe(0);
        expect(after.stdout).toMatch(
          /stages: migrate succeeded, sync-catalog succeeded, sync-feedback succeeded, plan succeeded, reconcile succeeded, report succeeded, alerts succeeded/,
        );

        // Next night: nothing new, nothing sent; every stage is again a child of the night.
        const second = await nightly(f, [], alerting);
        expect(second.code).toBe(0);
        expect(second.stdout).toMatch(/alerts ok \(0 sent\)/);
        expect(hook.requests).toHaveLength(1);
        const runs = await db.use((h) =>
          h.db.selectFrom('runs').select(['job', 'parent_id']).orderBy('id').execute(),
        );
        const nights = runs.filter((r) => r.job === 'nightly');
        expect(nights).toHaveLength(2);
        expect(runs.filter((r) => r.job !== 'nightly').every((r) => r.parent_id !== null)).toBe(true);
        expect(
          runs
            .filter((r) => r.job !== 'nightly')
            .map((r) => r.job)
            .slice(0, 7),
        ).toEqual(['migrate', 'sync-catalog', 'sync-feedback', 'plan', 'reconcile', 'report', 'alerts']);
      });
    },
  );
}
