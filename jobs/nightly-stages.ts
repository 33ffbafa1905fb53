/**
 * The stages of `odsync nightly`, in order. Each stage is a child run of the nightly run in the
 * journal and adapts one job's `run(deps)` to the Stage interface (jobs/stage.ts).
 */
import { openDiscrepancies, sendNightlyAlerts, type AlertDiscrepancy } from '../src/alerts/index.js';
import { ensureDefaultPlan, mergeUnitAgencies } from '../src/plan/index.js';
import path from 'node:path';
import { lastCompletedQuarter, nextQuarter, quarterName, quarterStart } from '../src/quarterly/index.js';
import { succeededRunArgs } from '../src/runs/index.js';
import * as quarterlyJob from './quarterly.js';
import * as reconcileJob from './reconcile.js';
import * as reportJob from './report.js';
import type { Runtime } from './runtime.js';
import { childRun, outcomeSoFar, type Stage, type StageContext } from './stage.js';
import { syncCatalogStage, syncFeedbackStage } from './sync-stages.js';

export { childRun, outcomeSoFar } from './stage.js';
export { syncCatalogStage, syncFeedbackStage } from './sync-stages.js';
export type { StageContext, StageOutcome, StageReport } from './stage.js';
/** A nightly stage is a Stage (the same type `odsync sync all` runs). */
export type NightlyStage = Stage;

/** The nightly run's id: these stages only run inside a night. */
export function nightOf(ctx: StageContext): number {
  if (ctx.parentId === undefined) throw new Error('a nightly stage runs only inside a nightly run');
  return ctx.parentId;
}

/** Migrations ran when the runtime opened; this records what they did in the journal. */
export const migrateStage: Stage = {
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

/** Match plan and platform, statuses and the discrepancy life cycle as of the night. */
export const reconcileStage: Stage = {
  name: 'reconcile',
  affectsOutcome: true,
  run: async (ctx) => {
    const r = await reconcileJob.runReconcile(ctx.rt, { asOf: ctx.asOf, parentId: nightOf(ctx) });
    return {
      status: r.empty ? 'partial' : 'succeeded',
      ...(r.empty ? { reason: r.empty } : {}),
      counters: {
        planItems: r.result.summary.planItems,
        ...r.result.summary.byStatus,
        discrepancies: r.result.discrepancies.length,
        newDiscrepancies: r.newDiscrepancies,
        resolvedDiscrepancies: r.resolvedDiscrepancies,
      },
      runId: r.runId,
      note: `${r.newDiscrepancies} new, ${r.resolvedDiscrepancies} resolved discrepancies`,
    };
  },
};

/** When no plan was ever imported, import the bundled seed plan. */
export const planStage: Stage = {
  name: 'plan',
  affectsOutcome: true,
  run: (ctx) =>
    childRun(ctx, 'plan', async (run) => {
      const imported = await ensureDefaultPlan({
        db: ctx.rt.handle.db,
        logger: run.logger,
        clock: ctx.rt.clock,
        unitAgencies: mergeUnitAgencies(ctx.rt.config.planUnits),
      });
      return {
        status: 'succeeded' as const,
        counters: imported
          ? { seedImported: 1, items: imported.itemCount, versionId: imported.versionId }
          : { seedImported: 0 },
        note: imported ? `no plan yet: imported the bundled seed plan (${imported.itemCount} items)` : null,
      };
    }),
};

/**
 * Reports. When an earlier stage failed, the report is still written from the last good
 * data in the database; the note says which inputs are stale.
 */
export const reportStage: Stage = {
  name: 'report',
  affectsOutcome: true,
  run: async (ctx) => {
    const failed = ctx.earlier.filter((r) => r.status === 'failed');
    const stale = failed.map((r) => r.name);
    // Shown in the report itself (HTML and Markdown), in the IT office's language.
    const notes = failed.map(
      (r) =>
        `本次每夜作業（第 ${nightOf(ctx)} 次執行）的「${r.name}」階段失敗：${r.reason ?? '原因不明'}。本報告依資料庫中該階段最近一次成功的資料產生。`,
    );
    const r = await reportJob.run(ctx.rt, {
      asOf: ctx.asOf,
      parentId: nightOf(ctx),
      ...(ctx.out === null ? {} : { out: ctx.out }),
      ...(notes.length > 0 ? { notes } : {}),
    });
    return {
      status: r.status,
      counters: { ...r.counters, ...(stale.length > 0 ? { staleInputs: stale.join(',') } : {}) },
      runId: r.runId,
      ...(r.reason ? { reason: r.reason } : {}),
      note: stale.length > 0 ? `${r.dir}; built on the last good data of ${stale.join(', ')}` : r.dir,
    };
  },
};

/** Whether tonight writes the quarterly report of the last completed quarter (ODSYNC_QUARTERLY_NIGHTLY). */
export async function quarterlyDue(
  rt: Runtime,
  asOf: string,
): Promise<{ quarter: string; due: boolean; why: string }> {
  const q = lastCompletedQuarter(asOf);
  const quarter = quarterName(q);
  const mode = rt.config.quarterly.nightly;
  if (mode === 'off') return { quarter, due: false, why: 'ODSYNC_QUARTERLY_NIGHTLY=off' };
  // The night's as-of day is the first of the next quarter: the quarter has just ended.
  const first = asOf === quarterStart(nextQuarter(q));
  if (first) return { quarter, due: true, why: 'first night after the quarter' };
  if (mode === 'first') return { quarter, due: false, why: 'not the first night after a quarter' };
  const written = (await succeededRunArgs(rt.handle.db, 'quarterly')).some(
    (args) => (args as { quarter?: unknown } | null)?.quarter === quarter,
  );
  return written
    ? { quarter, due: false, why: `${quarter} already written` }
    : { quarter, due: true, why: `catching up ${quarter}` };
}

/** The quarterly report (for the advisory group) on the nights ODSYNC_QUARTERLY_NIGHTLY says. */
export const quarterlyStage: Stage = {
  name: 'quarterly',
  affectsOutcome: true,
  run: async (ctx) => {
    const { quarter, due, why } = await quarterlyDue(ctx.rt, ctx.asOf);
    if (!due) return { status: 'succeeded', counters: { written: 0 }, runId: null, note: why };
    const r = await quarterlyJob.run(ctx.rt, {
      quarter,
      parentId: nightOf(ctx),
      ...(ctx.out === null ? {} : { out: path.join(ctx.out, 'quarterly') }),
    });
    return {
      status: r.status,
      counters: { written: 1, ...r.counters },
      runId: r.runId,
      note: `${why}: ${r.dir}`,
    };
  },
};

/** Open discrepancies to alert about (alerts keep track of which ones each channel was told). */
export type DiscrepancySource = (rt: Runtime) => Promise<AlertDiscrepancy[]>;

const storedOpenDiscrepancies: DiscrepancySource = (rt) => openDiscrepancies(rt.handle.db);

export function alertsStage(loadOpenDiscrepancies: DiscrepancySource): Stage {
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
            runId: nightOf(ctx),
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

/** The nightly stages, in order. */
export const NIGHTLY_STAGES: readonly Stage[] = [
  migrateStage,
  syncCatalogStage,
  syncFeedbackStage,
  planStage,
  reconcileStage,
  reportStage,
  quarterlyStage,
  alertsStage(storedOpenDiscrepancies),
];
