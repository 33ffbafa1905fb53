/**
 * `odsync sync feedback [--full]`: comments on our datasets (front list counts → comment calls
 * where needed) and, when configured, citizen requests from the agency feed. One run in the
 * journal (`sync-feedback`); also a stage of `odsync sync all` and of the nightly.
 */
import type { Clock } from '../src/clock.js';
import type { Config } from '../src/config/index.js';
import type { DbHandle } from '../src/db/index.js';
import {
  platformCommentsSource,
  syncComments,
  syncRequestsFeed,
  type CommentsSource,
  type RequestsFeedResult,
  type SyncCommentsResult,
} from '../src/feedback/index.js';
import type { Logger } from '../src/logger.js';
import { createPlatformClient, type RetryPolicy } from '../src/platform/index.js';
import { runJob, type RunJobDeps } from '../src/runs/index.js';

export const JOB_NAME = 'sync-feedback';

export interface SyncFeedbackDeps {
  config: Readonly<Config>;
  logger: Logger;
  clock: Clock;
  handle: DbHandle;
  runDeps: RunJobDeps;
  /** Override the platform adapter (tests). */
  commentsSource?: CommentsSource;
  /** Overrides of the platform retry policy (tests shorten the back-off). */
  platformPolicy?: Partial<RetryPolicy>;
}

export interface SyncFeedbackOutcome {
  runId: number;
  status: 'succeeded' | 'partial';
  reasons: string[];
  comments: SyncCommentsResult['counters'];
  requestsFeed: RequestsFeedResult;
}

/** A dataset list longer than this under one agency filter is the "filter ignored" trap. */
const MAX_AGENCY_DATASETS = 5_000;

export async function run(
  deps: SyncFeedbackDeps,
  options: { full?: boolean; parentId?: number } = {},
): Promise<SyncFeedbackOutcome> {
  const { config } = deps;
  const outcome = await runJob(
    deps.runDeps,
    JOB_NAME,
    async (ctx) => {
      const platform = createPlatformClient(
        config,
        ctx.logger,
        deps.platformPolicy ? { policy: deps.platformPolicy } : {},
      );
      const source = deps.commentsSource ?? platformCommentsSource(platform, config.feedback.optionsListPath);
      const comments = await syncComments(
        { db: deps.handle.db, source, logger: ctx.logger, clock: deps.clock },
        {
          publishers: config.publishers,
          full: options.full === true,
          recheckAfterHours: config.feedback.commentsRecheckHours,
          maxAgencyDatasets: MAX_AGENCY_DATASETS,
          runId: ctx.runId,
        },
      );
      const reasons = [...comments.reasons];
      let requestsFeed: RequestsFeedResult;
      try {
        requestsFeed = await syncRequestsFeed(
          { db: deps.handle.db, platform, logger: ctx.logger, now: deps.clock.now(), runId: ctx.runId },
          {
            path: config.feedback.requestsPath,
            apiKey: config.apiKey,
            apiKeyHeader: config.feedback.apiKeyHeader,
            timeZone: config.timeZone,
            publishers: config.publishers,
            keepAll: config.feedback.requestsKeepAll,
          },
        );
        if (requestsFeed.configured && requestsFeed.invalid > 0) {
          reasons.push(`${requestsFeed.invalid} requests feed item(s) failed validation`);
        }
      } catch (err) {
        requestsFeed = { configured: false, message: `requests feed failed: ${(err as Error).message}` };
        reasons.push(requestsFeed.message);
      }
      const counters = {
        ...comments.counters,
        requestsFeed: requestsFeed.configured
          ? {
              created: requestsFeed.created,
              updated: requestsFeed.updated,
              unchanged: requestsFeed.unchanged,
            }
          : requestsFeed.message,
      };
      const status = reasons.length > 0 ? ('partial' as const) : ('succeeded' as const);
      return {
        status,
        counters,
        ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
        detail: { comments: comments.counters, requestsFeed, reasons },
      };
    },
    {
      args: { full: options.full === true },
      ...(options.parentId === undefined ? {} : { parentId: options.parentId }),
    },
  );
  return { runId: outcome.runId, status: outcome.status, ...outcome.detail };
}

export function summaryLine(r: SyncFeedbackOutcome): string {
  const c = r.comments;
  const feed = r.requestsFeed.configured
    ? `requests feed: ${r.requestsFeed.itemsRead} read, ${r.requestsFeed.created} new, ${r.requestsFeed.updated} updated`
    : r.requestsFeed.message;
  return (
    `feedback ${r.status}: ${c.datasetsListed} datasets listed, ${c.datasetsWithComments} with comments; ` +
    `comments fetched for ${c.fetched} (${c.skippedUnchanged} unchanged skipped, ${c.fetchFailed} failed): ` +
    `${c.created} new, ${c.updated} changed, ${c.removed} removed, ${c.newlyAnswered} newly answered; ${feed}` +
    (r.reasons.length ? `\n  reason: ${r.reasons.join('; ')}` : '')
  );
}
