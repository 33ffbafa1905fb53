/**
 * `npm run demo`: the main job against the bundled fake data.gov.tw, fully offline. Starts the fake
 * platform on 127.0.0.1, points odsync at it (embedded PGlite in a demo data directory, never the
 * operator's own), runs `odsync doctor` (what a first run on a new machine starts with), then
 * `odsync nightly` (reports in `<demo data dir>/reports/`). Run it twice: the second night is
 * incremental.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startFakePlatform } from '../tools/fake-platform/index.js';
import { main } from './cli.js';

export interface DemoOptions {
  dataDir?: string;
  args?: string[];
  env?: Record<string, string | undefined>;
}

export async function runDemo(options: DemoOptions = {}): Promise<number> {
  const fake = await startFakePlatform();
  const dataDir = options.dataDir ?? join(tmpdir(), 'odsync-demo');
  try {
    process.stderr.write(
      `demo: fake data.gov.tw at ${fake.url} (${fake.state.datasets.size} datasets); data in ${dataDir}\n`,
    );
    const runOptions = {
      env: {
        LOG_LEVEL: 'warn',
        ...options.env,
        DATAGOVTW_BASE_URL: fake.url,
        ODSYNC_DATA_DIR: dataDir,
        DATABASE_URL: undefined,
        ODSYNC_HTTP_RATE: '50',
        ODSYNC_HTTP_CONCURRENCY: '4',
      },
    };
    if (options.args === undefined) {
      // Informative only: before the first nightly the dead-man's switch makes it exit 3.
      const code = await main(['node', 'odsync', 'doctor'], runOptions);
      process.stderr.write(`demo: odsync doctor exited ${code}\n`);
    }
    const args = options.args ?? ['nightly', '--out', join(dataDir, 'reports')];
    return await main(['node', 'odsync', ...args], runOptions);
  } finally {
    await fake.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await runDemo({ env: process.env });
}
