import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import {
  agencyReplyFacts,
  datasetCommentFacts,
  requestFacts,
  statusGroup,
  storeDatasetComments,
} from '../../src/feedback/index.js';
import { run as runImport } from '../../jobs/requests-import.js';
import { describeEngines } from '../helpers/engines.js';
import { testRuntime } from './fixtures.js';

const CSV = [
  'ID,開放建議標題,發表日期,實際派發機關,回復狀態,回復時間',
  '1,a,2026-01-01 10:00,勞動部,已回復,2026-01-11 10:00',
  '2,b,2026-01-01 10:00,勞動部,已回復,2026-01-05 22:00',
  '3,c,2026-02-01 09:00,勞動部、勞動部勞動力發展署,未回復,',
  '4,d,2026-02-10 23:30,勞動部勞動力發展署,再回復,',
  '5,e,,勞動部,研議中,',
  '6,f,2026-01-01 10:00,內政部,已回復,2026-01-02 10:00',
].join('\n');

describe('statusGroup', () => {
  it('folds the legacy 研議中 into 未回復', () => {
    expect(['已回復', '未回復', '再回復', '研議中', null].map(statusGroup)).toEqual([
      '已回復',
      '未回復',
      '再回復',
      '未回復',
      null,
    ]);
  });
});

describeEngines('feedback facts', (ctx) => {
  async function seed(keepAll = false) {
    const dir = mkdtempSync(join(tmpdir(), 'odsync-facts-'));
    const file = join(dir, 'export.csv');
    writeFileSync(file, CSV);
    await runImport(testRuntime(ctx.db.handle, fixedClock('2026-03-01T00:00:00Z')), {
      file,
      skipBad: false,
      keepAll,
    });
  }

  it('per request: status group, days to reply where dates exist, waiting days as of a date', async () => {
    await seed();
    const facts = await requestFacts(ctx.db.handle.db, { asOf: '2026-03-01', timeZone: 'Asia/Taipei' });
    expect(facts.map((f) => [f.requestId, f.statusGroup, f.daysToReply, f.waitingDays])).toEqual([
      ['1', '已回復', 10, null],
      ['2', '已回復', 4.5, null],
      ['3', '未回復', null, 28],
      ['4', '再回復', null, 19], // posted 23:30 Taipei on 02-10: the local day counts
      ['5', '未回復', null, null], // no post date: waiting time unknown, not zero
    ]);
    expect(facts.find((f) => f.requestId === '3')!.agencies).toEqual(['勞動部', '勞動部勞動力發展署']);
    // a later as-of date moves the waiting days only
    const later = await requestFacts(ctx.db.handle.db, { asOf: '2026-03-11', timeZone: 'Asia/Taipei' });
    expect(later.find((f) => f.requestId === '3')!.waitingDays).toBe(38);
  });

  it('per agency: counts and the median days to reply over requests with both dates', async () => {
    await seed(true);
    const ours = await agencyReplyFacts(ctx.db.handle.db);
    expect(ours).toEqual([
      {
        agency: '勞動部',
        ours: true,
        requests: 4,
        answered: 2,
        waiting: 2,
        withDates: 2,
        medianDaysToReply: 7.3,
      },
      {
        agency: '勞動部勞動力發展署',
        ours: true,
        requests: 2,
        answered: 0,
        waiting: 2,
        withDates: 0,
        medianDaysToReply: null,
      },
    ]);
    const all = await agencyReplyFacts(ctx.db.handle.db, { oursOnly: false });
    expect(all.find((a) => a.agency === '內政部')).toMatchObject({ ours: false, medianDaysToReply: 1 });
  });

  it('per dataset: comments total and unanswered, removed comments excluded; the SQL views agree', async () => {
    const db = ctx.db.handle.db;
    const now = new Date('2026-09-15T18:30:00Z');
    const c = (cid: string, replies: number) => ({
      nid: '33357',
      cid,
      title: `t${cid}`,
      body: '<p>b</p>',
      reply: Array.from({ length: replies }, () => ({ title: '機關回復', body: '<p>r</p>' })),
    });
    await storeDatasetComments(db, '33357', [c('1', 1), c('2', 0), c('3', 0)], {
      now,
      runId: null,
      keepIds: new Set(),
    });
    await storeDatasetComments(db, '33357', [c('1', 1), c('2', 0)], { now, runId: null, keepIds: new Set() });
    expect(await datasetCommentFacts(db)).toEqual([
      { datasetId: '33357', agencyName: null, commentsTotal: 2, commentsUnanswered: 1 },
    ]);
    const view = await sql<{ dataset_id: string; comments_total: number; comments_unanswered: number }>`
      select dataset_id, comments_total, comments_unanswered from dataset_comment_facts`.execute(db);
    expect(view.rows).toEqual([{ dataset_id: '33357', comments_total: 2, comments_unanswered: 1 }]);
    await seed();
    const requests = await sql<{
      request_id: string;
      status_group: string | null;
      days_to_reply: number | null;
    }>`
      select request_id, status_group, days_to_reply from citizen_request_facts order by request_id`.execute(
      db,
    );
    expect(requests.rows.map((r) => [r.request_id, r.status_group, r.days_to_reply])).toEqual([
      ['1', '已回復', 10],
      ['2', '已回復', 4.5],
      ['3', '未回復', null],
      ['4', '再回復', null],
      ['5', '未回復', null],
    ]);
  });
});
