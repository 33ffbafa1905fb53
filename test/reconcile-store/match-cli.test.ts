import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { ENGINES, engineAvailable } from '../helpers/engines.js';
import { runCli } from '../helpers/cli.js';
import { createCliDb, type CliDb } from '../schedule/cli-db.js';
import { importSeedPlan, insertDatasets } from './db-helpers.js';

const NOW = fixedClock('2016-06-01T04:00:00Z');

for (const engine of ENGINES) {
  describe.skipIf(!engineAvailable(engine))(`odsync reconcile / match CLI [${engine}]`, () => {
    let db: CliDb;
    beforeEach(async () => {
      db = await createCliDb(engine);
      await db.use(async (h) => {
        await importSeedPlan(h.db);
        await insertDatasets(h.db, [
          { id: '5005', title: '勞動部大量解僱通報', publishedDate: '2015-12-20' },
          // Only a look-alike of item 37's dataset: needs_review.
          {
            id: '28900',
            title: '勞動基金國內投資股票',
            publisher: '勞動部勞動基金運用局',
            publishedDate: '2016-03-01',
          },
        ]);
      });
    });
    afterEach(async () => {
      await db.drop();
    });
    const cli = (args: string[], clock = NOW) => runCli(args, { env: db.env, clock });

    it('reconciles, lists what needs review, and applies a confirmation on the next run', async () => {
      const r = await cli(['reconcile']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /比對完成（執行編號 \d+，基準日 2016-06-01）：計畫項目 48 項，平台資料集 2 筆/,
      );
      expect(r.stdout).toContain('待人工確認（needs_review）：1');

      const review = await cli(['match', 'list', '--needs-review']);
      expect(review.code).toBe(0);
      expect(review.stdout).toContain('104-1#37（序號 37）「國內投資股票類別統計資訊」→ 待人工確認');
      expect(review.stdout).toMatch(/28900「勞動基金國內投資股票」分數 0\.\d\d（標題 Dice/);
      expect(review.stdout).not.toContain('104-1#5（');

      const confirm = await cli([
        'match',
        'confirm',
        '37',
        '28900',
        '--note',
        '同一資料集',
        '--by',
        '資訊處',
      ]);
      expect(confirm.code).toBe(0);
      expect(confirm.stdout).toContain('已確認：104-1#37「國內投資股票類別統計資訊」↔ 資料集 28900');

      await cli(['reconcile'], fixedClock('2016-06-02T04:00:00Z'));
      const json = await cli(['match', 'list', '--json']);
      const list = JSON.parse(json.stdout) as {
        asOf: string;
        entries: { planKey: string; method: string; status: string }[];
      };
      expect(list.asOf).toBe('2016-06-02');
      expect(list.entries.find((e) => e.planKey === '104-1#37')).toMatchObject({
        method: 'manual',
        status: 'published_on_time',
      });
      expect(list.entries.find((e) => e.planKey === '104-1#5')).toMatchObject({
        method: 'auto',
        status: 'published_on_time',
      });
      const decisions = await db.use((h) => h.db.selectFrom('match_decisions').selectAll().execute());
      expect(decisions).toMatchObject([
        {
          plan_key: '104-1#37',
          dataset_id: '28900',
          decision: 'confirm',
          decided_by: '資訊處',
          note: '同一資料集',
        },
      ]);
    });

    it('a rejected pair stays rejected', async () => {
      expect((await cli(['match', 'reject', '104-1#5', '5005'])).code).toBe(0);
      await cli(['reconcile']);
      const list = JSON.parse((await cli(['match', 'list', '--json'])).stdout) as {
        entries: { planKey: string; datasetId: string | null; status: string }[];
      };
      expect(list.entries.find((e) => e.planKey === '104-1#5')).toMatchObject({
        datasetId: null,
        status: 'overdue',
      });
    });

    it('suggests the synonym a confirmation teaches (match suggest-synonyms)', async () => {
      // Without the default NTQP → NTDA entry, the renamed award's news is only a candidate.
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'odsync-synonyms-')), 'synonyms.json');
      writeFileSync(file, '{"NTQP":null}');
      const env = { ...db.env, ODSYNC_MATCH_SYNONYMS: file };
      await db.use((h) =>
        insertDatasets(h.db, [
          {
            id: '25200',
            title: 'NTDA最新消息',
            publisher: '勞動部勞動力發展署',
            publishedDate: '2016-01-10',
          },
        ]),
      );
      const none = await runCli(['match', 'suggest-synonyms'], { env, clock: NOW });
      expect([none.code, none.stderr]).toEqual([0, '']);
      expect(none.stdout).toContain('沒有可建議的同義詞');
      expect((await runCli(['match', 'confirm', '23', '25200'], { env, clock: NOW })).code).toBe(0);
      const r = await runCli(['match', 'suggest-synonyms'], { env, clock: NOW });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('"ntqp": "ntda"');
      expect(r.stdout).toContain('104-1#23「NTQP最新消息」↔ 25200「NTDA最新消息」');
      const json: unknown = JSON.parse(
        (await runCli(['match', 'suggest-synonyms', '--json'], { env, clock: NOW })).stdout,
      );
      expect(json).toMatchObject([{ from: 'ntqp', to: 'ntda' }]);
    });

    it('exits 2 on bad input', async () => {
      expect((await cli(['reconcile', '--as-of', '2016-02-30'])).code).toBe(2);
      const unknown = await cli(['match', 'confirm', '99', '5005']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('找不到序號 99 的計畫項目');
      expect((await cli(['match', 'confirm', '5', 'nope'])).code).toBe(2);
      expect((await cli(['match', 'list'])).stdout).toContain('尚未執行過比對');
    });
  });
}
