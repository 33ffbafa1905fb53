import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock, type Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/index.js';
import type { DbHandle } from '../../src/db/index.js';
import { silentLogger } from '../../src/logger.js';
import { createPlatformClient } from '../../src/platform/index.js';
import * as job from '../../jobs/sync-catalog.js';

/** Platform client settings for tests: a marked User-Agent and a back-off of milliseconds. */
export const TEST_CLIENT = {
  userAgent: 'odsync-test',
  policy: { minTimeoutMs: 5, maxTimeoutMs: 20, randomize: false },
};

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
  const client = createPlatformClient(config, logger, TEST_CLIENT);
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
