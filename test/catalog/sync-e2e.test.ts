import { afterEach, beforeEach, expect, it } from 'vitest';
import { sql } from 'kysely';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogAsOf, parseExportFile } from '../../src/catalog/index.js';
import { MOL_FAMILY } from '../../src/publishers/index.js';
import { agencyOf } from '../../src/publishers/index.js';
import {
  MOL_PLAN_DATASETS,
  createFakePlatform,
  exportCsv,
  type FakePlatform,
} from '../../tools/fake-platform/index.js';
import { describeEngines } from '../helpers/engines.js';
import { runSync, tempDataDir } from './sync-helpers.js';

// Ours: the members and their sub-units (提供機關 beginning with a member's name; the fixture has both).
const FAMILY = { has: (publisher: string) => agencyOf(publisher, MOL_FAMILY) !== null };

describeEngines('catalogue sync against the fake platform', (ctx) => {
  let fake: FakePlatform;
  let data: ReturnType<typeof tempDataDir>;
  beforeEach(async () => {
    fake = await createFakePlatform({ molCount: 120, otherCount: 60 });
    data = tempDataDir();
  });
  afterEach(async () => {
    await fake.close();
    data.remove();
  });
  const env = () => ({ handle: ctx.db.handle, baseUrl: fake.url, dataDir: data.dir });
  const ours = () => fake.state.listed().filter((d) => FAMILY.has(d.publisher));
  const count = async (table: 'datasets' | 'dataset_versions' | 'dataset_events' | 'quarantine') =>
    Number(
      (
        await ctx.db.handle.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('first full sync stores exactly our datasets with one version each, details and counters', async () => {
    const r = await runSync(env(), '2026-09-15T18:30:00Z', { full: true });
    const expected = ours();
    expect(r.status).toBe('succeeded');
    // The two seed-plan datasets delisted before the first sync come from the delisted-history list
    // (the `unpublish` list names scheduled delistings: never evidence).
    const gone = MOL_PLAN_DATASETS.filter((e) => e.dataset?.delisted).map((e) => e.dataset!.id);
    expect(gone).toHaveLength(2);
    expect(r.counters).toMatchObject({
      mode: 'full',
      added: expected.length,
      changed: 0,
      delisted: 2,
      quarantined: 0,
    });
    expect(r.counters.exportRows).toBe(fake.state.listed().length);
    expect(await count('datasets')).toBe(expected.length + 2);
    expect(await count('dataset_versions')).toBe(expected.length + 2);
    const db = ctx.db.handle.db;
    // Same-titled datasets of other agencies are not ours.
    const twin = await db
      .selectFrom('datasets')
      .selectAll()
      .where('title', '=', '認可醫療機構名單')
      .execute();
    expect(twin).toEqual([]);
    const d = await db
      .selectFrom('datasets')
      .selectAll()
      .where('dataset_id', '=', '33357')
      .executeTakeFirstOrThrow();
    expect(d).toMatchObject({
      title: '勞工保險平均投保薪資-按行業別',
      publisher_name: '勞動部勞工保險局',
      publisher_oid: '2.16.886.101.20003.20063.20001',
      published_date: '2015-05-29',
      comment_count: 2,
      detail_status: 'ok',
      delisted_at: null,
    });
    expect(d.identifier).toMatch(/^A17010000J-/);
    expect(d.published_at?.toISOString()).toBe('2015-05-29T02:00:00.000Z'); // 10:00 Taipei
    const events = await db
      .selectFrom('dataset_events')
      .select(['event', 'source'])
      .distinct()
      .orderBy('event')
      .execute();
    expect(events).toEqual([
      { event: 'delisted', source: 'history_list' },
      { event: 'listed', source: 'full_pass' },
    ]);
    const missing = await db
      .selectFrom('datasets')
      .selectAll()
      .where('dataset_id', 'in', gone)
      .orderBy('dataset_id')
      .execute();
    expect(missing.map((m) => [m.dataset_id, m.publisher_name, m.delisted_at !== null])).toEqual([
      ['25011', '勞動部勞工保險局', true],
      ['29800', '勞動部勞動力發展署', true],
    ]);
    // Every listed seed-plan dataset is stored, under the right publisher.
    for (const e of MOL_PLAN_DATASETS) {
      if (!e.dataset || e.dataset.delisted) continue;
      const row = await db
        .selectFrom('datasets')
        .select(['title', 'publisher_name'])
        .where('dataset_id', '=', e.dataset.id)
        .executeTakeFirst();
      expect(row, `seed item ${e.item}`).toEqual({
        title: e.dataset.title,
        publisher_name: e.dataset.publisher,
      });
    }
    const archives = await db.selectFrom('raw_archives').select('source').execute();
    expect(archives.map((a) => a.source)).toEqual(
      expect.arrayContaining(['catalog-export', 'detail', 'front-list']),
    );
  });

  it('incremental night: additions, changes, delistings; a re-run with no change makes no versions', async () => {
    await runSync(env(), '2026-09-15T18:30:00Z', { full: true });
    const before = await count('dataset_versions');
    // The next day on the platform.
    fake.state.today = '2026-09-16';
    const base = fake.state.get('33357');
    fake.state.add({ ...base, id: '99001', title: '勞工保險新資料集', comments: [] });
    fake.state.update('44062', { title: '台灣就業通網站職缺清單(新版)', modifiedAt: '2026-09-16 10:00:00' });
    fake.state.update('6647', { views: 99999 }); // volatile only: no version
    fake.state.delist('6281');
    fake.state.add({
      ...base,
      id: '99002',
      title: '別的部會資料',
      publisher: '交通部',
      agencyTid: 803,
      comments: [],
    });

    const seenBefore = fake.requests.length;
    const r = await runSync(env(), '2026-09-16T18:30:00Z');
    expect(r.status).toBe('succeeded');
    expect(r.counters).toMatchObject({
      mode: 'incremental',
      added: 1,
      changed: 1,
      delisted: 1,
      quarantined: 0,
    });
    expect(await count('dataset_versions')).toBe(before + 2);
    const db = ctx.db.handle.db;
    const delisted = await db
      .selectFrom('datasets')
      .select(['delisted_at'])
      .where('dataset_id', '=', '6281')
      .executeTakeFirstOrThrow();
    expect(delisted.delisted_at?.toISOString()).toBe('2026-09-16T18:30:00.000Z');
    const ev = await db
      .selectFrom('dataset_events')
      .selectAll()
      .where('dataset_id', '=', '6281')
      .where('event', '=', 'delisted')
      .executeTakeFirstOrThrow();
    expect(ev.source).toBe('changed_export');
    const v = await db
      .selectFrom('dataset_versions')
      .selectAll()
      .where('dataset_id', '=', '44062')
      .orderBy('version_no')
      .execute();
    expect(v.map((x) => x.version_no)).toEqual([1, 2]);
    // Only the changed datasets got detail calls (and the incremental read one day plus overlap).
    const night = fake.requests.slice(seenBefore);
    expect(
      night
        .filter((q) => q.route === 'detail')
        .map((q) => q.path)
        .sort(),
    ).toEqual(['/api/v2/rest/dataset/44062', '/api/v2/rest/dataset/99001']);
    expect(night.filter((q) => q.route === 'changedExport').map((q) => q.query.report_date)).toEqual([
      '2026-09-15',
      '2026-09-16',
      '2026-09-17',
    ]);
    expect(night.some((q) => q.route === 'export')).toBe(false);

    // Nothing changed since: a re-run creates no versions and no events.
    const versions = await count('dataset_versions');
    const events = await count('dataset_events');
    const again = await runSync(env(), '2026-09-16T19:30:00Z');
    expect(again.counters).toMatchObject({ added: 0, changed: 0, delisted: 0 });
    expect(await count('dataset_versions')).toBe(versions);
    expect(await count('dataset_events')).toBe(events);
    const full = await runSync(env(), '2026-09-16T20:30:00Z', { full: true });
    expect(full.status).toBe('succeeded');
    expect(full.counters).toMatchObject({ added: 0, changed: 0, delisted: 0, relisted: 0 });
    expect(await count('dataset_versions')).toBe(versions);
    expect(await count('dataset_events')).toBe(events);

    // History: the catalogue as it stood before the night.
    const asOf = await catalogAsOf(db, new Date('2026-09-16T00:00:00Z'));
    expect(asOf.find((e) => e.datasetId === '44062')).toMatchObject({
      title: '台灣就業通網站職缺清單',
      delisted: false,
    });
    expect(asOf.find((e) => e.datasetId === '6281')?.delisted).toBe(false);
    expect(asOf.find((e) => e.datasetId === '99001')).toBeUndefined();
    const now = await catalogAsOf(db, new Date('2026-09-17T00:00:00Z'));
    expect(now.find((e) => e.datasetId === '44062')?.title).toBe('台灣就業通網站職缺清單(新版)');
    expect(now.find((e) => e.datasetId === '6281')?.delisted).toBe(true);
    await expectReferencesIntact();
  });

  // The catalogue tables carry no foreign keys (migration 0008): the apply step keeps them whole.
  async function expectReferencesIntact(): Promise<void> {
    const q = async (query: ReturnType<typeof sql<{ n: number }>>) =>
      (await query.execute(ctx.db.handle.db)).rows[0]!.n;
    expect(
      await q(sql`select count(*)::int as n from dataset_versions v
        where not exists (select 1 from datasets d where d.dataset_id = v.dataset_id)`),
    ).toBe(0);
    expect(
      await q(sql`select count(*)::int as n from dataset_events e
        where not exists (select 1 from datasets d where d.dataset_id = e.dataset_id)`),
    ).toBe(0);
    expect(
      await q(sql`select count(*)::int as n from datasets d
        where d.current_version <> (select max(v.version_no) from dataset_versions v where v.dataset_id = d.dataset_id)
           or d.content_hash <> (select v.content_hash from dataset_versions v
             where v.dataset_id = d.dataset_id and v.version_no = d.current_version)`),
    ).toBe(0);
    expect(
      await q(sql`select count(*)::int as n from (
        select first_run_id as run_id from datasets union select last_run_id from datasets
        union select run_id from dataset_versions union select run_id from dataset_events) r
        where r.run_id is not null and not exists (select 1 from runs where runs.id = r.run_id)`),
    ).toBe(0);
  }

  it('a new dataset under our name whose detail gives another publisherOID is not kept (its applied rows are removed)', async () => {
    const base = fake.state.get('33357');
    fake.state.add({
      ...base,
      id: '99003',
      title: '同名異機關資料集',
      publisher: '勞動部',
      publisherOid: '2.16.886.101.20003.20065', // another ministry's OID under our name
      identifier: null,
      agencyTid: null,
      comments: [],
    });
    const r = await runSync(env(), '2026-09-15T18:30:00Z', { full: true });
    expect(r.status).toBe('succeeded');
    expect(r.counters.ours).toBe(ours().length - 1);
    expect(r.counters.added).toBe(ours().length - 1);
    const db = ctx.db.handle.db;
    for (const table of ['datasets', 'dataset_versions', 'dataset_events'] as const) {
      const rows = await db
        .selectFrom(table)
        .select('dataset_id')
        .where('dataset_id', '=', '99003')
        .execute();
      expect(rows, table).toEqual([]);
    }
    expect(await count('datasets')).toBe(ours().length - 1 + 2);
    await expectReferencesIntact();
  });

  it('text with tabs, backslashes, quotes and line breaks is stored exactly; a NUL character is quarantined', async () => {
    const [a, b] = ours();
    const tricky = '第一行\t定位 \\N 不是空值 \\ 反斜線 "引號"\r\n第二行\n第三行';
    const title = `${a!.title}\t(定位)`;
    fake.state.update(a!.id, { description: tricky, title });
    fake.state.update(b!.id, { description: `前\u0000後` });
    const r = await runSync(env(), '2026-09-15T18:30:00Z', { full: true });
    expect(r.counters.quarantined).toBe(1);
    const db = ctx.db.handle.db;
    const stored = await db
      .selectFrom('datasets')
      .innerJoin('dataset_versions', 'dataset_versions.dataset_id', 'datasets.dataset_id')
      .select(['datasets.title', 'dataset_versions.data'])
      .where('datasets.dataset_id', '=', a!.id)
      .executeTakeFirstOrThrow();
    expect(stored.title).toBe(title);
    expect(stored.data).toMatchObject({ description: tricky.trim() });
    const q = await db.selectFrom('quarantine').selectAll().executeTakeFirstOrThrow();
    expect(q).toMatchObject({ source: 'catalog-export', record_key: b!.id });
    expect(q.reason).toMatch(/NUL/);
    expect(
      await db.selectFrom('datasets').select('dataset_id').where('dataset_id', '=', b!.id).execute(),
    ).toEqual([]);
    // The export is archived compressed only (the file as received is removed once compressed).
    const files = await db.selectFrom('raw_archives').select(['source', 'path']).execute();
    expect(files.find((f) => f.source === 'catalog-export')?.path).toMatch(/export\.csv\.br$/);
    const { readdirSync } = await import('node:fs');
    const dir = files[0]!.path.replace(/\/[^/]+$/, '');
    expect(readdirSync(dir).filter((f) => !f.endsWith('.br'))).toEqual([]);
    // … and reads back record for record.
    let archived = 0;
    for await (const item of parseExportFile(files.find((f) => f.source === 'catalog-export')!.path, {
      format: 'csv',
      source: 'archive',
    }))
      if (item.kind === 'row') archived++;
    expect(archived).toBe(r.counters.exportRows);
    await expectReferencesIntact();
  });

  it('several days in one incremental run: only the last state of each dataset counts', async () => {
    await runSync(env(), '2026-09-15T18:30:00Z', { full: true });
    const versions = await count('dataset_versions');
    const base = fake.state.get('33357');
    // Day 1: a new dataset and a change; day 2: the new one is delisted, the change reverted.
    fake.state.today = '2026-09-16';
    fake.state.add({ ...base, id: '99010', title: '一日資料集', comments: [] });
    const title = fake.state.get('44062').title;
    fake.state.update('44062', { title: `${title}(暫時)` });
    fake.state.today = '2026-09-17';
    fake.state.delist('99010');
    fake.state.update('44062', { title });
    const r = await runSync(env(), '2026-09-17T18:30:00Z');
    expect(r.counters).toMatchObject({ mode: 'incremental', added: 0, changed: 0 });
    expect(await count('dataset_versions')).toBe(versions);
    const db = ctx.db.handle.db;
    const gone = await db
      .selectFrom('datasets')
      .select('dataset_id')
      .where('dataset_id', '=', '99010')
      .execute();
    expect(gone).toEqual([]);
  });

  it('a full pass delists what vanished without a 資料集下架 row, and relists it when it returns', async () => {
    await runSync(env(), '2026-09-15T18:30:00Z', { full: true });
    const d9332 = fake.state.get('9332');
    fake.state.datasets.delete('9332'); // vanished: no change-log entry, not on the unpublished list
    const r = await runSync(env(), '2026-09-16T18:30:00Z', { full: true });
    expect(r.counters.delisted).toBe(1);
    const db = ctx.db.handle.db;
    const ev = await db
      .selectFrom('dataset_events')
      .select(['event', 'source'])
      .where('dataset_id', '=', '9332')
      .orderBy('id')
      .execute();
    expect(ev).toEqual([
      { event: 'listed', source: 'full_pass' },
      { event: 'delisted', source: 'full_pass' },
    ]);
    fake.state.datasets.set('9332', d9332);
    const back = await runSync(env(), '2026-09-17T18:30:00Z', { full: true });
    expect(back.counters).toMatchObject({ relisted: 1, delisted: 0, changed: 0 });
    const row = await db
      .selectFrom('datasets')
      .select('delisted_at')
      .where('dataset_id', '=', '9332')
      .executeTakeFirstOrThrow();
    expect(row.delisted_at).toBeNull();
    const n = await sql<{
      n: number;
    }>`select count(*)::int as n from dataset_versions where dataset_id = '9332'`.execute(db);
    expect(n.rows[0]?.n).toBe(1);
  });

  it('a full export listing a dataset again after its 資料集下架 row, its first row already written: the repeat is quarantined', async () => {
    // Enough of our datasets that the first row of X goes out with the first batch (500 rows).
    const big = await createFakePlatform({ molCount: 540, otherCount: 0 });
    const dir = tempDataDir();
    const file = join(dir.dir, 'export.csv');
    try {
      const rows = big.state.listed().filter((d) => FAMILY.has(d.publisher));
      const x = rows[0]!;
      const listed = [...rows, x, x];
      writeFileSync(
        file,
        exportCsv(listed, {
          extra: {
            header: '資料集變動狀態',
            values: listed.map((_d, i) => (i === rows.length ? '資料集下架' : '資料集修改')),
          },
        }),
      );
      big.setExportFile(file, rows.length);
      const r = await runSync(
        { handle: ctx.db.handle, baseUrl: big.url, dataDir: dir.dir },
        '2026-09-15T18:30:00Z',
        {
          full: true,
        },
      );
      const db = ctx.db.handle.db;
      expect(r.counters.quarantined).toBe(1);
      const q = await db.selectFrom('quarantine').select(['record_key', 'reason']).executeTakeFirstOrThrow();
      expect(q.record_key).toBe(x.id);
      expect(q.reason).toMatch(/duplicate dataset id/);
      const versions = await db
        .selectFrom('dataset_versions')
        .select('version_no')
        .where('dataset_id', '=', x.id)
        .execute();
      expect(versions).toEqual([{ version_no: 1 }]);
      const stored = await db
        .selectFrom('datasets')
        .select('delisted_at')
        .where('dataset_id', '=', x.id)
        .executeTakeFirstOrThrow();
      // The pass is partial (a record quarantined): its 資料集下架 is withheld until a complete pass.
      expect(r.status).toBe('partial');
      expect(stored.delisted_at).toBeNull();
    } finally {
      await big.close();
      dir.remove();
    }
  });
});
