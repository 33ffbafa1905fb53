/** Paths to the real fixtures and small builders for requests tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/index.js';
import type { DbHandle } from '../../src/db/index.js';
import { silentLogger } from '../../src/logger.js';
import type { Runtime } from '../../jobs/runtime.js';

export const REAL = fileURLToPath(new URL('../fixtures/real/', import.meta.url));
export const CRAWL_PATH = `${REAL}suggests-crawl-2019-01-25.csv`;
export const AGENCIES_PATH = `${REAL}agency-assignments-2019-04-10.big5.csv`;

export const crawlBytes = () => readFileSync(CRAWL_PATH);
export const agencyBytes = () => readFileSync(AGENCIES_PATH);

/** The 27 requests whose aligned 派發機關 is 勞動部 (fixtures README §2). */
export const MOL_ALIGNED_IDS = [
  '96404',
  '80775',
  '79192',
  '70659',
  '70658',
  '66231',
  '59626',
  '47916',
  '45712',
  '42379',
  '40587',
  '40579',
  '40578',
  '40577',
  '40538',
  '35338',
  '34085',
  '33108',
  '33091',
  '32845',
  '25083',
  '15774',
  '15489',
  '12075',
  '12056',
  '9763',
  '8982',
];

/** A Runtime over a test database (what jobs receive from the CLI). */
export function testRuntime(handle: DbHandle, clock: Clock, env: Record<string, string> = {}): Runtime {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const logger = silentLogger();
  return {
    config,
    logger,
    clock,
    handle,
    migrations: { applied: [], alreadyApplied: 0 },
    runDeps: { handle, logger, clock, staleAfterMs: 600_000 },
    close: () => Promise.resolve(),
  };
}
