/**
 * Property-based test of the catalogue's parse → validate → store path (fast-check): a real-shaped
 * export (the fake platform's 22 columns) with random corruptions, synced in-process into one
 * database per engine. Properties, for every case:
 *   - the run never fails for data (no exception: exit 3 at worst);
 *   - no unrelated row changes (every dataset whose row was not changed keeps its content hash and
 *     stays listed; nothing is added, nothing delisted);
 *   - quarantine holds exactly the bad records (their keys, as a multiset);
 *   - a clean re-run converges to the clean state.
 * Seeded and bounded: ODSYNC_PROPERTY_RUNS cases per engine (default 6), ODSYNC_PROPERTY_SEED
 * (default 20261203) to reproduce or vary; e.g. `ODSYNC_PROPERTY_RUNS=200 npx vitest run <this file>`.
 * A lone UTF-16 surrogate cannot be written into a UTF-8 CSV (it arrives as U+FFFD, a legitimate
 * change); the JSON export's `\ud800` escape is covered in test/catalog/unstorable-text.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MOL_FAMILY } from '../../src/publishers/index.js';
import { agencyOf } from '../../src/publishers/index.js';
import {
  EXPORT_COLUMNS,
  createFakePlatform,
  csvLine,
  exportCells,
  type FakePlatform,
} from '../../tools/fake-platform/index.js';
import { describeEngines } from '../helpers/engines.js';
import { runSync, tempDataDir } from './sync-helpers.js';

const RUNS = Number(process.env.ODSYNC_PROPERTY_RUNS ?? 6);
const SEED = Number(process.env.ODSYNC_PROPERTY_SEED ?? 20261203);
// Ours: the members and their sub-units (提供機關 beginning with a member's name; the fixture has both).
const FAMILY = { has: (publisher: string) => agencyOf(publisher, MOL_FAMILY) !== null };
const COL = Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [c, i])) as Record<string, number>;

type Kind =
  | 'impossibleDate'
  | 'hugeId'
  | 'emptyId'
  | 'fewerFields'
  | 'moreFields'
  | 'nul'
  | 'nulInShortRow'
  | 'longTitle'
  | 'duplicateId'
  | 'longDescription'
  | 'bomInside'
  | 'otherMinistryTwin';

/** What a corruption does: quarantined under a key, changes its own dataset, or neither. */
const EFFECT: Record<Kind, { quarantine: 'id' | 'null' | null; changes: boolean }> = {
  impossibleDate: { quarantine: 'id', changes: true }, // stored with the date null, noted
  hugeId: { quarantine: 'null', changes: false },
  emptyId: { quarantine: 'null', changes: false },
  fewerFields: { quarantine: 'id', changes: false },
  moreFields: { quarantine: 'id', changes: false },
  nul: { quarantine: 'id', changes: false },
  nulInShortRow: { quarantine: 'id', changes: false }, // its raw cells go into quarantine (jsonb)
  longTitle: { quarantine: 'id', changes: false },
  duplicateId: { quarantine: 'id', changes: false },
  longDescription: { quarantine: null, changes: true },
  bomInside: { quarantine: null, changes: true },
  otherMinistryTwin: { quarantine: null, changes: false },
};
const KINDS = Object.keys(EFFECT) as Kind[];

const IMPOSSIBLE_DATES = ['2019-02-30 25:61:00', '2019-02-29 00:00:00', '2019-13-01', '0000-01-01 00:00:00'];

interface Corruption {
  kind: Kind;
  row: number;
  variant: number;
}

/** The export text: every row, corrupted where asked, with a random line end per record. */
function exportText(rows: string[][], corruptions: Corruption[], crlf: boolean[]): string {
  const byRow = new Map(corruptions.map((c) => [c.row, c]));
  const out: string[] = ['\uFEFF' + csvLine(EXPORT_COLUMNS)];
  rows.forEach((cells, i) => {
    const eol = crlf[i % crlf.length] ? '\r\n' : '\n';
    const c = byRow.get(i);
    let line = [...cells];
    const extra: string[][] = [];
    switch (c?.kind) {
      case 'impossibleDate':
        line[COL[c.variant % 2 ? '詮釋資料更新時間' : '上架日期']!] =
          IMPOSSIBLE_DATES[c.variant % IMPOSSIBLE_DATES.length]!;
        break;
      case 'hugeId':
        line[0] = '9'.repeat(13 + (c.variant % 8));
        break;
      case 'emptyId':
        line[0] = c.variant % 2 ? '' : '  ';
        break;
      case 'fewerFields':
        line = line.slice(0, 1 + (c.variant % 20));
        break;
      case 'moreFields':
        line = [...line, ...Array<string>(1 + (c.variant % 3)).fill('x')];
        break;
      case 'nul':
        line[COL['資料集描述']!] += '\0';
        break;
      case 'nulInShortRow':
        line = [line[0]!, `${line[1]}\0`, '\uFEFF'];
        break;
      case 'longTitle':
        line[COL['資料集名稱']!] = '統計'.repeat(35_000);
        break;
      case 'duplicateId':
        extra.push([...cells.slice(0, 1), `${cells[1]}（重複）`, ...cells.slice(2)]);
        break;
      case 'longDescription':
        line[COL['資料集描述']!] = '說明'.repeat(35_000);
        break;
      case 'bomInside':
        line[COL['資料集名稱']!] = `${cells[1]!.slice(0, 2)}\uFEFF${cells[1]!.slice(2)}`;
        break;
      case 'otherMinistryTwin':
        extra.push([String(900_000 + i), ...cells.slice(1, 11), '衛生福利部', ...cells.slice(12)]);
        break;
      default:
        break;
    }
    out.push(csvLine(line, eol));
    for (const e of extra) out.push(csvLine(e, eol));
  });
  return out.join('');
}

describeEngines('export corruption properties', (ctx) => {
  let fake: FakePlatform;
  let data: ReturnType<typeof tempDataDir>;
  let rows: string[][]; // the whole export (the platform count guard compares with it)
  let ours: number[]; // indexes of our rows, the ones corrupted
  let clean: Map<string, string>;
  let night = 0;
  const sync = () => {
    night++;
    const at = new Date(Date.UTC(2026, 8, 15, 18, 30) + night * 86_400_000).toISOString();
    return runSync(
      {
        handle: ctx.db.handle,
        baseUrl: fake.url,
        dataDir: data.dir,
        env: { ODSYNC_DETAIL_LIMIT: '0', DATAGOVTW_UNPUBLISHED_PATH: 'off' },
      },
      at,
      { full: true },
    );
  };
  const serve = (text: string) => {
    const path = join(data.dir, `export-${night}.csv`);
    writeFileSync(path, text);
    fake.setExportFile(path);
  };
  const state = async () =>
    new Map(
      (
        await ctx.db.handle.db
          .selectFrom('datasets')
          .select(['dataset_id', 'content_hash', 'delisted_at'])
          .execute()
      ).map((d) => [d.dataset_id, d.delisted_at === null ? d.content_hash : `delisted ${d.content_hash}`]),
    );

  beforeAll(async () => {
    fake = await createFakePlatform({ molCount: 25, otherCount: 0 });
    data = tempDataDir();
    const listed = fake.state.listed();
    rows = listed.map(exportCells);
    ours = listed.flatMap((d, i) => (FAMILY.has(d.publisher) ? [i] : []));
  });
  afterAll(async () => {
    await fake.close();
    data.remove();
  });

  it(`${RUNS} random corruptions (seed ${SEED}): never failed, nothing unrelated changed, quarantine exact, clean re-run converges`, async () => {
    serve(exportText(rows, [], [false]));
    const first = await sync();
    expect(first.status).toBe('succeeded');
    clean = await state();
    expect(clean.size).toBe(ours.length);

    const corruption = fc.record({
      kind: fc.constantFrom(...KINDS),
      variant: fc.nat(1000),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(fc.nat(ours.length - 1), corruption), {
          minLength: 1,
          maxLength: 5,
          selector: ([row]) => row,
        }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }),
        async (picked, crlf) => {
          const corruptions = picked.map(([n, c]) => ({ ...c, row: ours[n]! }));
          serve(exportText(rows, corruptions, crlf));
          const r = await sync(); // throws (exit 1) on failure
          const bad = corruptions.filter((c) => EFFECT[c.kind].quarantine !== null);
          expect(r.status).toBe(bad.length > 0 ? 'partial' : 'succeeded');
          expect(r.counters.delisted).toBe(0);

          const q = await ctx.db.handle.db
            .selectFrom('quarantine')
            .innerJoin('runs', 'runs.id', 'quarantine.run_id')
            .select('quarantine.record_key')
            .where('runs.id', '=', (eb) => eb.selectFrom('runs').select((e) => e.fn.max('id').as('m')))
            .execute();
          const expected = bad.map((c) => (EFFECT[c.kind].quarantine === 'id' ? rows[c.row]![0]! : null));
          const key = (k: string | null) => k ?? '(none)';
          expect(q.map((x) => key(x.record_key)).sort()).toEqual(expected.map(key).sort());

          const after = await state();
          expect(after.size).toBe(clean.size);
          const changed = new Set(
            corruptions.filter((c) => EFFECT[c.kind].changes).map((c) => rows[c.row]![0]!),
          );
          for (const [id, hash] of clean) if (!changed.has(id)) expect(after.get(id), id).toBe(hash);
          for (const id of changed) expect(after.get(id), id).not.toMatch(/^delisted/);

          serve(exportText(rows, [], [false]));
          const again = await sync();
          expect(again.status).toBe('succeeded');
          expect(await state()).toEqual(clean);
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }, 600_000);
});
