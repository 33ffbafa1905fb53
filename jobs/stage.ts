/**
 * A stage: one step of `odsync nightly` or `odsync sync all`, recorded as its own run in the
 * journal (a child of the nightly run when there is one). Both commands run the same stage type.
 */
import type { CatalogProgress } from '../src/catalog/index.js';
import type { RunOutcome } from '../src/alerts/index.js';
import { runJob, type Counters } from '../src/runs/index.js';
import type { Runtime } from './runtime.js';

export interface StageContext {
  rt: Runtime;
  /** The nightly run's id (every stage's run is its child); undefined outside a night. */
  parentId: number | undefined;
  asOf: string;
  out: string | null;
  full: boolean;
  startedAt: Date;
  /** Reports of the stages that ran before this one. */
  earlier: readonly StageReport[];
  signal: AbortSignal | undefined;
  /** Catalogue progress (a TTY's progress line). */
  onCatalogProgress?: (p: CatalogProgress) => void;
}

export interface StageOutcome {
  status: 'succeeded' | 'partial';
  counters: Counters;
  reason?: string;
  /** null: the stage had nothing to do tonight and recorded no run. */
  runId: number | null;
  /** Short note for the nightly's summary line (e.g. where the report was written). */
  note?: string | null;
  /** The stage's own one-line summary, printed by `odsync sync all`. */
  summary?: string;
}

export interface Stage {
  name: string;
  /** Job name in the run journal when it differs from `name`. */
  job?: string;
  /** false: the stage's result never changes the night's outcome (alerts). */
  affectsOutcome: boolean;
  run(ctx: StageContext): Promise<StageOutcome>;
}

export interface StageReport {
  name: string;
  status: 'succeeded' | 'partial' | 'failed' | 'skipped';
  runId: number | null;
  counters: Counters;
  reason: string | null;
  durationMs: number;
  affectsOutcome?: boolean;
  note?: string | null;
}

/** Helper for stages: run `body` as a run of its own (a child run of the night when there is one). */
export function childRun(
  ctx: StageContext,
  job: string,
  body: Parameters<typeof runJob>[2],
  args: Record<string, unknown> = {},
): ReturnType<typeof runJob> {
  return runJob(ctx.rt.runDeps, job, body, {
    ...(ctx.parentId === undefined ? {} : { parentId: ctx.parentId }),
    args,
  });
}

/** The outcome so far of the stages that count. */
export function outcomeSoFar(earlier: readonly StageReport[]): RunOutcome {
  const counted = earlier.filter((r) => r.affectsOutcome !== false);
  if (counted.some((r) => r.status === 'failed' || r.status === 'skipped')) return 'failed';
  if (counted.some((r) => r.status === 'partial')) return 'partial';
  return 'succeeded';
}
