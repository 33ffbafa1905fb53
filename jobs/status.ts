/** `odsync status`: the last run of each job, its counters, and how long since the last success. */
import { jobStatuses, type JobStatus } from '../src/runs/index.js';
import type { Runtime } from './runtime.js';

export interface StatusResult {
  jobs: JobStatus[];
  exitCode: number;
}

export async function run(rt: Runtime): Promise<StatusResult> {
  const jobs = await jobStatuses(rt.handle.db, rt.clock.now(), rt.runDeps.staleAfterMs);
  return { jobs, exitCode: 0 };
}

export function toJson(result: StatusResult, engine: string): unknown {
  return {
    engine,
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
  if (result.jobs.length === 0) return `database: ${engine}\nno runs recorded yet\n`;
  const lines = [`database: ${engine}`];
  for (const j of result.jobs) {
    const since =
      j.hoursSinceSuccess === null ? 'never succeeded' : `last success ${formatAge(j.hoursSinceSuccess)} ago`;
    const state = j.stale ? 'running (stale heartbeat: process probably died)' : j.last.status;
    lines.push(
      `${j.job.padEnd(16)} run ${j.last.id} ${state}, started ${j.last.started_at.toISOString()}; ${since}`,
    );
    const counters = Object.entries(j.last.counters)
      .map(
        ([k, v]) => `${k}=${typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v)}`,
      )
      .join(' ');
    if (counters) lines.push(`${''.padEnd(16)} ${counters}`);
    if (j.last.error) lines.push(`${''.padEnd(16)} reason: ${j.last.error}`);
    if (j.lastFailure && j.lastFailure.id !== j.last.id) {
      lines.push(
        `${''.padEnd(16)} last failure: run ${j.lastFailure.id} at ${j.lastFailure.started_at.toISOString()}: ${j.lastFailure.error ?? ''}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

function formatAge(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${hours.toFixed(1)} h`;
  return `${(hours / 24).toFixed(1)} days`;
}
