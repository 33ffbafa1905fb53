import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../src/db/index.js';
import { MOL_FAMILY } from '../../src/publishers/index.js';
import { agencyOf } from '../../src/publishers/index.js';
import { MOL_PLAN_DATASETS, createFakePlatform, type FakePlatform } from '../../tools/fake-platform/index.js';
import { CLI_BIN, ROOT, spawnCli } from '../helpers/cli.js';
import { describeEngines } from '../helpers/engines.js';
import { tempDataDir } from './sync-helpers.js';

// Ours: the members and their sub-units (提供機關 beginning with a member's name; the fixture has both).
const FAMILY = { has: (publisher: string) => agencyOf(publisher, MOL_FAMILY) !== null };

describeEngines('catalogue sync killed mid-run', (ctx) => {
  let fake: FakePlatform;
  let data: ReturnType<typeof tempDataDir>;
  beforeEach(async () => {
    fake = await createFakePlatform({ molCount: 80, otherCount: 20 });
    data = tempDataDir();
  });
  afterEach(async () => {
    await fake.close();
    data.remove();
  });

  it('SIGKILL after the rows are applied, during detail calls: nothing is kept; the next run completes with no duplicates', async () => {
    const env: Record<string, string> = {
      DATAGOVTW_BASE_URL: fake.url,
      ODSYNC_DATA_DIR: data.dir,
      ODSYNC_HTTP_RATE: '1000',
      ODSYNC_HTTP_TIMEOUT_MS: '120000',
      LOG_LEVEL: 'warn',
      ...(ctx.engine === 'postgres' ? { DATABASE_URL: ctx.db.url! } : {}),
    };
    // Detail calls hang: the process is killed while they are in flight (every batch already written, uncommitted).
    fake.setFaults({ latency: { ms: 120_000, routes: ['detail'] } });
    const child = spawn(process.execPath, [CLI_BIN, 'sync', 'catalog', '--full'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const deadline = Date.now() + 90_000;
    while (!fake.requests.some((q) => q.route === 'detail')) {
      if (Date.now() > deadline) throw new Error(`the sync never reached the detail calls: ${stderr}`);
      if (child.exitCode !== null) throw new Error(`the sync exited early (${child.exitCode}): ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await exited;
    fake.clearFaults();

    // The killed run left nothing: its one transaction (staged and applied batches included) never
    // committed.
    let handle: DbHandle = await open();
    try {
      const q = async (text: ReturnType<typeof sql<{ n: number }>>) =>
        (await text.execute(handle.db)).rows[0]?.n;
      expect(await q(sql`select count(*)::int as n from datasets`)).toBe(0);
      expect(await q(sql`select count(*)::int as n from dataset_versions`)).toBe(0);
    } finally {
      await handle.close();
    }

    const rerun = await spawnCli(['sync', 'catalog', '--full'], env, { timeoutMs: 120_000 });
    expect(rerun.stderr).not.toMatch(/unexpected error/);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/catalogue full sync \(run \d+\) succeeded/);

    const ours = fake.state.listed().filter((d) => FAMILY.has(d.publisher)).length;
    // Plus the seed-plan datasets delisted before the first sync (from the unpublished list).
    const stored = ours + MOL_PLAN_DATASETS.filter((e) => e.dataset?.delisted).length;
    handle = await open();
    try {
      const q = async (text: ReturnType<typeof sql<{ n: number }>>) =>
        (await text.execute(handle.db)).rows[0]?.n;
      expect(await q(sql`select count(*)::int as n from datasets`)).toBe(stored);
      expect(await q(sql`select count(*)::int as n from dataset_versions`)).toBe(stored);
      expect(
        await q(sql`select count(distinct (dataset_id, version_no))::int as n from dataset_versions`),
      ).toBe(stored);
      expect(await q(sql`select count(*)::int as n from dataset_events where event = 'listed'`)).toBe(ours);
      expect(await q(sql`select count(*)::int as n from catalog_passes`)).toBe(1);
      const runs = await sql<{ status: string; error: string | null }>`
        select status, error from runs where job = 'sync-catalog' order by id`.execute(handle.db);
      expect(runs.rows.map((r) => r.status)).toEqual(['failed', 'succeeded']);
      expect(runs.rows[0]?.error).toMatch(/abandoned/);
    } finally {
      await handle.close();
    }
  }, 300_000);

  function open(): Promise<DbHandle> {
    return ctx.engine === 'postgres'
      ? openDatabase({ engine: 'postgres', url: ctx.db.url! })
      : openDatabase({ engine: 'pglite', dataDir: data.dir });
  }
});
