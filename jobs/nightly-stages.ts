/**
 * The stages of `odsync nightly`, in order. Each stage is a child run of the nightly run in the
 * journal (runJob with parentId) and adapts one job module's `run` to a small interface.
 */
import { sendNightlyAlerts, type AlertDiscrepancy, type RunOutcome } from '../src/alerts/index.js';
import { ensureDefaultPlan } from '../src/plan/index.js';
import { runJob, type Counters } from '../src/runs/index.js';
import path from 'node:path';
import { lastCompletedQuarter, nextQuarter, quarterName, quarterStart } from '../src/quarterly/index.js';
import * as quarterlyJob from './quarterly.js';
import * as reconcileJob from './reconcile.js';
import * as reportJob from './report.js';
import type { Runtime } from './runtime.js';
import * as syncCatalogJob from './sync-catalog.js';
import * as syncFeedbackJob from './sync-feedback.js';

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
  /** null: the stage had nothing to do tonight and recorded no run. */
  runId: number | null;
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

/** Catalogue sync (issue 3): incremental by default, a full pass weekly or with --full. */
export const syncCatalogStage: NightlyStage = {
  name: 'sync-catalog',
  affectsOutcome: true,
  run: async (ctx) => {
    const r = await syncCatalogJob.run(ctx.rt, { full: ctx.full, parentId: ctx.parentId });
    return {
      status: r.status,
      counters: r.counters,
      runId: r.runId,
      ...(r.reason ? { reason: r.reason } : {}),
      note: `${r.counters.mode}: ${r.counters.added} added, ${r.counters.changed} changed, ${r.counters.delisted} delisted`,
    };
  },
};

/** Citizen comments and the requests feed (issue 4). */
export const syncFeedbackStage: NightlyStage = {
  name: 'sync-feedback',
  affectsOutcome: true,
  run: async (ctx) => {
    const r = await syncFeedbackJob.run(ctx.rt, { full: ctx.full, parentId: ctx.parentId });
    return {
      status: r.status,
      counters: { ...r.comments },
      runId: r.runId,
      ...(r.reasons.length > 0 ? { reason: r.reasons.join('; ') } : {}),
    };
  },
};

/** Match plan and platform, statuses and the discrepancy life cycle as of the night (issue 6). */
export const reconcileStage: NightlyStage = {
  name: 'reconcile',
  affectsOutcome: true,
  run: async (ctx) => {
    const r = await reconcileJob.runReconcile(ctx.rt, { asOf: ctx.asOf, parentId: ctx.parentId });
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

/** When no plan was ever imported, import the bundled seed plan (issue 5). */
export const planStage: NightlyStage = {
  name: 'plan',
  affectsOutcome: true,
  run: (ctx) =>
    childRun(ctx, 'plan', async (run) => {
      const imported = await ensureDefaultPlan({
        db: ctx.rt.handle.db,
        logger: run.logger,
        clock: ctx.rt.clock,
        unitAgencies: ctx.rt.config.planUnitAgencies,
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
 * Reports (issue 7). When an earlier stage failed, the report is still written from the last good
 * data in the database; the note says which inputs are stale.
 */
export const reportStage: NightlyStage = {
  name: 'report',
  affectsOutcome: true,
  run: async (ctx) => {
    const failed = ctx.earlier.filter((r) => r.status === 'failed');
    const stale = failed.map((r) => r.name);
    // Shown in the report itself (HTML and Markdown), in the IT office's language.
    const notes = failed.map(
      (r) =>
        `本次每夜作業（第 ${ctx.parentId} 次執行）的「${r.name}」階段失敗：${r.reason ?? '原因不明'}。本報告依資料庫中該階段最近一次成功的資料產生。`,
    );
    const r = await reportJob.run(ctx.rt, {
      asOf: ctx.asOf,
      parentId: ctx.parentId,
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
  const done = await rt.handle.db
    .selectFrom('runs')
    .select(['id', 'args'])
    .where('job', '=', 'quarterly')
    .where('status', '=', 'succeeded')
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  const written = done.some((r) => (r.args as { quarter?: unknown }).quarter === quarter);
  return written
    ? { quarter, due: false, why: `${quarter} already written` }
    : { quarter, due: true, why: `catching up ${quarter}` };
}

/** The quarterly report (for the advisory group) on the nights ODSYNC_QUARTERLY_NIGHTLY says. */
export const quarterlyStage: NightlyStage = {
  name: 'quarterly',
  affectsOutcome: true,
  run: async (ctx) => {
    const { quarter, due, why } = await quarterlyDue(ctx.rt, ctx.asOf);
    if (!due) return { status: 'succeeded', counters: { written: 0 }, runId: null, note: why };
    const r = await quarterlyJob.run(ctx.rt, {
      quarter,
      parentId: ctx.parentId,
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

/** The night's outcome so far (stages that count). */
export function outcomeSoFar(earlier: readonly StageReport[]): RunOutcome {
  const counted = earlier.filter((r) => r.affectsOutcome !== false);
  if (counted.some((r) => r.status === 'failed' || r.status === 'skipped')) return 'failed';
  if (counted.some((r) => r.status === 'partial')) return 'partial';
  return 'succeeded';
}

/** Open discrepancies to alert about (alerts keep track of which ones each channel was told). */
export type DiscrepancySource = (rt: Runtime) => Promise<AlertDiscrepancy[]>;

/** The reconciliation's open discrepancies (`resolved_at is null`), with a human title. */
export async function openDiscrepancies(rt: Runtime): Promise<AlertDiscrepancy[]> {
  const rows = await rt.handle.db
    .selectFrom('discrepancies as d')
    .leftJoin('plan_items as p', 'p.plan_key', 'd.plan_key')
    .leftJoin('datasets as ds', 'ds.dataset_id', 'd.dataset_id')
    .select([
      'd.id',
      'd.kind',
      'd.plan_key',
      'd.dataset_id',
      'p.title as planTitle',
      'ds.title as datasetTitle',
    ])
    .where('d.resolved_at', 'is', null)
    .orderBy('d.first_seen')
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    planKey: r.plan_key,
    datasetId: r.dataset_id,
    title: r.planTitle ?? r.datasetTitle ?? null,
  }));
}

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

/** The nightly stages, in order. */
export const NIGHTLY_STAGES: readonly NightlyStage[] = [
  migrateStage,
  syncCatalogStage,
  syncFeedbackStage,
  planStage,
  reconcileStage,
  reportStage,
  quarterlyStage,
  alertsStage(openDiscrepancies),
];
