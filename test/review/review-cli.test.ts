/** `odsync review export|import` through the CLI: exit codes and the office's text. */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { ENGINES, engineAvailable } from '../helpers/engines.js';
import { runCli } from '../helpers/cli.js';
import { createCliDb, type CliDb } from '../schedule/cli-db.js';
import { importSeedPlan, insertDatasets } from '../reconcile-store/db-helpers.js';
import { fillXlsx } from './fill-workbook.js';

const NOW = fixedClock('2016-06-01T04:00:00Z');

for (const engine of ENGINES) {
  describe.skipIf(!engineAvailable(engine))(`odsync review CLI [${engine}]`, () => {
    let db: CliDb;
    beforeEach(async () => {
      db = await createCliDb(engine);
      await db.use(async (h) => {
        await importSeedPlan(h.db);
        await insertDatasets(h.db, [
          {
            id: '28900',
            title: '勞動基金國內投資股票',
            publisher: '勞動部勞動基金運用局',
            publishedDate: '2016-03-01',
          },
        ]);
      });
    }, 180_000);
    afterEach(async () => {
      await db.drop();
    });
    const cli = (args: string[]) => runCli(args, { env: db.env, clock: NOW });

    it('exports one unit, imports it (then 0 changed), and refuses a bad file with exit 2', async () => {
      expect((await cli(['reconcile'])).code).toBe(0);
      const dir = path.join(db.dataDir, 'review');
      const exported = await cli(['review', 'export', '--unit', '勞動基金運用局', '--out', dir]);
      expect(exported.stderr).toBe('');
      expect(exported.code).toBe(0);
      expect(exported.stdout).toContain('review-勞動基金運用局.xlsx：1 項');
      expect(readdirSync(dir)).toEqual(['review-勞動基金運用局.xlsx']);
      const unknownUnit = await cli(['review', 'export', '--unit', '不存在處']);
      expect(unknownUnit.code).toBe(2);
      expect(unknownUnit.stderr).toContain('計畫中沒有管理單位「不存在處」');

      const file = path.join(dir, 'review-勞動基金運用局.xlsx');
      writeFileSync(file, await fillXlsx(readFileSync(file), { '104-1#37': { 確認資料集識別碼: '28900' } }));
      const first = await cli(['review', 'import', file, '--by', '基金局承辦']);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('review-勞動基金運用局.xlsx：讀取 1 列，變更 1 列（確認 1、否決 0');
      expect(first.stdout).toContain('（1 changed）');
      const again = await cli(['review', 'import', file]);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('（0 changed）');

      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('計畫項目');
      ws.addRow(['計畫項目鍵', '預計上架日期']);
      ws.addRow(['104-1#37', '下個月']);
      const bad = path.join(dir, 'review-bad.xlsx');
      writeFileSync(bad, Buffer.from(await wb.xlsx.writeBuffer()));
      const refused = await cli(['review', 'import', bad]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('未寫入任何資料');
      expect(refused.stderr).toContain(
        'review-bad.xlsx 工作表「計畫項目」 第 2 列「B（預計上架日期）」欄：無法辨識的日期「下個月」',
      );
      const decisions = await db.use((h) =>
        h.db.selectFrom('match_decisions').select('decided_by').execute(),
      );
      expect(decisions).toEqual([{ decided_by: '基金局承辦' }]);
    }, 180_000);
  });
}
