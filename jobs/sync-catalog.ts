/**
 * `odsync sync catalog [--full]`: the catalogue sync as the `sync-catalog` job. Thin: wires the
 * runtime's dependencies and the platform client into src/catalog; `run(deps)` is what tests call.
 */
import { syncCatalog, type CatalogProgress, type CatalogSyncResult } from '../src/catalog/index.js';
import type { Clock } from '../src/clock.js';
import type { Config } from '../src/config/index.js';
import type { DbHandle } from '../src/db/index.js';
import type { Logger } from '../src/logger.js';
import { createPlatformClient, type PlatformClient, type RetryPolicy } from '../src/platform/index.js';
import { runJob, type RunJobDeps } from '../src/runs/index.js';

export const JOB_NAME = 'sync-catalog';

export interface SyncCatalogDeps {
  config: Readonly<Config>;
  logger: Logger;
  clock: Clock;
  handle: DbHandle;
  runDeps: RunJobDeps;
  /** Injected in tests; built from config otherwise. */
  client?: PlatformClient;
  /** Overrides of the retry policy for the client built from config (tests shorten the back-off). */
  platformPolicy?: Partial<RetryPolicy>;
  onProgress?: (p: CatalogProgress) => void;
}

export interface SyncCatalogOptions {
  full?: boolean;
  parentId?: number;
}

export type SyncCatalogOutcome = CatalogSyncResult & { runId: number };

export async function run(
  deps: SyncCatalogDeps,
  options: SyncCatalogOptions = {},
): Promise<SyncCatalogOutcome> {
  const client =
    deps.client ??
    createPlatformClient(
      deps.config,
      deps.logger,
      deps.platformPolicy ? { policy: deps.platformPolicy } : {},
    );
  return runJob(
    deps.runDeps,
    JOB_NAME,
    (ctx) =>
      syncCatalog(
        {
          client,
          logger: ctx.logger,
          clock: deps.clock,
          config: deps.config,
          runId: ctx.runId,
          openSession: () => deps.handle.session(),
          ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
        },
        options.full ? 'full' : 'auto',
      ),
    {
      args: { full: options.full === true },
      ...(options.parentId === undefined ? {} : { parentId: options.parentId }),
    },
  );
}

/** The one-line summary printed after a run. */
export function summaryLine(r: SyncCatalogOutcome): string {
  const c = r.counters;
  const head = `catalogue ${c.mode} sync (run ${r.runId}) ${r.status}`;
  const body =
    `${c.exportRows} ${c.mode === 'full' ? 'export' : 'changed-export'} rows read, ${c.ours} ours: ${c.added} added, ${c.changed} changed, ${c.delisted} delisted, ` +
    `${c.relisted} relisted, ${c.quarantined} quarantined, ${c.requests} requests`;
  return `${head}: ${body}${r.reason ? ` — ${r.reason}` : ''}`;
}

/** A progress renderer for a TTY: fetched/total, rate and ETA on one rewritten line. */
export function ttyProgress(
  write: (text: string) => void,
  now: () => number = Date.now,
): (p: CatalogProgress) => void {
  let phaseStart = now();
  let phase = '';
  return (p) => {
    if (p.phase !== phase) {
      if (phase) write('\n');
      phase = p.phase;
      phaseStart = now();
    }
    const secs = Math.max(0.001, (now() - phaseStart) / 1000);
    const rate = p.done / secs;
    const total = p.total ?? null;
    const eta = total && rate > 0 ? Math.max(0, (total - p.done) / rate) : null;
    const label = {
      download: 'downloading export',
      parse: 'datasets read',
      details: 'detail calls',
      counts: 'counters',
      apply: 'applying',
    }[p.phase];
    write(
      `\r${label}: ${p.done}${total ? `/${total}` : ''}` +
        (p.done > 0 ? `, ${rate.toFixed(0)}/s` : '') +
        (eta !== null ? `, ETA ${eta.toFixed(0)} s` : '') +
        '   ',
    );
  };
}
