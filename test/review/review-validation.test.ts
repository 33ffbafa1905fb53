/**
 * Bad review files: every problem is named by file, sheet, row and column, the exit code is 2 and
 * nothing is written. Columns are found by header name in any order; extra columns and sheets are
 * ignored. Two files that disagree: the later one wins and the report says so.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { run as runReport } from '../../jobs/report.js';
import { runReviewImport } from '../../jobs/review.js';
import type { DbHandle } from '../../src/db/index.js';
import { FileInputError, exitCodeFor } from '../../src/errors.js';
import { describeEngines } from '../helpers/engines.js';
import { importSeedPlan, insertDatasets, testRuntime } from '../reconcile-store/db-helpers.js';

const AT = '2016-06-01T04:00:00Z';
// Shuffled, with an extra column: import reads by header name.
const HEADER = [
  '備註',
  '延遲原因',
  '計畫項目鍵',
  '確認資料集識別碼',
  '否決資料集識別碼',
  '預計上架日期',
  '單位自用欄',
];

async function workbook(rows: unknown[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('封面').addRow(['這是封面，不是審閱表']);
  const ws = wb.addWorksheet('計畫項目');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const GOOD_ROW = ['', '系統建置中', '104-1#3', '', '', '2016-12-31', '內部編號 7'];

describeEngines('review import validation', (ctx) => {
  let out: string;
  beforeEach(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'odsync-review-'));
    await importSeedPlan(ctx.db.handle.db);
    await insertDatasets(ctx.db.handle.db, [
      { id: '5005', title: '勞動部大量解僱通報', publishedDate: '2015-12-20' },
    ]);
  }, 120_000);
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  async function snapshot(h: DbHandle) {
    const n = async (t: 'match_decisions' | 'plan_item_reviews' | 'runs') =>
      Number(
        (
          await h.db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      decisions: await n('match_decisions'),
      reviews: await n('plan_item_reviews'),
      runs: await n('runs'),
    };
  }

  const cases: { name: string; row: unknown[]; column: string; message: RegExp }[] = [
    {
      name: 'an unknown 計畫項目鍵',
      row: ['', '原因', '104-1#999', '', '', '', ''],
      column: 'C（計畫項目鍵）',
      message: /找不到計畫項目鍵「104-1#999」/,
    },
    {
      name: 'a dataset id that is not one of ours',
      row: ['', '', '104-1#5', '77777', '', '', ''],
      column: 'D（確認資料集識別碼）',
      message: /資料集識別碼「77777」不是我們已同步的資料集/,
    },
    {
      name: 'both 確認 and 否決 on one row',
      row: ['', '', '104-1#5', '5005', '5005', '', ''],
      column: 'E（否決資料集識別碼）',
      message: /同一列不可同時填寫/,
    },
    {
      name: 'an unparseable date',
      row: ['', '原因', '104-1#4', '', '', '明年春天', ''],
      column: 'F（預計上架日期）',
      message: /無法辨識的日期「明年春天」/,
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.name}: exit 2, the cell named, nothing written`, async () => {
      const h = ctx.db.handle;
      const before = await snapshot(h);
      const bytes = await workbook([GOOD_ROW, c.row]);
      const err = await runReviewImport(testRuntime(h, AT), [{ name: 'review-bad.xlsx', bytes }]).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(FileInputError);
      expect(exitCodeFor(err)).toBe(2);
      const problems = (err as FileInputError).problems;
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({
        file: 'review-bad.xlsx',
        sheet: '計畫項目',
        row: 3,
        column: c.column,
      });
      expect(problems[0]!.message).toMatch(c.message);
      expect(await snapshot(h)).toEqual(before);
    });
  }

  it('reads columns by header in any order, ignores extra columns and sheets, stores a formula as text', async () => {
    const h = ctx.db.handle;
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('封面').addRow(['封面']);
    const ws = wb.addWorksheet('計畫項目');
    ws.addRow(HEADER);
    ws.addRow(GOOD_ROW);
    const hostile = ws.addRow(['', '', '104-1#2', '', '', '', '']);
    hostile.getCell(2).value = { formula: 'HYPERLINK("http://evil.example","x")', result: 'x' };
    hostile.getCell(1).value = 'a\u0007b';
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await runReviewImport(testRuntime(h, AT), [{ name: 'review-ok.xlsx', bytes }]);
    expect(r.rowsApplied).toBe(2);
    const rows = await h.db
      .selectFrom('plan_item_reviews')
      .select(['plan_key', 'reason', 'expected_date', 'remark', 'source_sheet', 'source_row'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      {
        plan_key: '104-1#3',
        reason: '系統建置中',
        expected_date: '2016-12-31',
        remark: null,
        source_sheet: '計畫項目',
        source_row: 2,
      },
      {
        plan_key: '104-1#2',
        reason: '=HYPERLINK("http://evil.example","x")',
        expected_date: null,
        remark: 'ab',
        source_sheet: '計畫項目',
        source_row: 3,
      },
    ]);
  });

  it('two files that disagree: the later import wins and the report says there was a conflict', async () => {
    const h = ctx.db.handle;
    const rt = testRuntime(h, AT);
    const a = await workbook([['', '經費未到位', '104-1#3', '', '', '2016-09-30', '']]);
    const b = await workbook([['', '廠商延宕', '104-1#3', '', '', '', '']]);
    const r = await runReviewImport(rt, [
      { name: 'review-勞動關係司.xlsx', bytes: a },
      { name: 'review-all.xlsx', bytes: b },
    ]);
    expect(r.files.map((f) => f.conflicts)).toEqual([[], ['104-1#3']]);
    const latest = await h.db
      .selectFrom('plan_item_reviews')
      .select(['reason', 'expected_date', 'conflict'])
      .where('plan_key', '=', '104-1#3')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(latest).toEqual({
      reason: '廠商延宕',
      expected_date: '2016-09-30',
      conflict: { file: 'review-勞動關係司.xlsx', fields: ['reason'] },
    });
    // History: both answers are kept.
    const history = await h.db.selectFrom('plan_item_reviews').select('reason').orderBy('id').execute();
    expect(history.map((x) => x.reason)).toEqual(['經費未到位', '廠商延宕']);

    const report = await runReport(rt, { formats: ['html', 'json'], out: path.join(out, 'report') });
    const html = readFileSync(path.join(report.dir, 'report.html'), 'utf8');
    expect(html).toContain('互相矛盾的單位填答（104-1#3）');
    const json = JSON.parse(readFileSync(path.join(report.dir, 'report.json'), 'utf8')) as {
      items: { planKey: string; reason: string | null }[];
    };
    expect(json.items.find((i) => i.planKey === '104-1#3')!.reason).toBe('廠商延宕');
  });
});
