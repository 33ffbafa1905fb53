import type { Kysely } from 'kysely';
import type { Database, Run } from '../db/index.js';

export interface JobStatus {
  job: string;
  last: Run;
  lastSuccess: Run | null;
  lastFailure: Run | null;
  /** Hours since the last successful finish; null if never succeeded. */
  hoursSinceSuccess: number | null;
  /** The last run is `running` but its heartbeat is stale (its process probably died). */
  stale: boolean;
}

/** Latest run, success and failure of every job that has ever run (top-level runs and stages). */
export async function jobStatuses(
  db: Kysely<Database>,
  now: Date,
  staleAfterMs: number,
): Promise<JobStatus[]> {
  const runs = await db
    .selectFrom('runs')
    .selectAll()
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('runs as r')
        .select((e) => e.fn.max('r.id').as('id'))
        .groupBy(['r.job', 'r.status']),
    )
    .orderBy('id', 'desc')
    .execute();
  const byJob = new Map<string, Run[]>();
  for (const r of runs) byJob.set(r.job, [...(byJob.get(r.job) ?? []), r]);
  return [...byJob.entries()]
    .map(([job, list]) => {
      const last = list[0]!;
      const lastSuccess = list.find((r) => r.status === 'succeeded') ?? null;
      const lastFailure = list.find((r) => r.status === 'failed') ?? null;
      const successAt = lastSuccess?.finished_at ?? null;
      return {
        job,
        last,
        lastSuccess,
        lastFailure,
        hoursSinceSuccess: successAt ? (now.getTime() - successAt.getTime()) / 3_600_000 : null,
        stale: last.status === 'running' && now.getTime() - last.heartbeat_at.getTime() > staleAfterMs,
      };
    })
    .sort((a, b) => a.job.localeCompare(b.job));
}
