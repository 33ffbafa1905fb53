import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import type { DbHandle } from '../../src/db/index.js';
import { FileInputError } from '../../src/errors.js';
import { run as runImport } from '../../jobs/requests-import.js';
import { describeEngines } from '../helpers/engines.js';
import { runCli } from '../helpers/cli.js';
import { AGENCIES_PATH, CRAWL_PATH, MOL_ALIGNED_IDS, crawlBytes, testRuntime } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'odsync-requests-'));
function writeTemp(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const T1 = '2026-11-01T02:00:00.000Z';
const T2 = '2026-11-02T02:00:00.000Z';

async function dump(handle: DbHandle) {
  const db = handle.db;
  return {
    requests: await db.selectFrom('citizen_requests').selectAll().orderBy('request_id').execute(),
    agencies: await db
      .selectFrom('citizen_request_agencies')
      .selectAll()
      .orderBy('request_id')
      .orderBy('position')
      .execute(),
    history: await db.selectFrom('citizen_request_history').selectAll().orderBy('id').execute(),
  };
}

const EXPORT_HEADER = 'ID,開放建議標題,瀏覽次數,建議者,發表日期,實際派發機關,分派狀態,回復狀態';

describeEngines('requests import', (ctx) => {
  const importFile = (file: string, at: string, extra: Partial<Parameters<typeof runImport>[1]> = {}) =>
    runImport(testRuntime(ctx.db.handle, fixedClock(at)), { file, skipBad: false, keepAll: false, ...extra });

  it('imports the real crawl with --skip-bad: 27 MOL requests, 29 with the agency file; a second import changes nothing', async () => {
    const first = await importFile(CRAWL_PATH, T1, { skipBad: true, agencies: AGENCIES_PATH });
    expect(first).toMatchObject({
      format: 'crawl',
      recordsRead: 1229,
      readable: 1228,
      skippedBad: 1,
      ours: 29,
      notOurs: 1199,
      created: 29,
      updated: 0,
      unchanged: 0,
      oursByAgency: { 勞動部: 29 },
    });
    // 23 later requests plus 8488, whose crawl row is unreadable
    expect(first.assignments).toMatchObject({ recordsRead: 1252, withoutRequest: 24 });
    const stored = await dump(ctx.db.handle);
    expect(stored.requests.map((r) => r.request_id).sort()).toEqual(
      [...MOL_ALIGNED_IDS, '89997', '93230'].sort(),
    );
    // the multi-agency rows got their full lists from the Big5 file
    expect(stored.agencies.filter((a) => a.request_id === '93230')).toHaveLength(52);
    const r93230 = stored.requests.find((r) => r.request_id === '93230')!;
    expect(r93230.agencies_complete).toBe(true);
    expect(stored.history).toHaveLength(29);

    const second = await importFile(CRAWL_PATH, T2, { skipBad: true, agencies: AGENCIES_PATH });
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 29 });
    expect(await dump(ctx.db.handle)).toEqual(stored);
  });

  it('without --skip-bad the crawl is refused whole: exit 2 naming line 8881, nothing stored', async () => {
    const err = await importFile(CRAWL_PATH, T1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileInputError);
    expect((err as FileInputError).exitCode).toBe(2);
    expect((err as FileInputError).problems).toEqual([expect.objectContaining({ row: 8881 })]);
    const stored = await dump(ctx.db.handle);
    expect(stored.requests).toHaveLength(0);
    expect(stored.history).toHaveLength(0);
    const runs = await ctx.db.handle.db.selectFrom('runs').select(['job', 'status']).execute();
    expect(runs).toEqual([{ job: 'requests-import', status: 'failed' }]);
  });

  it('keeps every request with --keep-all and stores raw HTML with a plain-text rendering', async () => {
    const result = await importFile(CRAWL_PATH, T1, { skipBad: true, keepAll: true });
    expect(result).toMatchObject({ created: 1228, ours: 27, notOurs: 0 });
    const row = await ctx.db.handle.db
      .selectFrom('citizen_requests')
      .select(['replies', 'replies_text', 'ours', 'replied_at', 'replied_at_raw', 'answered_seen_at'])
      .where('request_id', '=', '97944')
      .executeTakeFirstOrThrow();
    expect(row.ours).toBe(false);
    expect(row.replies[0]!.html.startsWith('[<p>')).toBe(true);
    expect(row.replies_text).not.toMatch(/<p>/);
    expect(row.replied_at?.toISOString()).toBe('2019-01-24T09:29:00.000Z');
    expect(row.replied_at_raw).toBe('星期四, 一月 24, 2019 - 17:29');
    expect(row.answered_seen_at?.toISOString()).toBe(T1);
  });

  it('a later export updates a request once, keeps what the export lacks, and records the history', async () => {
    await importFile(CRAWL_PATH, T1, { skipBad: true });
    // 96404 is a MOL request; the crawl has it with replies. The list export has no replies column.
    const before = await ctx.db.handle.db
      .selectFrom('citizen_requests')
      .selectAll()
      .where('request_id', '=', '96404')
      .executeTakeFirstOrThrow();
    const csv = `${EXPORT_HEADER}\r\n96404,${before.title},57,K****e,2019-01-10 10:05,勞動部,已分派,再回復\r\n150123,請開放各縣市職業訓練結訓人數,3,A****b,2024-10-16 10:05,勞動部勞動力發展署,已分派,未回復\r\n150124,別人的,1,C****d,2024-10-16 11:00,內政部,已分派,未回復\r\n`;
    const file = writeTemp('suggests-export.csv', csv);
    const result = await importFile(file, T2);
    expect(result).toMatchObject({ format: 'suggests-csv', created: 1, updated: 1, notOurs: 1 });
    const after = await ctx.db.handle.db
      .selectFrom('citizen_requests')
      .selectAll()
      .where('request_id', '=', '96404')
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('再回復');
    expect(after.replies).toEqual(before.replies);
    expect(after.view_count).toBe(57);
    expect(after.posted_at?.toISOString()).toBe('2019-01-10T02:05:00.000Z');
    expect(after.first_seen_at.toISOString()).toBe(T1);
    expect(after.updated_at.toISOString()).toBe(T2);
    const history = await ctx.db.handle.db
      .selectFrom('citizen_request_history')
      .selectAll()
      .where('request_id', '=', '96404')
      .orderBy('id')
      .execute();
    expect(history.map((h) => h.kind)).toEqual(['created', 'updated']);
    expect(history[1]!.changed_fields).toEqual(expect.arrayContaining(['status', 'postedAt', 'requester']));
    expect(history[1]!.previous).toMatchObject({ status: before.status });
    // the same export again: nothing changes
    const again = await importFile(file, T2);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('records answered_seen_at once, when a request first shows 已回復', async () => {
    const file1 = writeTemp(
      'e1.csv',
      `${EXPORT_HEADER}\n1,標題,1,K****e,2026-10-01 10:00,勞動部,已分派,未回復\n`,
    );
    const file2 = writeTemp(
      'e2.csv',
      `${EXPORT_HEADER}\n1,標題,1,K****e,2026-10-01 10:00,勞動部,已分派,已回復\n`,
    );
    const file3 = writeTemp(
      'e3.csv',
      `${EXPORT_HEADER}\n1,標題改,1,K****e,2026-10-01 10:00,勞動部,已分派,已回復\n`,
    );
    await importFile(file1, T1);
    const r2 = await importFile(file2, T2);
    expect(r2.newlyAnswered).toBe(1);
    await importFile(file3, '2026-11-03T02:00:00.000Z');
    const row = await ctx.db.handle.db.selectFrom('citizen_requests').selectAll().executeTakeFirstOrThrow();
    expect(row.answered_seen_at?.toISOString()).toBe(T2);
    expect(row.title).toBe('標題改');
  });

  it('a reply floor appearing on re-import is one history row with the previous replies', async () => {
    const record = (replies: string[], status: string) =>
      JSON.stringify([
        { ID: 160001, 開放建議標題: '請開放', 實際派發機關: '勞動部', 回復狀態: status, 回應: replies },
      ]);
    const ack = '<p>關於您建議—【 請開放 】的建議開放資料集，已請主管機關【 勞動部 】研議辦理</p>';
    await importFile(writeTemp('r1.json', record([ack], '未回復')), T1);
    await importFile(writeTemp('r2.json', record([ack, '<p>您好，已開放。<br/>勞動部</p>'], '已回復')), T2);
    const row = await ctx.db.handle.db.selectFrom('citizen_requests').selectAll().executeTakeFirstOrThrow();
    expect(row.replies.map((f) => f.kind)).toEqual(['platform-ack', 'reply']);
    expect(row.replies_text).toContain('您好，已開放。\n勞動部');
    expect(row.answered_seen_at?.toISOString()).toBe(T2);
    const history = await ctx.db.handle.db
      .selectFrom('citizen_request_history')
      .selectAll()
      .orderBy('id')
      .execute();
    expect(history.map((h) => h.kind)).toEqual(['created', 'updated']);
    expect(history[1]!.changed_fields).toEqual(['status', 'replies']);
    expect((history[1]!.previous as { replies: unknown[] }).replies).toHaveLength(1);
  });

  it('rejects malformed files with exit 2 and the line, importing nothing', async () => {
    const cases: { name: string; content: string | Uint8Array; row: number; message: RegExp }[] = [
      {
        name: 'wrong-columns.csv',
        content: '編號X,名稱,狀態\n1,a,已回復\n',
        row: 1,
        message: /wrong columns: missing ID and 開放建議標題/,
      },
      {
        name: 'big5-as-utf8.csv',
        content: iconv.encode(`ID,title,status\n1,ok,已回復\n2,勞動部資料,未回復\n`, 'big5'),
        row: 2,
        message: /not valid UTF-8/,
      },
      {
        name: 'truncated.csv',
        content: crawlBytes().subarray(0, crawlBytes().indexOf(Buffer.from('2. 排行'))),
        row: 2,
        message: /truncated/,
      },
      {
        name: 'bad-status.csv',
        content: `${EXPORT_HEADER}\n1,ok,1,K****e,2026-10-01 10:00,勞動部,已分派,已回復\n2,ok,1,K****e,2026-10-01 10:00,勞動部,已分派,不知道\n`,
        row: 3,
        message: /unknown 回復狀態/,
      },
      {
        name: 'truncated.json',
        content:
          '[{"ID": 1, "開放建議標題": "a", "實際派發機關": "勞動部"},\n {"ID": 2, "開放建議標題": "b",\n',
        row: 3,
        message: /not valid JSON/,
      },
    ];
    for (const c of cases) {
      const err = await importFile(writeTemp(c.name, c.content), T1).catch((e: unknown) => e);
      expect(err, c.name).toBeInstanceOf(FileInputError);
      const problem = (err as FileInputError).problems[0]!;
      expect(problem.row, c.name).toBe(c.row);
      expect(problem.message, c.name).toMatch(c.message);
    }
    expect((await dump(ctx.db.handle)).requests).toHaveLength(0);
  });

  it('reads the JSON export through the same alias table', async () => {
    const file = writeTemp(
      'export.json',
      JSON.stringify({
        success: true,
        result: [
          {
            ID: 150200,
            開放建議標題: '<b>職訓</b>',
            實際派發機關: ['勞動部勞動力發展署'],
            回復狀態: '未回復',
            發表日期: '2024-10-16 10:05',
          },
        ],
      }),
    );
    const result = await importFile(file, T1);
    expect(result).toMatchObject({
      format: 'suggests-json',
      created: 1,
      oursByAgency: { 勞動部勞動力發展署: 1 },
    });
    const row = await ctx.db.handle.db.selectFrom('citizen_requests').selectAll().executeTakeFirstOrThrow();
    expect(row.title).toBe('<b>職訓</b>'); // stored as-is; escaped by whoever renders it
  });
});

describe('odsync requests import (CLI)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'odsync-requests-cli-'));
  const env = { ODSYNC_DATA_DIR: dataDir };

  it('exits 2 listing every bad line without --skip-bad, 3 (partial) with it, 2 for a wrong encoding', async () => {
    const refused = await runCli(['requests', 'import', CRAWL_PATH], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/row 8881: request 8488/);
    expect(refused.stderr).toMatch(/nothing imported/);

    const skipped = await runCli(
      ['requests', 'import', CRAWL_PATH, '--skip-bad', '--agencies', AGENCIES_PATH],
      { env },
    );
    expect(skipped.code).toBe(3);
    expect(skipped.stdout).toMatch(/1229 records read, 1228 readable, 1 unreadable skipped/);
    expect(skipped.stdout).toMatch(/routed to our publishers: 29 \(勞動部 29\)/);
    expect(skipped.stdout).toMatch(/29 new, 0 updated, 0 unchanged/);

    const wrongEncoding = await runCli(['requests', 'import', AGENCIES_PATH], { env });
    expect(wrongEncoding.code).toBe(2);
    expect(wrongEncoding.stderr).toMatch(/row 1: bytes that are not valid UTF-8/);
  });
});
