import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock, type Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { DbHandle } from '../../src/db/index.js';
import { silentLogger } from '../../src/logger.js';
import { PlatformClient, PlatformHttp } from '../../src/platform/index.js';
import * as job from '../../jobs/sync-catalog.js';

export interface SyncEnv {
  handle: DbHandle;
  baseUrl: string;
  dataDir: string;
  env?: Record<string, string>;
}

/** A temp ODSYNC_DATA_DIR (archive files), removed by the returned function. */
export function tempDataDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'odsync-catalog-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Run the sync-catalog job against the fake with a pinned clock and a fast retry backoff. */
export async function runSync(
  s: SyncEnv,
  at: string,
  options: { full?: boolean } = {},
): Promise<job.SyncCatalogOutcome> {
  const config = loadConfig({
    DATAGOVTW_BASE_URL: s.baseUrl,
    ODSYNC_DATA_DIR: s.dataDir,
    ODSYNC_HTTP_RATE: '1000',
    ODSYNC_HTTP_CONCURRENCY: '4',
    ODSYNC_HTTP_TIMEOUT_MS: '3000',
    ...s.env,
  });
  const clock: Clock = fixedClock(at);
  const logger = silentLogger();
  const http = new PlatformHttp({
    baseUrl: config.baseUrl,
    timeoutMs: config.http.timeoutMs,
    concurrency: config.http.concurrency,
    ratePerSecond: config.http.ratePerSecond,
    retries: config.platform.retries,
    retryableCodes: config.platform.retryableCodes,
    userAgent: 'odsync-test',
    logger,
    policy: { minTimeoutMs: 5, maxTimeoutMs: 20, randomize: false },
  });
  const client = new PlatformClient(http, config.platform, logger);
  return job.run(
    {
      config,
      logger,
      clock,
      handle: s.handle,
      client,
      runDeps: { handle: s.handle, logger, clock, staleAfterMs: 600_000 },
    },
    options,
  );
}
