/**
 * The run journal: every job run is a row in `runs` with its status, counters and heartbeat.
 * `runJob` wraps a job body: lock, recover abandoned runs, record, heartbeat, finish.
 */
import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { Clock } from '../clock.js';
import { maskUrlPassword } from '../config/index.js';
import type { DbHandle } from '../db/index.js';
import type { Logger } from '../logger.js';
import { withJobLock } from './job-lock.js';

export type Counters = Record<string, unknown>;

/** What a job body returns: its counters, and `partial` with a reason when it degraded. */
export interface JobOutcome {
  status: 'succeeded' | 'partial';
  counters: Counters;
  reason?: string;
}

export interface RunContext {
  runId: number;
  logger: Logger;
  /** Record counters mid-run (also refreshes the heartbeat). */
  progress(counters: Counters): Promise<void>;
}

export interface RunJobDeps {
  handle: DbHandle;
  logger: Logger;
  clock: Clock;
  /** Runs whose heartbeat is older than this are considered dead. */
  staleAfterMs: number;
  /** Heartbeat period (default 30 s). */
  heartbeatMs?: number;
}

export interface RunJobOptions {
  parentId?: number;
  args?: Record<string, unknown>;
}

/**
 * Run a job body under the job's lock and record it. Returns the outcome with its run id;
 * a thrown error marks the run failed (message recorded, secrets masked) and is rethrown.
 */
export async function runJob<T extends JobOutcome>(
  deps: RunJobDeps,
  job: string,
  body: (ctx: RunContext) => Promise<T>,
  options: RunJobOptions = {},
): Promise<T & { runId: number }> {
  const { handle, clock } = deps;
  const db = handle.db;
  return withJobLock(handle, job, async () => {
    await recoverAbandonedRuns(deps, job);
    const now = clock.now();
    const inserted = await db
      .insertInto('runs')
      .values({
        job,
        parent_id: options.parentId ?? null,
        status: 'running',
        started_at: now,
        heartbeat_at: now,
        args: JSON.stringify(options.args ?? {}),
        pid: process.pid,
        hostname: hostname(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const runId = inserted.id;
    const logger = deps.logger.child({ job, runId });
    logger.info('run started');

    let counters: Counters = {};
    const beat = async () => {
      await db.updateTable('runs').set({ heartbeat_at: clock.now() }).where('id', '=', runId).execute();
    };
    const timer = setInterval(() => {
      beat().catch((err: unknown) => logger.warn({ err }, 'heartbeat failed'));
    }, deps.heartbeatMs ?? 30_000);
    timer.unref();

    const ctx: RunContext = {
      runId,
      logger,
      progress: async (c) => {
        counters = { ...counters, ...c };
        await db
          .updateTable('runs')
          .set({ counters: JSON.stringify(counters), heartbeat_at: clock.now() })
          .where('id', '=', runId)
          .execute();
      },
    };
    try {
      const outcome = await body(ctx);
      counters = { ...counters, ...outcome.counters };
      await db
        .updateTable('runs')
        .set({
          status: outcome.status,
          finished_at: clock.now(),
          heartbeat_at: clock.now(),
          counters: JSON.stringify(counters),
          error: outcome.reason ?? null,
        })
        .where('id', '=', runId)
        .execute();
      logger.info({ status: outcome.status, counters, reason: outcome.reason }, 'run finished');
      return { ...outcome, runId };
    } catch (err) {
      const message = maskUrlPassword(err instanceof Error ? err.message : String(err));
      await db
        .updateTable('runs')
        .set({
          status: 'failed',
          finished_at: clock.now(),
          counters: JSON.stringify(counters),
          error: message,
        })
        .where('id', '=', runId)
        .execute()
        .catch((writeErr: unknown) => logger.error({ err: writeErr }, 'could not record the failed run'));
      logger.error({ err }, 'run failed');
      throw err;
    } finally {
      clearInterval(timer);
    }
  });
}

/**
 * Mark runs that can no longer be alive as failed: every `running` run of this job (we hold its
 * lock, so its owner is gone) and any run of another job whose heartbeat is stale.
 */
export async function recoverAbandonedRuns(
  deps: Pick<RunJobDeps, 'handle' | 'clock' | 'staleAfterMs' | 'logger'>,
  job: string,
): Promise<number> {
  const now = deps.clock.now();
  const staleBefore = new Date(now.getTime() - deps.staleAfterMs);
  const recovered = await deps.handle.db
    .updateTable('runs')
    .set({
      status: 'failed',
      finished_at: now,
      error: sql<string>`'abandoned: the process stopped without finishing (last heartbeat ' || to_char(heartbeat_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ')'`,
    })
    .where('status', '=', 'running')
    .where((eb) => eb.or([eb('job', '=', job), eb('heartbeat_at', '<', staleBefore)]))
    .returning(['id', 'job'])
    .execute();
  for (const r of recovered)
    deps.logger.warn({ recoveredRunId: r.id, recoveredJob: r.job }, 'marked an abandoned run as failed');
  return recovered.length;
}
