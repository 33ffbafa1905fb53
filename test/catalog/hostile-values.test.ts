/**
 * Every typed column the catalogue sync writes, fed hostile values by the fake platform: each is
 * quarantined (an optional cell stored as null with a note, a required one with its record), the
 * run ends partial and nothing is thrown, on both engines.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { MOL_FAMILY } from '../../src/publishers/index.js';
import { agencyOf } from '../../src/publishers/index.js';
import { createFakePlatform, type FakeDataset, type FakePlatform } from '../../tools/fake-platform/index.js';
import { describeEngines } from '../helpers/engines.js';
import { runSync, tempDataDir } from './sync-helpers.js';

// Ours: the members and their sub-units (提供機關 beginning with a member's name; the fixture has both).
const FAMILY = { has: (publisher: string) => agencyOf(publisher, MOL_FAMILY) !== null };
const NIGHT = '2026-09-15T18:30:00Z';

/** Impossible or unstorable timestamps, each on its own dataset. */
const BAD_TIMESTAMPS = [
  '2019-02-30 25:61:00',
  '2019-02-29 10:00:00', // not a leap year
  '2019-04-31',
  '2019-13-01 00:00:00',
  '2019-12-31 24:00:00',
  '2019-12-31 23:60:00',
  '2019-12-31 23:59:60',
  '0000-01-01 00:00:00',
  '2019/02/30',
  '20190101',
  '108/01/01',
  '2019-01-01 10:00:00+08',
  '2019-01-01\u000010:00:00',
];

describeEngines('hostile values in typed columns', (ctx) => {
  let fake: FakePlatform;
  let data: ReturnType<typeof tempDataDir>;
  let mol: FakeDataset[];
  beforeEach(async () => {
    fake = await createFakePlatform({ molCount: 40, otherCount: 5 });
    data = tempDataDir();
    mol = fake.state.listed().filter((d) => FAMILY.has(d.publisher));
  });
  afterEach(async () => {
    await fake.close();
    data.remove();
  });
  const sync = () =>
    runSync({ handle: ctx.db.handle, baseUrl: fake.url, dataDir: data.dir }, NIGHT, { full: true });
  const db = () => ctx.db.handle.db;
  const quarantine = (source: string) =>
    db()
      .selectFrom('quarantine')
      .select(['record_key', 'reason', 'raw'])
      .where('source', '=', source)
      .orderBy('id')
      .execute();
  const row = (id: string) =>
    db().selectFrom('datasets').selectAll().where('dataset_id', '=', id).executeTakeFirst();

  for (const [field, key, columns] of [
    ['上架日期', 'publishedAt', ['published_date', 'published_at']],
    ['詮釋資料更新時間', 'modifiedAt', ['modified_at']],
  ] as const) {
    it(`${field} (${columns.join(', ')}): every impossible value stored as null with a note, partial`, async () => {
      const targets = mol.slice(0, BAD_TIMESTAMPS.length);
      fake.setFaults({
        exportOverrides: Object.fromEntries(targets.map((d, i) => [d.id, { [key]: BAD_TIMESTAMPS[i] }])),
      });
      const r = await sync();
      expect(r.status).toBe('partial');
      expect(r.reason).toMatch(new RegExp(`${BAD_TIMESTAMPS.length} record\\(s\\) quarantined`));
      const q = await quarantine('catalog-export');
      expect(q.map((x) => x.record_key).sort()).toEqual(targets.map((d) => d.id).sort());
      for (const [i, d] of targets.entries()) {
        const stored = await row(d.id);
        for (const c of columns) expect(stored?.[c], `${d.id} ${c}`).toBeNull();
        const note = q.find((x) => x.record_key === d.id)!;
        expect(note.reason).toMatch(new RegExp(`${field}: .*stored as null`));
        // NUL cannot be stored in jsonb: it is kept as the text \u0000.
        expect(note.raw).toEqual({ field, value: BAD_TIMESTAMPS[i]!.replace('\0', '\\u0000') });
      }
      // Datasets without a bad cell are untouched by the notes.
      const clean = await row(mol.at(-1)!.id);
      expect(clean?.published_date).not.toBeNull();
    });
  }

  it('上架日期 in the accepted forms is stored (slashes, one-digit parts, microseconds, leap day)', async () => {
    const forms: Array<[string, string]> = [
      ['2019/02/28', '2019-02-28'],
      ['2019/2/3 9:05', '2019-02-03'],
      ['2020-02-29 23:59:59.123456', '2020-02-29'],
      ['2000-02-29 00:00', '2000-02-29'],
    ];
    const targets = mol.slice(0, forms.length);
    fake.setFaults({
      exportOverrides: Object.fromEntries(targets.map((d, i) => [d.id, { publishedAt: forms[i]![0] }])),
    });
    const r = await sync();
    expect(r.status).toBe('succeeded');
    for (const [i, d] of targets.entries()) expect((await row(d.id))?.published_date).toBe(forms[i]![1]);
  });

  it('資料集識別碼, 資料集名稱, 提供機關 (required, indexed text): invalid records quarantined whole, the run goes on', async () => {
    const [a, b, c, d] = mol;
    fake.setFaults({
      exportOverrides: {
        [a!.id]: { title: '統計'.repeat(35_000) }, // a 70 kB cell in an indexed column
        [b!.id]: { title: '   ' },
        [c!.id]: { publisher: `${c!.publisher}${'局'.repeat(300)}` },
        [d!.id]: { id: '１２３' },
      },
    });
    const r = await sync();
    expect(r.status).toBe('partial');
    const q = await quarantine('catalog-export');
    expect(q.map((x) => x.record_key)).toEqual(expect.arrayContaining([a!.id, b!.id]));
    expect(q.find((x) => x.record_key === a!.id)!.reason).toMatch(/title is longer than 500 characters/);
    expect(q.find((x) => x.record_key === b!.id)!.reason).toMatch(/title is empty/);
    expect(q.find((x) => x.record_key === null)!.reason).toMatch(/dataset id must be digits/);
    for (const t of [a!, b!]) expect(await row(t.id)).toBeUndefined();
    // An unreadable id: the pass is incomplete and delists nothing.
    expect(r.reason).toMatch(/unreadable without a dataset id/);
    expect(r.counters.delisted).toBe(0);
  });

  it('front-list counts and agency_tid (integer columns): out-of-range values quarantined, not thrown', async () => {
    // The family config knows the agency_tid of 勞工保險局 only: its counters come from the front list.
    const withTid = mol.filter((d) => d.publisher === '勞動部勞工保險局');
    expect(withTid.length).toBeGreaterThan(5);
    const [a, b, c, d, e] = withTid;
    fake.setFaults({
      listOverrides: {
        [a!.id]: { dataset_view_times: 2 ** 31 },
        [b!.id]: { comment_quantity: 1e20 },
        [c!.id]: { resource_download_times: -1 },
        [d!.id]: { agency_tid: 2 ** 40 },
        [e!.id]: { dataset_view_times: '12abc' },
      },
    });
    const r = await sync();
    expect(r.status).toBe('partial');
    const q = await quarantine('front-list');
    expect(q.map((x) => x.record_key).sort()).toEqual([a, b, c, d, e].map((x) => x!.id).sort());
    expect((await row(a!.id))?.view_count).toBeNull();
    // The others' counters are stored.
    const other = withTid.at(-1)!;
    expect((await row(other.id))?.view_count).toBe(other.views);
  });

  it('v2 detail dates: an impossible publishedDate quarantines the detail, not the run', async () => {
    fake.setFaults({ detailDrift: { set: { publishedDate: '2019-02-30' } } });
    const r = await sync();
    expect(r.status).toBe('partial');
    const q = await quarantine('detail');
    expect(q.length).toBeGreaterThan(0);
    expect(q[0]!.reason).toMatch(/publishedDate/);
  });
});
