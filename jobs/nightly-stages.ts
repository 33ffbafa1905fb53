/**
 * The stages of `odsync nightly`, in order. Each stage is a child run of the nightly run in the
 * journal (runJob with parentId) and adapts one job module's `run` to a small interface.
 */
import { sendNightlyAlerts, type AlertDiscrepancy, type RunOutcome } from '../src/alerts/index.js';
import { runJob, type Counters } from '../src/runs/index.js';
import type { Runtime } from './runtime.js';

export interface StageContext {
  rt: Runtime;
  /** The nightly run's id: every stage's run is its child. */
  parentId: number;
  asOf: string;
  out: string | null;
  full: boolean;
  startedAt: Date;
  /** Reports of the stages that ran before this one. */
  earlier: readonly StageReport[];
  signal: AbortSignal | undefined;
}

export interface StageOutcome {
  status: 'succeeded' | 'partial';
  counters: Counters;
  reason?: string;
  runId: number;
  /** Short note for the summary line (e.g. where the report was written). */
  note?: string | null;
}

export interface NightlyStage {
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

/** Helper for stages: run `body` as a child run of the night. */
export function childRun(
  ctx: StageContext,
  job: string,
  body: Parameters<typeof runJob>[2],
  args: Record<string, unknown> = {},
): ReturnType<typeof runJob> {
  return runJob(ctx.rt.runDeps, job, body, { parentId: ctx.parentId, args });
}

/** Migrations ran when the runtime opened; this records what they did in the journal. */
export const migrateStage: NightlyStage = {
  name: 'migrate',
  affectsOutcome: true,
  run: (ctx) =>
    childRun(ctx, 'migrate', () =>
      Promise.resolve({
        status: 'succeeded' as const,
        counters: {
          applied: ctx.rt.migrations.applied.length,
          alreadyApplied: ctx.rt.migrations.alreadyApplied,
        },
      }),
    ),
};

/** The night's outcome so far (stages that count). */
export function outcomeSoFar(earlier: readonly StageReport[]): RunOutcome {
  const counted = earlier.filter((r) => r.affectsOutcome !== false);
  if (counted.some((r) => r.status === 'failed' || r.status === 'skipped')) return 'failed';
  if (counted.some((r) => r.status === 'partial')) return 'partial';
  return 'succeeded';
}

/**
 * Open discrepancies to alert about. Reads the reconciliation's discrepancy table when it exists
 * (issue 6, migration 0005); until then there is nothing to alert about but the run itself.
 */
export type DiscrepancySource = (rt: Runtime) => Promise<AlertDiscrepancy[]>;

export function alertsStage(loadOpenDiscrepancies: DiscrepancySource): NightlyStage {
  return {
    name: 'alerts',
    affectsOutcome: false,
    run: (ctx) =>
      childRun(ctx, 'alerts', async (run) => {
        const status = outcomeSoFar(ctx.earlier);
        const open = await loadOpenDiscrepancies(ctx.rt);
        const report = ctx.earlier.find((r) => r.name === 'report');
        const stageText = ctx.earlier
          .map((r) => `${r.name} ${r.status}${r.reason ? ` (${r.reason})` : ''}`)
          .join('; ');
        const result = await sendNightlyAlerts(
          { db: ctx.rt.handle.db, logger: run.logger, clock: ctx.rt.clock, config: ctx.rt.config.alerts },
          {
            runId: ctx.parentId,
            status,
            summary: stageText,
            startedAt: ctx.startedAt,
            timeZone: ctx.rt.config.timeZone,
            stages: ctx.earlier.map((r) => ({ name: r.name, status: r.status, reason: r.reason })),
            reportDir: report?.note ?? null,
          },
          open,
        );
        const counters = {
          channels: result.configured,
          sent: result.sent,
          failed: result.failed,
          newDiscrepancies: Math.max(0, ...result.channels.map((c) => c.newDiscrepancies)),
        };
        const failures = result.channels.filter((c) => c.outcome === 'failed');
        return {
          status: failures.length > 0 ? ('partial' as const) : ('succeeded' as const),
          counters,
          ...(failures.length > 0 ? { reason: failures.map((f) => f.error).join('; ') } : {}),
          note:
            result.configured === 0
              ? 'no channel configured'
              : `${result.sent} sent${result.failed ? `, ${result.failed} failed` : ''}`,
        };
      }),
  };
}

async function noDiscrepanciesYet(): Promise<AlertDiscrepancy[]> {
  return Promise.resolve([]);
}

/** The nightly stages, in order. */
export const NIGHTLY_STAGES: readonly NightlyStage[] = [migrateStage, alertsStage(noDiscrepanciesYet)];
