/**
 * `odsync quarterly` on the command line: Western and ROC quarter names, the default (the last
 * completed quarter in ODSYNC_TIMEZONE), the output names, and bad input (exit 2).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quarterlySchema } from '../../schemas/quarterly.js';
import { fixedClock } from '../../src/clock.js';
import { runCli } from '../helpers/cli.js';
import { ENGINES, engineAvailable } from '../helpers/engines.js';
import { importSeedPlan, insertDatasets } from '../reconcile-store/db-helpers.js';
import { createCliDb, type CliDb } from '../schedule/cli-db.js';

// 2026-10-01 00:30 in Taipei: still 2026-09-30 in UTC, so the default quarter must follow the zone.
const NOW = fixedClock('2026-09-30T16:30:00Z');

for (const engine of ENGINES) {
  describe.skipIf(!engineAvailable(engine))(`odsync quarterly CLI [${engine}]`, () => {
    let db: CliDb;
    let out: string;
    beforeEach(async () => {
      db = await createCliDb(engine);
      out = mkdtempSync(join(tmpdir(), 'odsync-quarterly-cli-'));
      await db.use(async (h) => {
        await importSeedPlan(h.db, '2015-07-01T00:00:00Z');
        await insertDatasets(h.db, [
          { id: '5005', title: '大量解僱通報資料集', publishedDate: '2015-12-20' },
          {
            id: '6001',
            title: '職訓課程',
            publisher: '勞動部勞動力發展署技能檢定中心',
            publishedDate: '2015-08-01',
          },
          {
            id: '6002',
            title: '勞保統計',
            publisher: '勞動部勞工保險局',
            publishedDate: '2015-09-15',
            delistedAt: '2026-08-01T00:00:00Z',
          },
        ]);
      });
    });
    afterEach(async () => {
      await db.drop();
      rmSync(out, { recursive: true, force: true });
    });
    const cli = (args: string[]) => runCli(['quarterly', '--out', out, ...args], { env: db.env, clock: NOW });

    it('writes every format of the last completed quarter by default, and of 104Q3 by its ROC name', async () => {
      const r = await cli([]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/quarterly run \d+ for 2026Q3: 2 datasets on the platform, 48 plan items/);
      expect(readdirSync(out).sort()).toEqual(
        ['docx', 'html', 'json', 'md', 'ods', 'xlsx'].map((f) => `quarterly-2026Q3.${f}`),
      );
      const j = quarterlySchema.parse(JSON.parse(readFileSync(join(out, 'quarterly-2026Q3.json'), 'utf8')));
      // 6002 was delisted in the quarter; the sub-unit's dataset rolls up into 勞動力發展署.
      expect(j.platform.byAgency).toEqual([
        { agency: '勞動部', datasets: 1, added: 0, delisted: 0, subUnits: [] },
        { agency: '勞動部勞工保險局', datasets: 0, added: 0, delisted: 1, subUnits: [] },
        {
          agency: '勞動部勞動力發展署',
          datasets: 1,
          added: 0,
          delisted: 0,
          subUnits: [{ name: '勞動部勞動力發展署技能檢定中心', datasets: 1 }],
        },
      ]);
      expect(j.platform.previousTotal).toBe(3);

      const roc = await cli(['--quarter', '104年第3季', '--format', 'json,md', '--lang', 'en']);
      expect(roc.code).toBe(0);
      const j104 = quarterlySchema.parse(
        JSON.parse(readFileSync(join(out, 'quarterly-2015Q3.json'), 'utf8')),
      );
      expect(j104).toMatchObject({ quarter: '2015Q3', rocQuarter: '104年第3季', periodEnd: '2015-09-30' });
      expect(j104.platform.total).toBe(2);
      expect(readFileSync(join(out, 'quarterly-2015Q3.md'), 'utf8')).toContain(
        '# Ministry of Labor open data progress, 2015Q3',
      );
      expect(existsSync(join(out, 'quarterly-2015Q3.html'))).toBe(false);
    });

    it('rejects a malformed quarter, one not begun, and an unknown format with exit 2', async () => {
      for (const args of [
        ['--quarter', '2026Q5'],
        ['--quarter', '2026Q4'],
        ['--format', 'pdf'],
      ]) {
        const r = await cli(args);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.stderr).toMatch(/--quarter|--format/);
      }
    });
  });
}
