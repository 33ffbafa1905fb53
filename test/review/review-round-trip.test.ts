/**
 * The units' round trip on both engines and both formats: export → fill cells → import →
 * reconcile → report. Confirmed items are published with method manual, rejected pairs are
 * never proposed again, reasons and expected dates show in every report format, a formula in a
 * cell stays text, a second import of the same file changes nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runReconcile } from '../../jobs/reconcile.js';
import { run as runReport } from '../../jobs/report.js';
import { runReviewExport, runReviewImport } from '../../jobs/review.js';
import type { DbHandle } from '../../src/db/index.js';
import { matchList } from '../../src/reconcile-store/index.js';
import { readOdsSheets, readXlsxSheets } from '../../src/plan/index.js';
import { describeEngines } from '../helpers/engines.js';
import { importSeedPlan, insertDatasets, testRuntime } from '../reconcile-store/db-helpers.js';
import { fillOds, fillXlsx, type Answers } from './fill-workbook.js';

const DAY1 = '2016-06-01T04:00:00Z';
const DAY2 = '2016-06-02T04:00:00Z';
const HOSTILE = 'HYPERLINK("http://evil.example/x","點我")';

const HEADER = [
  '計畫項目鍵',
  '序號',
  '資料集名稱',
  '管理單位',
  '到期日',
  '狀態',
  '資料集識別碼',
  '平臺資料集名稱',
  '候選資料集',
  '確認資料集識別碼',
  '否決資料集識別碼',
  '延遲原因',
  '預計上架日期',
  '備註',
  '填表人',
];

async function seed(handle: DbHandle): Promise<void> {
  await importSeedPlan(handle.db);
  await insertDatasets(handle.db, [
    { id: '5005', title: '勞動部大量解僱通報', publishedDate: '2015-12-20' },
    {
      id: '28900',
      title: '勞動基金國內投資股票',
      publisher: '勞動部勞動基金運用局',
      publishedDate: '2016-03-01',
    },
  ]);
}

const answers = (dateCell: Answers[string]['預計上架日期']): Answers => ({
  '104-1#37': { 確認資料集識別碼: '28900', 填表人: '李大華' },
  '104-1#6': { 否決資料集識別碼: '5005' },
  '104-1#2': { 延遲原因: { formula: HOSTILE, result: '點我' }, 預計上架日期: dateCell, 填表人: '王小明' },
  '104-1#3': { 延遲原因: '系統建置中', 預計上架日期: '105/12/31', 備註: '=1+1' },
});

describeEngines('review round trip', (ctx) => {
  let out: string;
  beforeEach(() => {
    out = mkdtempSync(path.join(tmpdir(), 'odsync-review-'));
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  async function counts(h: DbHandle) {
    const n = async (t: 'match_decisions' | 'plan_item_reviews') =>
      (
        await h.db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    return { decisions: Number(await n('match_decisions')), reviews: Number(await n('plan_item_reviews')) };
  }

  for (const format of ['xlsx', 'ods'] as const) {
    it(`${format}: export, fill, import, reconcile, report`, async () => {
      const h = ctx.db.handle;
      await seed(h);
      const rt1 = testRuntime(h, DAY1);
      await runReconcile(rt1);

      // Export: one file per unit and review-all, header in the order.
      const exported = await runReviewExport(rt1, { format, out: path.join(out, 'export') });
      expect(exported.asOf).toBe('2016-06-01');
      const names = exported.files.map((f) => path.basename(f.path));
      expect(names).toContain(`review-勞動關係司.${format}`);
      expect(names).toContain(`review-勞動基金運用局.${format}`);
      expect(names).toContain(`review-all.${format}`);
      const allPath = exported.files.find((f) => f.unit === null)!.path;
      const bytes = readFileSync(allPath);
      const sheets = format === 'xlsx' ? await readXlsxSheets(bytes) : readOdsSheets(bytes);
      expect(sheets.map((s) => s.sheet)).toEqual(['計畫項目', '說明']);
      const rows = sheets[0]!.rows;
      expect(rows[0]!.cells.map((c) => c.text)).toEqual(HEADER);
      expect(rows).toHaveLength(49); // every item of the plan, not only the doubtful ones
      const row6 = rows.find((r) => r.cells[0]!.text === '104-1#6')!;
      expect(row6.cells[8]!.text).toContain('5005 勞動部大量解僱通報');
      const row37 = rows.find((r) => r.cells[0]!.text === '104-1#37')!;
      expect(row37.cells[5]!.text).toBe('待人工確認');
      expect(row37.cells[8]!.text).toMatch(/^28900 勞動基金國內投資股票（0\.\d\d/);

      // Locked columns, drop-downs of the candidates, a date cell.
      if (format === 'xlsx') {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(bytes as unknown as ArrayBuffer);
        const ws = wb.getWorksheet('計畫項目')!;
        expect((ws as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
        const r = ws.getRow(rows.indexOf(row37) + 1);
        expect(r.getCell(1).protection?.locked).not.toBe(false);
        expect(r.getCell(10).protection?.locked).toBe(false);
        expect(r.getCell(10).dataValidation).toMatchObject({ type: 'list', formulae: ['"28900"'] });
        expect(r.getCell(13).numFmt).toBe('yyyy-mm-dd');
      } else {
        const xml = strFromU8(unzipSync(bytes)['content.xml']!);
        expect(xml).toContain('table:name="計畫項目" table:protected="true"');
        expect(xml).toContain('of:cell-content-is-in-list(&quot;28900&quot;)');
        expect(xml).toContain('style:cell-protect="none"');
      }

      // The unit fills its cells and sends the file back.
      const filled =
        format === 'xlsx'
          ? await fillXlsx(bytes, answers({ date: '2016-05-15' }))
          : fillOds(bytes, answers({ date: '2016-05-15', display: '05/15/16' }));
      const file = { name: `review-all.${format}`, bytes: filled };
      const rt2 = testRuntime(h, DAY2);
      const imported = await runReviewImport(rt2, [file], format === 'ods' ? { by: '資訊處' } : {});
      expect(imported.rowsApplied).toBe(4);
      expect(imported.files[0]).toMatchObject({ confirmations: 1, rejections: 1, notes: 2 });
      const after = await counts(h);

      // The same file again: nothing changes.
      const again = await runReviewImport(rt2, [file]);
      expect(again.rowsApplied).toBe(0);
      expect(await counts(h)).toEqual(after);

      const decisions = await h.db
        .selectFrom('match_decisions')
        .select(['plan_key', 'dataset_id', 'decision', 'decided_by'])
        .orderBy('id')
        .execute();
      // In sheet order (#6 before #37); 填表人, else --by, else the file name.
      expect(decisions).toEqual([
        {
          plan_key: '104-1#6',
          dataset_id: '5005',
          decision: 'reject',
          decided_by: format === 'ods' ? '資訊處' : 'review-all.xlsx',
        },
        { plan_key: '104-1#37', dataset_id: '28900', decision: 'confirm', decided_by: '李大華' },
      ]);
      const reviews = await h.db
        .selectFrom('plan_item_reviews')
        .select(['plan_key', 'reason', 'expected_date', 'remark', 'reviewed_by', 'source_file', 'source_row'])
        .where('plan_key', 'in', ['104-1#2', '104-1#3'])
        .orderBy('plan_key')
        .execute();
      expect(reviews).toMatchObject([
        { plan_key: '104-1#2', reason: `=${HOSTILE}`, expected_date: '2016-05-15', reviewed_by: '王小明' },
        { plan_key: '104-1#3', reason: '系統建置中', expected_date: '2016-12-31', remark: '=1+1' },
      ]);

      // The journal records each import: file name, sha256, rows applied.
      const journal = await h.db
        .selectFrom('runs')
        .select(['args', 'counters', 'status'])
        .where('job', '=', 'review-import')
        .orderBy('id')
        .execute();
      expect(journal).toHaveLength(2);
      const sha = (await import('node:crypto')).createHash('sha256').update(filled).digest('hex');
      expect(journal[0]).toMatchObject({
        status: 'succeeded',
        args: { files: [{ name: `review-all.${format}`, sha256: sha }] },
        counters: { rowsApplied: 4 },
      });
      expect(journal[1]!.counters).toMatchObject({ rowsApplied: 0 });

      // Reconcile: the confirmation is a manual match, the rejected pair is gone.
      await runReconcile(rt2);
      const list = (await matchList(h.db))!;
      const e37 = list.entries.find((e) => e.planKey === '104-1#37')!;
      expect(e37).toMatchObject({ method: 'manual', datasetId: '28900', status: 'published_on_time' });
      const e6 = list.entries.find((e) => e.planKey === '104-1#6')!;
      expect(e6.datasetId).not.toBe('5005');
      expect(e6.evidence.candidates.map((c) => c.datasetId)).not.toContain('5005');
      expect(e6.evidence.runnerUp?.datasetId ?? null).not.toBe('5005');
      expect(list.entries.find((e) => e.planKey === '104-1#2')).toMatchObject({
        delayReason: `=${HOSTILE}`,
        expectedDate: '2016-05-15',
      });

      // A new export no longer offers the rejected dataset.
      const second = await runReviewExport(rt2, { format, out: path.join(out, 'second') });
      const secondBytes = readFileSync(second.files.find((f) => f.unit === null)!.path);
      const rows2 = (format === 'xlsx' ? await readXlsxSheets(secondBytes) : readOdsSheets(secondBytes))[0]!
        .rows;
      expect(rows2.find((r) => r.cells[0]!.text === '104-1#6')!.cells[8]?.text ?? '').not.toContain('5005');
      expect(rows2.find((r) => r.cells[0]!.text === '104-1#3')!.cells[11]!.text).toBe('系統建置中');
      // The new export carries the recorded answers: sent back unchanged, it changes nothing.
      const returned = await runReviewImport(rt2, [{ name: 'review-all-2.' + format, bytes: secondBytes }]);
      expect(returned.rowsApplied).toBe(0);

      // Reports: reason and expected date beside the overdue items, the passed date flagged again.
      const report = await runReport(rt2, {
        formats: ['json', 'html', 'md', 'xlsx'],
        out: path.join(out, 'report'),
      });
      const dir = report.dir;
      const json = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as {
        items: { planKey: string; status: string; reason: string | null; expectedDate: string | null }[];
        discrepancies: { kind: string; planKey: string | null; detail: string }[];
      };
      expect(json.items.find((i) => i.planKey === '104-1#3')).toMatchObject({
        status: 'overdue',
        reason: '系統建置中',
        expectedDate: '2016-12-31',
      });
      expect(json.items.find((i) => i.planKey === '104-1#2')).toMatchObject({
        reason: `=${HOSTILE}`,
        expectedDate: '2016-05-15',
      });
      expect(json.items.find((i) => i.planKey === '104-1#4')).toMatchObject({
        reason: null,
        expectedDate: null,
      });
      const passed = json.discrepancies.filter((d) => d.kind === 'expected_date_passed');
      expect(passed.map((d) => d.planKey)).toEqual(['104-1#2']);
      expect(passed[0]!.detail).toContain('2016-05-15');

      const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
      expect(html).toContain('系統建置中');
      expect(html).toContain('2016-12-31');
      expect(html).toContain('=HYPERLINK(');
      expect(html).not.toContain('href="http://evil.example');
      expect(html).toContain('已過預計上架日期');
      const md = readFileSync(path.join(dir, 'report.md'), 'utf8');
      expect(md).toContain('延遲原因：系統建置中，預計上架日期 2016-12-31');

      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(path.join(dir, 'report.xlsx')) as unknown as ArrayBuffer);
      const overdue = wb.getWorksheet('逾期未上架')!;
      const headers = (overdue.getRow(1).values as unknown[]).slice(1);
      const reasonCol = headers.indexOf('延遲原因') + 1;
      expect(reasonCol).toBeGreaterThan(0);
      expect(headers[reasonCol]).toBe('預計上架日期');
      let hostileCell: ExcelJS.Cell | undefined;
      overdue.eachRow((r) => {
        if (r.getCell(1).value === '104-1#2') hostileCell = r.getCell(reasonCol);
      });
      expect(hostileCell!.type).toBe(ExcelJS.ValueType.String);
      expect(hostileCell!.value).toBe(`'=${HOSTILE}`);
    }, 120_000);
  }
});
