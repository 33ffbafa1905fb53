import { expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import { loadConfig } from '../../src/config/index.js';
import type { DbHandle } from '../../src/db/index.js';
import { runNightly, type NightlyStage } from '../../jobs/nightly.js';
import { alertsStage, childRun, migrateStage } from '../../jobs/nightly-stages.js';
import type { Runtime } from '../../jobs/runtime.js';
import { describeEngines } from '../helpers/engines.js';
import { startWebhookServer } from '../alerts/servers.js';

const NOW = new Date('2026-11-26T18:30:00Z');

function runtime(handle: DbHandle, env: Record<string, string> = {}): Runtime {
  const logger = silentLogger();
  const clock = fixedClock(NOW);
  return {
    config: loadConfig({ LOG_LEVEL: 'silent', ...env }),
    logger,
    clock,
    handle,
    migrations: { applied: [], alreadyApplied: 5 },
    runDeps: { handle, logger, clock, staleAfterMs: 600_000 },
    close: () => Promise.resolve(),
  };
}

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) },
  };
}

/** A stage that records a child run with the given outcome (or throws). */
function stage(
  name: string,
  behaviour: 'succeeded' | 'partial' | Error,
  seen?: string[],
  counters: Record<string, number> = { rows: 1 },
): NightlyStage {
  return {
    name,
    affectsOutcome: true,
    run: (ctx) =>
      childRun(ctx, name, () => {
        seen?.push(name);
        if (behaviour instanceof Error) return Promise.reject(behaviour);
        return Promise.resolve({
          status: behaviour,
          counters,
          ...(behaviour === 'partial' ? { reason: `${name} degraded` } : {}),
        });
      }),
  };
}

describeEngines('odsync nightly composition', (ctx) => {
  const runs = () =>
    ctx.db.handle.db
      .selectFrom('runs')
      .select(['id', 'job', 'parent_id', 'status', 'error', 'counters'])
      .orderBy('id')
      .execute();

  it('records every stage as a child run of the nightly run with its counters; exit 0', async () => {
    const { io, out } = capture();
    const r = await runNightly(runtime(ctx.db.handle), io, {
      stages: [
        migrateStage,
        stage('sync-catalog', 'succeeded', [], { added: 3 }),
        stage('report', 'succeeded'),
      ],
      progress: false,
    });
    expect(r.exitCode).toBe(0);
    expect(r.status).toBe('succeeded');
    const rows = await runs();
    const nightly = rows.find((x) => x.job === 'nightly')!;
    expect(nightly.status).toBe('succeeded');
    expect(rows.filter((x) => x.job !== 'nightly').map((x) => [x.job, x.parent_id, x.status])).toEqual([
      ['migrate', nightly.id, 'succeeded'],
      ['sync-catalog', nightly.id, 'succeeded'],
      ['report', nightly.id, 'succeeded'],
    ]);
    expect(rows.find((x) => x.job === 'sync-catalog')!.counters).toEqual({ added: 3 });
    expect(rows.find((x) => x.job === 'migrate')!.counters).toEqual({ applied: 0, alreadyApplied: 5 });
    expect(nightly.counters).toMatchObject({ stages: { 'sync-catalog': { status: 'succeeded', added: 3 } } });
    expect(out.stdout).toMatch(
      new RegExp(
        `^nightly run ${nightly.id} succeeded in [\\d.]+ s: migrate ok · sync-catalog ok · report ok\\n$`,
      ),
    );
  });

  it('a partial stage makes the night partial (exit 3) with the reason', async () => {
    const { io, out } = capture();
    const r = await runNightly(runtime(ctx.db.handle), io, {
      stages: [stage('sync-catalog', 'partial'), stage('report', 'succeeded')],
      progress: false,
    });
    expect(r.exitCode).toBe(3);
    const nightly = (await runs()).find((x) => x.job === 'nightly')!;
    expect(nightly.status).toBe('partial');
    expect(nightly.error).toMatch(/sync-catalog partial \(sync-catalog degraded\)/);
    expect(out.stdout).toMatch(/partial in .*sync-catalog partial \(sync-catalog degraded\) · report ok/);
  });

  it('a failed stage does not stop the night: later stages run on the last good data; exit 1, journal failed', async () => {
    const { io, out } = capture();
    const seen: string[] = [];
    const r = await runNightly(runtime(ctx.db.handle), io, {
      stages: [
        stage('sync-catalog', new Error('platform unreachable: HTTP 503'), seen),
        stage('reconcile', 'succeeded', seen),
        stage('report', 'succeeded', seen),
      ],
      progress: false,
    });
    expect(r.exitCode).toBe(1);
    expect(seen).toEqual(['sync-catalog', 'reconcile', 'report']);
    const rows = await runs();
    expect(rows.map((x) => [x.job, x.status])).toEqual([
      ['nightly', 'failed'],
      ['sync-catalog', 'failed'],
      ['reconcile', 'succeeded'],
      ['report', 'succeeded'],
    ]);
    expect(rows[0]!.error).toMatch(/sync-catalog FAILED \(platform unreachable: HTTP 503\)/);
    expect(r.stages[0]).toMatchObject({ name: 'sync-catalog', status: 'failed', runId: rows[1]!.id });
    expect(out.stdout).toMatch(/^nightly run \d+ failed in/);
  });

  it('a failed alert never fails the night; alerts report the night (webhook receives the partial status)', async () => {
    const hook = await startWebhookServer();
    try {
      const rt = runtime(ctx.db.handle, {
        ODSYNC_ALERT_WEBHOOK_URL: hook.url,
        ODSYNC_ALERT_LEVEL: 'on_failure',
      });
      const stages = [stage('sync-catalog', 'partial'), alertsStage(() => Promise.resolve([]))];
      const first = await runNightly(rt, capture().io, { stages, progress: false });
      expect(first.exitCode).toBe(3);
      expect(hook.requests).toHaveLength(1);
      expect(hook.requests[0]!.body).toMatchObject({ status: 'partial', runId: String(first.runId) });

      hook.respond = 500;
      const ok = [stage('sync-catalog', 'succeeded'), alertsStage(() => Promise.resolve([]))];
      const rtAlways = runtime(ctx.db.handle, {
        ODSYNC_ALERT_WEBHOOK_URL: hook.url,
        ODSYNC_ALERT_LEVEL: 'always',
      });
      const second = await runNightly(rtAlways, capture().io, { stages: ok, progress: false });
      expect(second.exitCode).toBe(0);
      const alertRun = (await runs()).filter((x) => x.job === 'alerts').at(-1)!;
      expect(alertRun.status).toBe('partial');
      expect(alertRun.error).toBe('webhook POST failed: HTTP 500');
      const nightly = (await runs()).filter((x) => x.job === 'nightly').at(-1)!;
      expect(nightly.status).toBe('succeeded');
    } finally {
      await hook.close();
    }
  });

  it('a shutdown request ends the night after the current stage; the rest is recorded as not run', async () => {
    const abort = new AbortController();
    const seen: string[] = [];
    const stopping: NightlyStage = {
      name: 'sync-catalog',
      affectsOutcome: true,
      run: (c) =>
        childRun(c, 'sync-catalog', () => {
          seen.push('sync-catalog');
          abort.abort(new Error('SIGTERM'));
          return Promise.resolve({ status: 'succeeded' as const, counters: {} });
        }),
    };
    const r = await runNightly(runtime(ctx.db.handle), capture().io, {
      stages: [stopping, stage('reconcile', 'succeeded', seen)],
      signal: abort.signal,
      progress: false,
    });
    expect(seen).toEqual(['sync-catalog']);
    expect(r.exitCode).toBe(1);
    expect(r.stages.map((s) => [s.name, s.status])).toEqual([
      ['sync-catalog', 'succeeded'],
      ['reconcile', 'skipped'],
    ]);
    const rows = await runs();
    expect(rows.map((x) => [x.job, x.status])).toEqual([
      ['nightly', 'failed'],
      ['sync-catalog', 'succeeded'],
    ]);
    expect(rows[0]!.error).toMatch(/reconcile not run \(not run: shutdown requested\)/);
  });

  it('a second nightly while one runs exits 4 and records nothing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const isStarted = new Promise<void>((r) => (started = r));
    const slow: NightlyStage = {
      name: 'sync-catalog',
      affectsOutcome: true,
      run: (c) =>
        childRun(c, 'sync-catalog', async () => {
          started();
          await gate;
          return { status: 'succeeded' as const, counters: {} };
        }),
    };
    const first = runNightly(runtime(ctx.db.handle), capture().io, { stages: [slow], progress: false });
    await isStarted;
    const other = ctx.engine === 'postgres' ? await ctx.db.openAnother() : ctx.db.handle;
    const second = capture();
    const r2 = await runNightly(runtime(other), second.io, { stages: [slow], progress: false });
    expect(r2.exitCode).toBe(4);
    expect(second.out.stderr).toMatch(/another "nightly" run is in progress/);
    release();
    expect((await first).exitCode).toBe(0);
    expect((await runs()).map((x) => x.job)).toEqual(['nightly', 'sync-catalog']);
  });

  it('prints stage progress on a TTY', async () => {
    const { io, out } = capture();
    await runNightly(runtime(ctx.db.handle), io, {
      stages: [migrateStage, stage('report', 'partial')],
      progress: true,
    });
    expect(out.stderr).toMatch(
      /\[1\/2\] migrate …\n✓ migrate ok in [\d.]+ s {2}applied=0 alreadyApplied=5\n/,
    );
    expect(out.stderr).toMatch(
      /\[2\/2\] report …\n! report partial in [\d.]+ s {2}rows=1 {2}\(report degraded\)\n/,
    );
  });
});
