/** The sync stages, in order: run by `odsync sync all` and as stages of `odsync nightly`. */
import type { Stage, StageContext } from './stage.js';
import * as syncCatalogJob from './sync-catalog.js';
import * as syncFeedbackJob from './sync-feedback.js';

const parentOf = (ctx: StageContext) => (ctx.parentId === undefined ? {} : { parentId: ctx.parentId });

/** Catalogue sync: incremental by default, a full pass weekly or with --full. */
export const syncCatalogStage: Stage = {
  name: 'sync-catalog',
  affectsOutcome: true,
  run: async (ctx) => {
    const r = await syncCatalogJob.run(
      { ...ctx.rt, ...(ctx.onCatalogProgress ? { onProgress: ctx.onCatalogProgress } : {}) },
      { full: ctx.full, ...parentOf(ctx) },
    );
    return {
      status: r.status,
      counters: r.counters,
      runId: r.runId,
      ...(r.reason ? { reason: r.reason } : {}),
      note: `${r.counters.mode}: ${r.counters.added} added, ${r.counters.changed} changed, ${r.counters.delisted} delisted`,
      summary: syncCatalogJob.summaryLine(r),
    };
  },
};

/** Citizen comments and the requests feed. */
export const syncFeedbackStage: Stage = {
  name: 'sync-feedback',
  affectsOutcome: true,
  run: async (ctx) => {
    const r = await syncFeedbackJob.run(ctx.rt, { full: ctx.full, ...parentOf(ctx) });
    return {
      status: r.status,
      counters: { ...r.comments },
      runId: r.runId,
      ...(r.reasons.length > 0 ? { reason: r.reasons.join('; ') } : {}),
      summary: syncFeedbackJob.summaryLine(r),
    };
  },
};

/** The stages of `odsync sync all`, in order; a new source is one more entry here. */
export const SYNC_STAGES: readonly Stage[] = [syncCatalogStage, syncFeedbackStage];
