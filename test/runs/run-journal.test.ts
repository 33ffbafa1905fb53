import { expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { LockHeldError, exitCodeFor } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import { runJob, jobStatuses, type RunJobDeps } from '../../src/runs/index.js';
import type { DbHandle } from '../../src/db/index.js';
import { describeEngines } from '../helpers/engines.js';

const NOW = new Date('2026-11-27T02:30:00Z');
const deps = (handle: DbHandle): RunJobDeps => ({
  handle,
  logger: silentLogger(),
  clock: fixedClock(NOW),
  staleAfterMs: 10 * 60_000,
});

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describeEngines('run journal', (ctx) => {
  it('records a succeeded run with its counters', async () => {
    const out = await runJob(deps(ctx.db.handle), 'sync-catalog', async (run) => {
      await run.progress({ fetched: 1 });
      return { status: 'succeeded', counters: { added: 3 } };
    });
    const row = await ctx.db.handle.db
      .selectFrom('runs')
      .selectAll()
      .where('id', '=', out.runId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('succeeded');
    expect(row.counters).toEqual({ fetched: 1, added: 3 });
    expect(row.finished_at?.toISOString()).toBe(NOW.toISOString());
    expect(row.pid).toBe(process.pid);
  });

  it('records partial with its reason, and failure with the error (secrets masked)', async () => {
    await runJob(deps(ctx.db.handle), 'sync-catalog', () =>
      Promise.resolve({ status: 'partial' as const, counters: {}, reason: 'export truncated' }),
    );
    await expect(
      runJob(deps(ctx.db.handle), 'sync-catalog', () =>
        Promise.reject(new Error('cannot reach postgres://u:pw9@h/db')),
      ),
    ).rejects.toThrow(/cannot reach/);
    const rows = await ctx.db.handle.db.selectFrom('runs').selectAll().orderBy('id').execute();
    expect(rows.map((r) => [r.status, r.error])).toEqual([
      ['partial', 'export truncated'],
      ['failed', 'cannot reach postgres://u:***@h/db'],
    ]);
  });

  it('refuses a concurrent second run of the same job (exit code 4), allows other jobs', async () => {
    const second = ctx.engine === 'postgres' ? await ctx.db.openAnother() : ctx.db.handle;
    const gate = deferred();
    const started = deferred();
    const first = runJob(deps(ctx.db.handle), 'nightly', async () => {
      started.resolve();
      await gate.promise;
      return { status: 'succeeded', counters: {} };
    });
    await started.promise;
    const err = await runJob(deps(second), 'nightly', () =>
      Promise.resolve({ status: 'succeeded' as const, counters: {} }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockHeldError);
    expect(exitCodeFor(err)).toBe(4);
    if (ctx.engine === 'postgres') {
      // A different job is not blocked by the nightly lock.
      await expect(
        runJob(deps(second), 'report', () => Promise.resolve({ status: 'succeeded' as const, counters: {} })),
      ).resolves.toMatchObject({
        status: 'succeeded',
      });
    }
    gate.resolve();
    await first;
    // Once released, the job can run again.
    await expect(
      runJob(deps(second), 'nightly', () => Promise.resolve({ status: 'succeeded' as const, counters: {} })),
    ).resolves.toBeDefined();
    const statuses = await ctx.db.handle.db
      .selectFrom('runs')
      .select(['job', 'status'])
      .where('job', '=', 'nightly')
      .execute();
    expect(statuses.map((s) => s.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('marks a run left running by a killed process as failed at the next start', async () => {
    const db = ctx.db.handle.db;
    const old = new Date(NOW.getTime() - 60 * 60_000);
    const fresh = new Date(NOW.getTime() - 60_000);
    const insert = (job: string, heartbeat: Date) =>
      db
        .insertInto('runs')
        .values({ job, status: 'running', started_at: old, heartbeat_at: heartbeat })
        .returning('id')
        .executeTakeFirstOrThrow();
    const dead = await insert('sync-catalog', old);
    const otherDead = await insert('report', old);
    const otherAlive = await insert('sync-feedback', fresh);

    const before = await jobStatuses(db, NOW, 10 * 60_000);
    expect(before.find((s) => s.job === 'sync-catalog')?.stale).toBe(true);
    expect(before.find((s) => s.job === 'sync-feedback')?.stale).toBe(false);

    await runJob(deps(ctx.db.handle), 'sync-catalog', () =>
      Promise.resolve({ status: 'succeeded' as const, counters: {} }),
    );
    const rows = await db.selectFrom('runs').select(['id', 'status', 'error']).orderBy('id').execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(dead.id)?.status).toBe('failed');
    expect(byId.get(dead.id)?.error).toMatch(/^abandoned: .*last heartbeat 2026-11-27T01:30:00Z/);
    expect(byId.get(otherDead.id)?.status).toBe('failed');
    expect(byId.get(otherAlive.id)?.status).toBe('running');
  });

  it('reports the last run, last success and last failure per job', async () => {
    const d = deps(ctx.db.handle);
    await runJob(d, 'report', () => Promise.resolve({ status: 'succeeded' as const, counters: { n: 1 } }));
    await runJob(d, 'report', () => Promise.reject(new Error('disk full'))).catch(() => undefined);
    const [s] = await jobStatuses(ctx.db.handle.db, new Date(NOW.getTime() + 2 * 3_600_000), d.staleAfterMs);
    expect(s?.job).toBe('report');
    expect(s?.last.status).toBe('failed');
    expect(s?.lastFailure?.error).toBe('disk full');
    expect(s?.lastSuccess?.counters).toEqual({ n: 1 });
    expect(s?.hoursSinceSuccess).toBeCloseTo(2, 5);
  });
});
