/**
 * Valid time in the database: plan versions' effective dates (given, the minutes' meeting date, the
 * import day), the version in force on a day, an as-of before everything known (note + exit 3), and
 * `nightly --as-of` following the same rules.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { run as runReport } from '../../jobs/report.js';
import { runReconcile } from '../../jobs/reconcile.js';
import { runNightly } from '../../jobs/nightly.js';
import {
  migrateStage,
  planStage,
  reconcileStage,
  reportStage,
  syncCatalogStage,
} from '../../jobs/nightly-stages.js';
import { fixedClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import { planInForce, preparePlanFile, storePlanVersion } from '../../src/plan/index.js';
import { KNOWN_NOW } from '../../src/reconcile-store/index.js';
import { createFakePlatform } from '../../tools/fake-platform/index.js';
import { tempDataDir } from '../catalog/sync-helpers.js';
import { runCli } from '../helpers/cli.js';
import { describeEngines } from '../helpers/engines.js';
import { importSeedPlan, insertDatasets, testRuntime } from '../reconcile-store/db-helpers.js';

const TSV = new URL('../../examples/plan-104-1.tsv', import.meta.url).pathname;

// Several syncs and reports per test: give a loaded machine time.
vi.setConfig({ testTimeout: 900_000, hookTimeout: 180_000 });

describeEngines('valid time in the database', (ctx) => {
  let out: string;
  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), 'odsync-two-dates-db-'));
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  const report = async (at: string, o: { asOf?: string; knownOn?: string }, name = 'r') => {
    const r = await runReport(testRuntime(ctx.db.handle, at), {
      ...o,
      formats: ['json'],
      out: join(out, name),
    });
    const json = JSON.parse(readFileSync(join(out, name, 'report.json'), 'utf8')) as {
      items: Array<{ planKey: string; status: string; dueDate: string }>;
      notes: string[];
      scope: { plans: Array<{ versionId: string }> };
    };
    return { r, json };
  };

  it('(d) plan versions take effect on their day: --effective, the meeting date, else the import day', async () => {
    const db = ctx.db.handle.db;
    await importSeedPlan(db, '2016-01-01T00:00:00Z'); // minutes: effective 104年6月29日
    const v1 = await db
      .selectFrom('plan_versions')
      .select(['id', 'effective_date'])
      .executeTakeFirstOrThrow();
    expect(v1.effective_date).toBe('2015-06-29');
    // Version 2 moves item 43 (106年1月 → 106年6月), effective 2016-03-01 though imported in May.
    const file = join(out, 'plan-v2.tsv');
    writeFileSync(file, readFileSync(TSV, 'utf8').replace(/(\n43\t[^\n]*\t)106年1月(\t)/, '$1106年6月$2'));
    const deps = { db, logger: silentLogger(), clock: fixedClock('2016-05-01T00:00:00Z') };
    await storePlanVersion(deps, await preparePlanFile(file, { label: '104-1', effective: '2016-03-01' }));
    const at = (asOf: string) => planInForce(db, { asOf, knownUntil: KNOWN_NOW, timeZone: 'Asia/Taipei' });
    const due43 = async (asOf: string) => (await at(asOf)).items.find((i) => i.seq === 43)?.due_date;
    expect(await due43('2016-02-29')).toBe('2017-01-31');
    expect(await due43('2016-03-01')).toBe('2017-06-30');
    // Before every version: the earliest stands in, with a note.
    const early = await at('2015-01-01');
    expect(early.versions).toMatchObject([{ id: v1.id, beforeEffective: true }]);
    const { json } = await report('2016-06-01T04:00:00Z', { asOf: '2015-01-01' });
    expect(json.notes.join('\n')).toContain('早於計畫 104-1 所有版本的生效日');
    expect(json.items.find((i) => i.planKey === '104-1#43')?.dueDate).toBe('2017-01-31');
    // Knowledge time: on April 1st version 2 was not imported yet.
    const known = await planInForce(db, {
      asOf: '2016-04-01',
      knownUntil: new Date('2016-04-01T16:00:00Z'),
      timeZone: 'Asia/Taipei',
    });
    expect(known.items.find((i) => i.seq === 43)?.due_date).toBe('2017-01-31');
    // No --effective and no meeting date: the import day.
    await storePlanVersion(deps, await preparePlanFile(TSV, { label: '105-1' }));
    const v3 = await db
      .selectFrom('plan_versions')
      .select('effective_date')
      .where('label', '=', '105-1')
      .executeTakeFirstOrThrow();
    expect(v3.effective_date).toBeNull();
    expect((await at('2016-04-30')).versions.map((v) => v.label)).toEqual(['104-1']);
    expect((await at('2016-05-01')).versions.map((v) => v.label)).toEqual(['104-1', '105-1']);
  });

  it('(d) --effective must be a date (exit 2, nothing imported)', async () => {
    const r = await runCli(['plan', 'import', TSV, '--effective', '2016-13-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--effective');
  });

  it('(b) first observed after the day, published before it: judged by its dates, not overdue', async () => {
    await importSeedPlan(ctx.db.handle.db, '2016-01-01T00:00:00Z');
    await insertDatasets(ctx.db.handle.db, [
      // Item 5, due 2016-01-01: published 2015-12-20, first seen by odsync only in June.
      {
        id: '5005',
        title: '勞動部大量解僱通報',
        publishedDate: '2015-12-20',
        seenAt: '2016-06-01T00:00:00Z',
      },
    ]);
    const { json } = await report('2016-06-02T04:00:00Z', { asOf: '2016-01-31' });
    expect(json.items.find((i) => i.planKey === '104-1#5')?.status).toBe('published_on_time');
    expect(json.notes.join('\n')).toMatch(/1 個於基準日前已上架的資料集，odsync 在基準日之後才首次同步/);
    const r = await runReconcile(testRuntime(ctx.db.handle, '2016-06-02T04:00:00Z'), { asOf: '2016-01-31' });
    expect(r.result.statuses.find((s) => s.planKey === '104-1#5')?.status).toBe('published_on_time');
    // What odsync could have said on that day: overdue (nothing seen yet).
    const then = await report('2016-06-02T04:00:00Z', { knownOn: '2016-01-31' }, 'then');
    expect(then.json.items.find((i) => i.planKey === '104-1#5')?.status).toBe('overdue');
  });

  it('(f) an as-of before everything known: stderr, a note and exit 3', async () => {
    // The CLI opens its own database: this engine's empty test database, or a new PGlite data dir.
    const env: Record<string, string | undefined> =
      ctx.engine === 'postgres'
        ? { DATABASE_URL: ctx.db.url, ODSYNC_DATA_DIR: join(out, 'data') }
        : { DATABASE_URL: undefined, ODSYNC_DATA_DIR: join(out, 'data') };
    const empty = await runCli(
      ['report', '--as-of', '2015-01-01', '--format', 'json', '--out', join(out, 'e')],
      {
        env,
        clock: fixedClock('2016-06-02T04:00:00Z'),
      },
    );
    expect(empty.code).toBe(3);
    expect(empty.stderr).toContain('早於 odsync 所知的一切');
    const json = JSON.parse(readFileSync(join(out, 'e', 'report.json'), 'utf8')) as { notes: string[] };
    expect(json.notes[0]).toMatch(/沒有已知的開放計畫版本；沒有觀測到任何資料集/);
    const rec = await runCli(['reconcile', '--as-of', '2015-01-01'], {
      env,
      clock: fixedClock('2016-06-02T04:00:00Z'),
    });
    expect(rec.code).toBe(3);
    expect(rec.stderr).toContain('早於 odsync 所知的一切');
  });

  it('(f) a replay before the first sync is empty too (job level, both engines)', async () => {
    await importSeedPlan(ctx.db.handle.db, '2016-01-01T00:00:00Z');
    await insertDatasets(ctx.db.handle.db, [
      {
        id: '5005',
        title: '勞動部大量解僱通報',
        publishedDate: '2015-12-20',
        seenAt: '2016-06-01T00:00:00Z',
      },
    ]);
    const { r, json } = await report('2016-06-02T04:00:00Z', { knownOn: '2015-12-31' });
    expect(r.status).toBe('partial');
    expect(json.notes[0]).toContain('基準日 2015-12-31 早於 odsync 於 2015-12-31 所知的一切');
    const rec = await runReconcile(testRuntime(ctx.db.handle, '2016-06-02T04:00:00Z'), {
      knownOn: '2015-12-31',
    });
    expect(rec.empty).toMatch(/沒有已知的開放計畫版本/);
    // A valid-time day before every version and every dataset is empty as well.
    const before = await report('2016-06-02T04:00:00Z', { asOf: '2015-01-01' }, 'before');
    expect(before.r.status).toBe('partial');
    // --as-of after --known-on is refused (exit 2 at the CLI).
    await expect(
      runReport(testRuntime(ctx.db.handle, '2016-06-02T04:00:00Z'), {
        asOf: '2016-05-01',
        knownOn: '2016-04-01',
      }),
    ).rejects.toThrow(/--known-on/);
  });

  it('(g) nightly --as-of uses the same rules', async () => {
    const fake = await createFakePlatform();
    const data = tempDataDir();
    try {
      const rt = testRuntime(ctx.db.handle, '2026-09-15T18:30:00Z', {
        DATAGOVTW_BASE_URL: fake.url,
        ODSYNC_DATA_DIR: data.dir,
        ODSYNC_HTTP_RATE: '1000',
        ODSYNC_HTTP_CONCURRENCY: '4',
      });
      const io = { stdout: () => undefined, stderr: () => undefined };
      const r = await runNightly(rt, io, {
        asOf: '2017-06-30',
        out: join(out, 'nightly'),
        stages: [migrateStage, syncCatalogStage, planStage, reconcileStage, reportStage],
        progress: false,
      });
      expect(r.exitCode).toBe(0);
      const json = JSON.parse(readFileSync(join(out, 'nightly', 'report.json'), 'utf8')) as {
        items: Array<{ planKey: string; status: string }>;
      };
      const counts: Record<string, number> = {};
      for (const i of json.items) counts[i.status] = (counts[i.status] ?? 0) + 1;
      // First synced in 2026, judged as of 2017-06-30 by the platform's dates: the golden statuses
      // (the two delisted before 2017 by the history list's dates are missing).
      expect(counts).toMatchObject({ published_on_time: 26, published_late: 11, overdue: 5, missing: 2 });
    } finally {
      await fake.close();
      data.remove();
    }
  });
});
