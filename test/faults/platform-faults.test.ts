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
      ) {
        f.fake.setFaults(faults);
        const r = await nightly(f, args);
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

      it('a malformed export row: quarantined, the rest applied (exit 0)', async () => {
        const { catalog } = await scenario({ malformedRow: { afterRow: 10 } }, ['--full'], {
          code: 0,
          nightly: 'succeeded',
          catalog: 'succeeded',
          applied: true,
        });
        const q = await db.use((h) => h.db.selectFrom('quarantine').select(['run_id', 'reason']).execute());
        expect(q.filter((x) => x.run_id === catalog.id)).toHaveLength(1);
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

      it('responses slower than the timeout, twice: timed out, retried, the night succeeds', async () => {
        await scenario({ latency: { ms: 2500, count: 2 } }, ['--full'], {
          code: 0,
          nightly: 'succeeded',
          catalog: 'succeeded',
          applied: true,
        });
      });

      it('an export that always answers slower than the timeout: the night fails (exit 1), nothing written', async () => {
        await scenario({ latency: { ms: 4000, routes: ['export'] } }, ['--full'], {
          code: 1,
          nightly: 'failed',
          catalog: 'failed',
          reason: /timeout|timed out|ECONNABORTED/i,
          applied: false,
        });
      });
    },
  );
}
