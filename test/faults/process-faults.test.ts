/**
 * Process and database faults, end to end: connections dropped mid-run (PostgreSQL), the process
 * killed with SIGKILL mid-run then restarted, two nightly runs started at once, and an
 * unwritable report directory. Same proof as the platform faults: table snapshots before/after.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, engineAvailable } from '../helpers/engines.js';
import { adminUrl } from '../helpers/pg-admin.js';
import { cloneCliDb, createCliDb, type CliDb } from '../schedule/cli-db.js';
import {
  nightly,
  nightlyRuns,
  notAppliedOnce,
  notUnchanged,
  snapshot,
  spawnNightly,
  startFake,
  waitFor,
  type FaultEnv,
  type Snapshot,
} from './fault-harness.js';

const NEW_TITLE = '勞動部職業災害統計（修訂版）';

for (const engine of ENGINES) {
  describe.skipIf(!engineAvailable(engine))(
    `fault injection: process and database [${engine}]`,
    { timeout: 240_000 },
    () => {
      let base: CliDb;
      let db: CliDb;
      let f: FaultEnv;
      let baseline: Snapshot;
      let changedId: string;

      // Every test starts from a copy of one synced database (the fake is the same every time).
      beforeAll(async () => {
        base = await createCliDb(engine);
        await base.hold();
        const bf = await startFake(base, { realTime: true });
        bf.env.ODSYNC_HTTP_TIMEOUT_MS = '10000';
        const first = await nightly(bf);
        expect(first.code, first.stdout + first.stderr).toBe(0);
        baseline = await base.use((h) => snapshot(h.db));
        await bf.fake.close();
      }, 180_000);
      afterAll(async () => {
        await base?.drop();
      });
      beforeEach(async () => {
        db = await cloneCliDb(base);
        f = await startFake(db, { realTime: true });
        // A loaded CI machine must not turn the injected delays into timeouts.
        f.env.ODSYNC_HTTP_TIMEOUT_MS = '10000';
        changedId = f.fake.state.listed().find((d) => d.publisher === '勞動部')!.id;
        f.fake.state.update(changedId, { title: NEW_TITLE });
      });
      afterEach(async () => {
        await f.fake.close();
        await db.drop();
      });

      const snap = () => db.use((h) => snapshot(h.db));
      const runs = () => db.use((h) => nightlyRuns(h));

      async function isAppliedOnce(s: Snapshot): Promise<boolean> {
        if (notAppliedOnce(s, baseline) !== null) return false;
        const row = await db.use((h) =>
          h.db
            .selectFrom('datasets')
            .select('title')
            .where('dataset_id', '=', changedId)
            .executeTakeFirstOrThrow(),
        );
        return row.title === NEW_TITLE;
      }

      /** After the fault: the next night completes the change exactly once; one more changes nothing. */
      // Every night here is a full pass: spawned processes run on the real clock, and a full pass
      // reads the pending change whatever the date.
      async function expectRecovery() {
        const r = await nightly(f, ['--full']);
        expect(r.code, r.stdout + r.stderr).toBe(0);
        const recovered = await snap();
        expect(notAppliedOnce(recovered, baseline)).toBeNull();
        expect(await isAppliedOnce(recovered)).toBe(true);
        const again = await nightly(f, ['--full']);
        expect(again.code).toBe(0);
        expect(await snap()).toEqual(recovered);
      }

      it.skipIf(engine !== 'postgres')(
        'PostgreSQL drops every connection mid-run: the night fails cleanly, no half-written state, the next night completes',
        async () => {
          const dbName = new URL(db.env.DATABASE_URL!).pathname.slice(1);
          // Slow the export down so the run is surely in progress when the connections drop.
          f.fake.setFaults({ latency: { ms: 800, routes: ['export', 'changedExport'] } });
          const seen = f.fake.requests.length;
          const running = nightly(f, ['--full']);
          await waitFor(
            () => f.fake.requests.slice(seen).some((q) => q.route === 'export'),
            60_000,
            'the export request',
          );
          const admin = new pg.Client({ connectionString: adminUrl() });
          await admin.connect();
          let killed = 0;
          let done = false;
          void running.finally(() => (done = true));
          try {
            // Keep dropping the database's connections for two seconds (a server restart window).
            const until = Date.now() + 2000;
            while (!done && Date.now() < until) {
              const { rows } = await admin.query<{ n: number }>(
                'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
                [dbName],
              );
              killed += rows[0]!.n;
              await new Promise((r) => setTimeout(r, 25));
            }
          } finally {
            await admin.end();
          }
          const r = await running;
          f.fake.clearFaults();
          expect(killed).toBeGreaterThan(0);
          expect(r.code, r.stdout + r.stderr).toBe(1);
          const afterFault = await snap();
          // Each stage's write is one transaction: either nothing or the whole change, never a part.
          expect(notUnchanged(afterFault, baseline) === null || (await isAppliedOnce(afterFault))).toBe(true);
          await expectRecovery();
          const all = await runs();
          expect(all.filter((x) => x.status === 'running')).toEqual([]);
        },
      );

      it('SIGKILL mid-run, then restart: the abandoned run is marked failed, the restart completes without duplicates', async () => {
        f.fake.setFaults({ latency: { ms: 1000, routes: ['export'] } });
        const seen = f.fake.requests.length;
        const { child, done } = spawnNightly(f, ['--full']);
        await waitFor(
          () => f.fake.requests.slice(seen).some((q) => q.route === 'export' && q.status !== 0),
          90_000,
          'the export',
        );
        await new Promise((r) => setTimeout(r, 150));
        child.kill('SIGKILL');
        const killed = await done;
        f.fake.clearFaults();
        expect(killed.code).toBe(137);
        const afterKill = await snap();
        expect(notUnchanged(afterKill, baseline) === null || (await isAppliedOnce(afterKill))).toBe(true);
        await expectRecovery();
        const all = await runs();
        const abandoned = all.filter((x) => x.error?.startsWith('abandoned'));
        expect(abandoned.map((x) => x.job)).toContain('nightly');
        expect(abandoned.every((x) => x.status === 'failed')).toBe(true);
        expect(all.filter((x) => x.status === 'running')).toEqual([]);
      });

      it('two nightly runs started at once: one runs, the other exits 4 without writing anything', async () => {
        // A holds the lock while it waits 5 s for one platform answer; B starts during that wait.
        f.fake.setFaults({ latency: { ms: 5000, routes: ['export'], count: 1 } });
        const seen = f.fake.requests.length;
        const a = spawnNightly(f, ['--full']);
        await waitFor(() => f.fake.requests.length > seen, 90_000, 'the first run to reach the platform');
        const b = spawnNightly(f, ['--full']);
        const results = await Promise.all([a.done, b.done]);
        f.fake.clearFaults();
        expect(results.map((r) => r.code).sort(), JSON.stringify(results)).toEqual([0, 4]);
        const loser = results.find((r) => r.code === 4)!;
        expect(loser.stderr).toMatch(/in progress|in use by process/);
        const afterBoth = await snap();
        expect(notAppliedOnce(afterBoth, baseline), JSON.stringify(results.map((r) => r.stdout))).toBeNull();
        expect(await isAppliedOnce(afterBoth)).toBe(true);
        const all = await runs();
        // Only the winner's nightly run was recorded (plus the baseline night).
        expect(all.filter((x) => x.job === 'nightly').map((x) => x.status)).toEqual([
          'succeeded',
          'succeeded',
        ]);
        await expectRecovery();
      });

      it('unwritable report directory: the report stage fails (exit 1), the synced data is kept, the next night writes it', async () => {
        const blocker = join(f.outDir, 'not-a-directory');
        writeFileSync(blocker, 'a file where the report directory should be');
        const r = await nightly(f, ['--full', '--out', join(blocker, 'reports')]);
        expect(r.code).toBe(1);
        const all = await runs();
        const night = all.filter((x) => x.job === 'nightly').at(-1)!;
        const children = all.filter((x) => x.parent_id === night.id);
        expect(night.status).toBe('failed');
        expect(children.find((x) => x.job === 'report')).toMatchObject({ status: 'failed' });
        expect(children.find((x) => x.job === 'report')!.error).toMatch(/cannot write the report/);
        expect(children.filter((x) => x.job !== 'report').every((x) => x.status === 'succeeded')).toBe(true);
        expect(r.stdout).toMatch(/report FAILED/);
        // The catalogue stage committed before the report failed: the change is there, once.
        expect(await isAppliedOnce(await snap())).toBe(true);
        const good = await nightly(f, ['--full']);
        expect(good.code).toBe(0);
        expect(await isAppliedOnce(await snap())).toBe(true);
      });
    },
  );
}
