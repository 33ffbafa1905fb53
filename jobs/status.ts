/** `odsync status`: the last run of each job, its counters, and how long since the last success. */
import { jobStatuses, type JobStatus } from '../src/runs/index.js';
import { deadManCheck, nightlySchedule, type DeadManResult } from '../src/schedule/index.js';
import type { Runtime } from './runtime.js';

export interface StatusResult {
  jobs: JobStatus[];
  /** The dead-man's switch: did a nightly run succeed within ODSYNC_DEADMAN_HOURS? */
  deadMan: DeadManResult;
  exitCode: number;
}

/** `check`: exit 1 when the dead-man's switch has tripped (for monitoring systems). */
export async function run(rt: Runtime, options: { check?: boolean } = {}): Promise<StatusResult> {
  const now = rt.clock.now();
  const jobs = await jobStatuses(rt.handle.db, now, rt.runDeps.staleAfterMs);
  const nightly = jobs.find((j) => j.job === 'nightly');
  const deadMan = deadManCheck(
    nightly?.lastSuccess?.finished_at ?? null,
    now,
    rt.config.schedule.deadManHours,
    nightlySchedule(rt.config.schedule.cron, rt.config.timeZone),
  );
  return { jobs, deadMan, exitCode: options.check && !deadMan.ok ? 1 : 0 };
}

export function toJson(result: StatusResult, engine: string): unknown {
  return {
    engine,
    deadMan: {
      ok: result.deadMan.ok,
      thresholdHours: result.deadMan.thresholdHours,
      allowedHours: result.deadMan.allowedHours,
      lastSuccessAt: result.deadMan.lastSuccessAt?.toISOString() ?? null,
      message: result.deadMan.message,
    },
    jobs: result.jobs.map((j) => ({
      job: j.job,
      lastRun: runJson(j.last),
      lastSuccess: j.lastSuccess ? runJson(j.lastSuccess) : null,
      lastFailure: j.lastFailure ? runJson(j.lastFailure) : null,
      hoursSinceSuccess: j.hoursSinceSuccess === null ? null : Math.round(j.hoursSinceSuccess * 10) / 10,
      stale: j.stale,
    })),
  };
}

function runJson(r: JobStatus['last']) {
  return {
    id: String(r.id),
    status: r.status,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    counters: r.counters,
    error: r.error,
  };
}

export function toText(result: StatusResult, engine: string): string {
  if (result.jobs.length === 0)
    return `database: ${engine}\nno runs recorded yet\n${result.deadMan.message}\n`;
  const lines = [`database: ${engine}`, `nightly health: ${result.deadMan.message}`];
  for (const j of result.jobs) {
    const since =
      j.hoursSinceSuccess === null ? 'never succeeded' : `last success ${formatAge(j.hoursSinceSuccess)} ago`;
    const state = j.stale ? 'running (stale heartbeat: process probably died)' : j.last.status;
    lines.push(
      `${j.job.padEnd(16)} run ${j.last.id} ${state}, started ${j.last.started_at.toISOString()}; ${since}`,
    );
    const counters = Object.entries(j.last.counters)
      .map(([k, v]) => (k === 'stages' ? `stages: ${stagesText(v)}` : `${k}=${counterText(v)}`))
      .join(' ');
    if (counters) lines.push(`${''.padEnd(16)} ${counters}`);
    if (j.last.error) lines.push(`${''.padEnd(16)} reason: ${j.last.error}`);
    if (j.lastSuccess && j.lastSuccess.id !== j.last.id) {
      lines.push(
        `${''.padEnd(16)} last success: run ${j.lastSuccess.id} finished ${j.lastSuccess.finished_at?.toISOString() ?? '?'}`,
      );
    }
    if (j.lastFailure && j.lastFailure.id !== j.last.id) {
      lines.push(
        `${''.padEnd(16)} last failure: run ${j.lastFailure.id} at ${j.lastFailure.started_at.toISOString()}: ${j.lastFailure.error ?? ''}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

function counterText(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
}

/** The nightly run's per-stage counters, as `name status` pairs (the details are in each stage's run). */
function stagesText(v: unknown): string {
  if (v === null || typeof v !== 'object') return counterText(v);
  // jsonb does not keep key order: the stages' run ids give the order they ran in.
  return Object.entries(v as Record<string, { status?: unknown; runId?: unknown }>)
    .sort(([, a], [, b]) => Number(a?.runId ?? Infinity) - Number(b?.runId ?? Infinity))
    .map(([name, st]) => `${name} ${typeof st?.status === 'string' ? st.status : '?'}`)
    .join(', ');
}

function formatAge(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${hours.toFixed(1)} h`;
  return `${(hours / 24).toFixed(1)} days`;
}
