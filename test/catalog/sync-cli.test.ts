import { afterEach, beforeEach, expect, it } from 'vitest';
import { createFakePlatform, type FakePlatform } from '../fake-platform/index.js';
import { runCli } from '../helpers/cli.js';
import { describeEngines } from '../helpers/engines.js';
import { tempDataDir } from './sync-helpers.js';

describeEngines('odsync sync catalog / sync all', (ctx) => {
  let fake: FakePlatform;
  let data: ReturnType<typeof tempDataDir>;
  beforeEach(async () => {
    fake = await createFakePlatform({ molCount: 40, otherCount: 20 });
    data = tempDataDir();
  });
  afterEach(async () => {
    await fake.close();
    data.remove();
  });
  const env = () => ({
    DATAGOVTW_BASE_URL: fake.url,
    ODSYNC_DATA_DIR: data.dir,
    ODSYNC_HTTP_RATE: '1000',
    ...(ctx.engine === 'postgres' ? { DATABASE_URL: ctx.db.url! } : {}),
  });

  it('prints one summary line; a partial run exits 3 with its reason', async () => {
    const first = await runCli(['sync', 'catalog', '--full'], { env: env() });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^catalogue full sync \(run \d+\) succeeded: \d+ export rows read, \d+ ours: \d+ added, 0 changed, 0 delisted, 0 relisted, 0 quarantined, \d+ requests\n$/,
    );
    fake.setFaults({ truncateExportRows: 0.4 });
    const second = await runCli(['sync', 'catalog', '--full'], { env: env() });
    expect(second.code).toBe(3);
    expect(second.stdout).toMatch(/partial: .* — full pass incomplete, nothing delisted/);
  });

  it('sync all runs every stage, the catalogue first', async () => {
    const r = await runCli(['sync', 'all'], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^catalogue full sync/);
  });
});
