/**
 * Platform faults, end to end: `odsync nightly` against the fake data.gov.tw with one fault
 * injected, on both engines. Every test starts from the same synced database (cloned), with one
 * change pending on the platform (a dataset retitled), and proves with table snapshots (row count
 * and content hash per data table):
 *   - a night that fails or degrades writes nothing (the snapshot equals the baseline) or applies
 *     the change exactly once;
 *   - the next clean night applies the change exactly once (one new version, no new dataset rows);
 *   - a further clean night changes nothing (no duplicates).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, engineAvailable } from '../helpers/engines.js';
import type { CliResult } from '../helpers/cli.js';
import { cloneCliDb, createCliDb, type CliDb } from '../schedule/cli-db.js';
import type { FakeFaults } from '../../tools/fake-platform/index.js';
import {
  nightly,
  nightlyRuns,
  notAppliedOnce,
  notUnchanged,
  snapshot,
  startFake,
  type FaultEnv,
  type Snapshot,
} from './fault-harness.js';

const NEW_TITLE = '勞動部職業災害統計（修訂版）';

interface Expected {
  code: number;
  nightly: 'succeeded' | 'partial' | 'failed';
  catalog: 'succeeded' | 'partial' | 'failed';
  reason?: RegExp;
  /** Whether the faulty night itself applies the pending change (faults that retries absorb). */
  applied: boolean;
}

for (const engine of ENGINES) {
  describe.skipIf(!engineAvailable(engine))(
    `fault injection: platform [${engine}]`,
    { timeout: 240_000 },
    () => {
      let base: CliDb;
      let db: CliDb;
      let f: FaultEnv;
      let baseline: Snapshot;
      let changedId: string;

      beforeAll(async () => {
        base = await createCliDb(engine);
        await base.hold();
        const bf = await startFake(base);
        const first = await nightly(bf);
        expect(first.stderr).toBe('');
        expect(first.code, first.stdout).toBe(0);
        baseline = await base.use((h) => snapshot(h.db));
        expect(baseline.datasets!.rows).toBeGreaterThan(50);
        expect(baseline.plan_items!.rows).toBe(48);
        await bf.fake.close();
      }, 180_000);
      afterAll(async () => {
        await base?.drop();
      });
      beforeEach(async () => {
        db = await cloneCliDb(base);
        await db.hold();
        f = await startFake(db);
        changedId = f.fake.state.listed().find((d) => d.publisher === '勞動部')!.id;
        f.fake.state.update(changedId, { title: NEW_TITLE });
      });
      afterEach(async () => {
        await f.fake.close();
        await db.drop();
      });

      const snap = () => db.use((h) => snapshot(h.db));
      const runs = () => db.use((h) => nightlyRuns(h));

      /** The pending change applied exactly once: same rows everywhere, one more version, new title. */
      async function expectAppliedOnce(s: Snapshot) {
        expect(notAppliedOnce(s, baseline)).toBeNull();
        const row = await db.use((h) =>
          h.db
            .selectFrom('datasets')
            .select(['title', 'current_version'])
            .where('dataset_id', '=', changedId)
            .executeTakeFirstOrThrow(),
        );
        expect(row).toEqual({ title: NEW_TITLE, current_version: 2 });
      }

      async function scenario(
        faults: FakeFaults,
        args: string[],
        expected: Expected,
        afterFault?: (r: CliResult) => void,
        faultEnv: Record<string, string> = {},
      ) {
        f.fake.setFaults(faults);
        const r = await nightly(f, args, faultEnv);
        f.fake.clearFaults();
        expect(r.code, r.stdout + r.stderr).toBe(expected.code);
        const all = await runs();
        const night = all.filter((x) => x.job === 'nightly').at(-1)!;
        const catalog = all.filter((x) => x.job === 'sync-catalog').at(-1)!;
        expect(night.status).toBe(expected.nightly);
        expect(catalog).toMatchObject({ parent_id: night.id, status: expected.catalog });
        if (expected.reason) expect(catalog.error).toMatch(expected.reason);
        expect(r.stdout).toMatch(new RegExp(`^nightly run ${night.id} ${expected.nightly} in `));
        afterFault?.(r);
        const afterFaultSnap = await snap();
        if (expected.applied) await expectAppliedOnce(afterFaultSnap);
        else expect(notUnchanged(afterFaultSnap, baseline)).toBeNull();

        const recovery = await nightly(f, args);
        expect(recovery.code, recovery.stdout).toBe(0);
        const recovered = await snap();
        await expectAppliedOnce(recovered);
        const again = await nightly(f, args);
        expect(again.code).toBe(0);
        expect(await snap()).toEqual(recovered);
        return { result: r, night, catalog };
      }

      it('429 storm within the retry budget: Retry-After honoured, the night succeeds, change applied once', async () => {
        const t0 = Date.now();
        await scenario({ rateLimit: { count: 3, retryAfter: 0.3 } }, [], {
          code: 0,
          nightly: 'succeeded',
          catalog: 'succeeded',
          applied: true,
        });
        // Three 429s with Retry-After: 0.3 cost at least 0.9 s of waiting (the back-off is milliseconds).
        expect(Date.now() - t0).toBeGreaterThan(900);
        expect(f.fake.requests.filter((q) => q.status === 429)).toHaveLength(3);
      });

      it('429 storm beyond the retry budget: the night fails (exit 1), nothing is written, the next night catches up', async () => {
        await scenario(
          { rateLimit: { count: 12, retryAfter: 0.3 } },
          [],
          { code: 1, nightly: 'failed', catalog: 'failed', reason: /HTTP 429/, applied: false },
          (r) => {
            // The report was still written, on the last good data, and says so.
            expect(r.stdout).toMatch(/report ok \(.*; built on the last good data of sync-catalog\)/);
            const md = readFileSync(join(f.outDir, 'report.md'), 'utf8');
            expect(md).toMatch(
              /「sync-catalog」階段失敗：.*HTTP 429.*本報告依資料庫中該階段最近一次成功的資料產生/,
            );
          },
        );
      });

      it('the injected retry policy reaches the platform client: with no retries one 503 fails the night', async () => {
        f.fake.setFaults({ serverError: { count: 1, status: 503 } });
        const r = await nightly(f, [], {}, { retries: 0 });
        f.fake.clearFaults();
        expect(r.code, r.stdout + r.stderr).toBe(1);
        const catalog = (await runs()).filter((x) => x.job === 'sync-catalog').at(-1)!;
        expect(catalog).toMatchObject({ status: 'failed' });
        expect(catalog.error).toMatch(/HTTP 503/);
      });

      it('503 burst within the retry budget: retried, the night succeeds', async () => {
        await scenario({ serverError: { count: 3, status: 503 } }, [], {
          code: 0,
          nightly: 'succeeded',
          catalog: 'succeeded',
          applied: true,
        });
      });

      it('503 burst beyond the retry budget: the night fails (exit 1), nothing is written', async () => {
        await scenario({ serverError: { count: 12, status: 503 } }, [], {
          code: 1,
          nightly: 'failed',
          catalog: 'failed',
          reason: /HTTP 503/,
          applied: false,
        });
      });

      it('success:false envelopes (HTTP 200): not retried, the night is partial (exit 3), nothing lost', async () => {
        const { result } = await scenario(
          { successFalse: { count: 50, errorType: 'ER0100', message: 'internal error' } },
          [],
          { code: 3, nightly: 'partial', catalog: 'partial', reason: /platform error ER0100/, applied: true },
        );
        expect(result.stdout).toMatch(/sync-catalog partial/);
      });

      // The retitled dataset is near the start of the export, so the rows that did arrive include it:
      // they are applied, the missing half is not delisted (dataset_events and row counts unchanged).
      it('truncated export (half the rows, well-formed): partial (exit 3), nothing delisted, nothing lost', async () => {
        await scenario({ truncateExportRows: 0.5 }, ['--full'], {
          code: 3,
          nightly: 'partial',
          catalog: 'partial',
          reason: /full pass incomplete, nothing delisted/,
          applied: true,
        });
      });

      it('export cut mid-record (bytes): partial (exit 3), nothing delisted, nothing lost', async () => {
        await scenario({ truncateExportBytes: 0.6 }, ['--full'], {
          code: 3,
          nightly: 'partial',
          catalog: 'partial',
          reason: /full pass incomplete, nothing delisted/,
          applied: true,
        });
      });

      it('a malformed export row: quarantined, the rest applied, partial (exit 3)', async () => {
        const { catalog } = await scenario({ malformedRow: { afterRow: 10 } }, ['--full'], {
          code: 3,
          nightly: 'partial',
          catalog: 'partial',
          reason: /1 record\(s\) quarantined/,
          applied: true,
        });
        const q = await db.use((h) => h.db.selectFrom('quarantine').select(['run_id', 'reason']).execute());
        expect(q.filter((x) => x.run_id === catalog.id)).toHaveLength(1);
      });

      const datasetRow = (id: string) =>
        db.use((h) =>
          h.db
            .selectFrom('datasets')
            .select(['published_date', 'published_at', 'delisted_at', 'current_version'])
            .where('dataset_id', '=', id)
            .executeTakeFirstOrThrow(),
        );
      const quarantineOf = (runId: number) =>
        db.use((h) =>
          h.db
            .selectFrom('quarantine')
            .select(['record_key', 'reason', 'raw'])
            .where('run_id', '=', runId)
            .execute(),
        );
      const lastRuns = async () => {
        const all = await runs();
        return {
          night: all.filter((x) => x.job === 'nightly').at(-1)!,
          catalog: all.filter((x) => x.job === 'sync-catalog').at(-1)!,
        };
      };

      it('an impossible 上架日期 in one export row: stored as null with a quarantine note, the rest applied, partial (exit 3); the next night restores it', async () => {
        const otherId = f.fake.state.listed().filter((d) => d.publisher === '勞動部')[1]!.id;
        const before = await datasetRow(otherId);
        expect(before.published_date).not.toBeNull();
        f.fake.setFaults({ exportOverrides: { [otherId]: { publishedAt: '2019-02-30 25:61:00' } } });
        const r = await nightly(f, ['--full']);
        f.fake.clearFaults();
        expect(r.stderr).not.toMatch(/unexpected error|out of range/);
        expect(r.code, r.stdout + r.stderr).toBe(3);
        const { night, catalog } = await lastRuns();
        expect(night.status).toBe('partial');
        expect(catalog.status).toBe('partial');
        expect(catalog.error).toMatch(/1 record\(s\) quarantined/);
        const q = await quarantineOf(catalog.id);
        expect(q.map((x) => [x.record_key, x.raw])).toEqual([
          [otherId, { field: '上架日期', value: '2019-02-30 25:61:00' }],
        ]);
        expect(q[0]!.reason).toMatch(/上架日期: not a date\/time on the calendar.*stored as null/);
        expect(await datasetRow(otherId)).toMatchObject({
          published_date: null,
          published_at: null,
          delisted_at: null,
          current_version: before.current_version + 1,
        });
        // The retitle that arrived in the same export is applied.
        const changed = await datasetRow(changedId);
        expect(changed.current_version).toBe(2);

        const clean = await nightly(f, ['--full']);
        expect(clean.code, clean.stdout).toBe(0);
        expect(await datasetRow(otherId)).toMatchObject({
          published_date: before.published_date,
          published_at: before.published_at,
          current_version: before.current_version + 2,
        });
        const again = await nightly(f, ['--full']);
        expect(again.code).toBe(0);
        expect((await datasetRow(otherId)).current_version).toBe(before.current_version + 2);
      });

      it('a truncated export with a still-published dataset on the scheduled-delisting list: partial (exit 3), nothing delisted by any source', async () => {
        const mol = f.fake.state.listed().filter((d) => d.publisher.startsWith('勞動部'));
        const scheduledId = mol.at(-1)!.id;
        f.fake.setFaults({ truncateExportRows: 0.1, scheduledDelisting: [scheduledId] });
        const r = await nightly(f, ['--full']);
        f.fake.clearFaults();
        expect(r.code, r.stdout + r.stderr).toBe(3);
        const { catalog } = await lastRuns();
        expect(catalog.status).toBe('partial');
        expect(catalog.error).toMatch(/full pass incomplete, nothing delisted/);
        const s = await snap();
        expect(s.dataset_events).toEqual(baseline.dataset_events);
        expect(s.datasets!.rows).toBe(baseline.datasets!.rows);
        expect((await datasetRow(scheduledId)).delisted_at).toBeNull();

        // A complete pass that still lists it on the scheduled list does not delist it either.
        f.fake.setFaults({ scheduledDelisting: [scheduledId] });
        const complete = await nightly(f, ['--full']);
        f.fake.clearFaults();
        expect(complete.code, complete.stdout).toBe(0);
        expect((await datasetRow(scheduledId)).delisted_at).toBeNull();
        // Recorded as scheduled instead (the early warning): the one table that grew besides the retitle.
        const scheduled = await db.use((h) =>
          h.db.selectFrom('scheduled_delistings').select(['dataset_id', 'cleared_at']).execute(),
        );
        expect(scheduled).toEqual([{ dataset_id: scheduledId, cleared_at: null }]);
        const after = await snap();
        await expectAppliedOnce({ ...after, scheduled_delistings: baseline.scheduled_delistings! });
      });

      it('a 資料集下架 row in a partial incremental night is withheld, and applied by the next clean night', async () => {
        const goneId = f.fake.state.listed().filter((d) => d.publisher === '勞動部')[2]!.id;
        f.fake.state.delist(goneId);
        f.fake.setFaults({ successFalse: { count: 50, errorType: 'ER0100', message: 'internal error' } });
        const r = await nightly(f);
        f.fake.clearFaults();
        expect(r.code, r.stdout + r.stderr).toBe(3);
        const { catalog } = await lastRuns();
        expect(catalog.status).toBe('partial');
        expect(catalog.error).toMatch(
          /1 delisting\(s\) withheld until a complete pass \(1 from changed_export\)/,
        );
        expect((await datasetRow(goneId)).delisted_at).toBeNull();
        expect((await snap()).dataset_events).toEqual(baseline.dataset_events);

        const clean = await nightly(f);
        expect(clean.code, clean.stdout).toBe(0);
        expect((await datasetRow(goneId)).delisted_at).not.toBeNull();
        const events = await db.use((h) =>
          h.db
            .selectFrom('dataset_events')
            .select(['event', 'source'])
            .where('dataset_id', '=', goneId)
            .execute(),
        );
        expect(events).toContainEqual({ event: 'delisted', source: 'changed_export' });
      });

      it('schema drift (a required column renamed): the night fails (exit 1) naming the column, nothing written', async () => {
        await scenario({ renameColumns: { 資料集識別碼: 'ID' } }, ['--full'], {
          code: 1,
          nightly: 'failed',
          catalog: 'failed',
          reason: /lacks required column\(s\) 資料集識別碼/,
          applied: false,
        });
      });

      // The faulty night waits for each timeout: a short one keeps these tests quick.
      const SHORT_TIMEOUT = { ODSYNC_HTTP_TIMEOUT_MS: '600' };

      it('responses slower than the timeout, twice: timed out, retried, the night succeeds', async () => {
        await scenario(
          { latency: { ms: 1500, count: 2 } },
          ['--full'],
          { code: 0, nightly: 'succeeded', catalog: 'succeeded', applied: true },
          undefined,
          SHORT_TIMEOUT,
        );
      });

      it('an export that always answers slower than the timeout: the night fails (exit 1), nothing written', async () => {
        await scenario(
          { latency: { ms: 1500, routes: ['export'] } },
          ['--full'],
          {
            code: 1,
            nightly: 'failed',
            catalog: 'failed',
            reason: /timeout|timed out|ECONNABORTED/i,
            applied: false,
          },
          undefined,
          SHORT_TIMEOUT,
        );
      });
    },
  );
}
