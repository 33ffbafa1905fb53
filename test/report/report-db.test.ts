/**
 * The report from the database on both engines: loader (plan, catalogue history, comments,
 * requests → statuses as of a date), the `report` job in the run journal, `--as-of` in the past,
 * "since the previous report", and the reporting.* views.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { runReconcile } from '../../jobs/reconcile.js';
import { run as runReport } from '../../jobs/report.js';
import type { Runtime } from '../../jobs/runtime.js';
import { reportSchema, type Report } from '../../schemas/report.js';
import { fixedClock, type Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/index.js';
import type { Database, DbHandle } from '../../src/db/index.js';
import { silentLogger } from '../../src/logger.js';
import {
  loadReconcileInput,
  reconcileOptions,
  reconcileReportStore,
} from '../../src/reconcile-store/index.js';
import { buildReportModel, loadReportInput } from '../../src/report/index.js';
import { htmlToText } from '../../src/text/index.js';
import { endOfLocalDay } from '../../src/time/index.js';
import { describeEngines } from '../helpers/engines.js';
import { runCli } from '../helpers/cli.js';

export function testRuntime(handle: DbHandle, clock: Clock): Runtime {
  const config = loadConfig({});
  return {
    config,
    logger: silentLogger(),
    clock,
    handle,
    migrations: { applied: [], alreadyApplied: 0 },
    runDeps: { handle, logger: silentLogger(), clock, staleAfterMs: 600_000 },
    close: () => Promise.resolve(),
  };
}

const TPE = (local: string) => new Date(`${local}+08:00`);

/** Three plan items, three datasets with history, comments and a request. */
export async function seed(db: Kysely<Database>): Promise<void> {
  const v = await db
    .insertInto('plan_versions')
    .values({
      label: '104-1',
      file_name: 'plan.tsv',
      checksum: 'a'.repeat(64),
      format: 'tsv',
      encoding: 'utf8',
      imported_at: TPE('2015-07-02T10:00:00'),
      item_count: 3,
      warnings: '[]',
      run_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const item = (seq: number, title: string, unit: string, agency: string, planned: string, due: string) => ({
    plan_key: `104-1#${seq}`,
    label: '104-1',
    seq,
    title,
    description: '',
    unit,
    agency,
    planned_raw: planned,
    due_date: due,
    due_precision: 'month' as const,
    formula_fields: '[]',
    source_row: seq + 1,
    version_id: v.id,
    first_version_id: v.id,
    removed_at: null,
    updated_at: TPE('2015-07-02T10:00:00'),
  });
  await db
    .insertInto('plan_items')
    .values([
      item(1, '裁決決定', '勞動關係司', '勞動部', '104年8月', '2015-08-31'),
      item(4, '團體協約資料集', '勞動關係司', '勞動部', '105年1月', '2016-01-31'),
      item(38, '職業災害地點等統計數據', '職業安全衛生署', '勞動部職業安全衛生署', '104年8月', '2015-08-31'),
    ])
    .execute();
  const dataset = async (
    id: string,
    title: string,
    publisher: string,
    published: string,
    opts: { delisted?: string } = {},
  ) => {
    const data = {
      title,
      publisherName: publisher,
      publishedDate: published,
      description: '',
      updateFrequency: '不定期更新',
      modifiedAt: null,
    };
    await db
      .insertInto('datasets')
      .values({
        dataset_id: id,
        title,
        title_key: title,
        publisher_name: publisher,
        update_frequency: '不定期更新',
        published_date: published,
        content_hash: `h${id}`,
        current_version: 1,
        first_seen_at: TPE(`${published}T09:00:00`),
        last_seen_at: TPE('2016-03-31T09:00:00'),
        delisted_at: opts.delisted ? TPE(`${opts.delisted}T09:00:00`) : null,
      })
      .execute();
    await db
      .insertInto('dataset_versions')
      .values({
        dataset_id: id,
        version_no: 1,
        content_hash: `h${id}`,
        data: JSON.stringify(data),
        observed_at: TPE(`${published}T09:00:00`),
        run_id: null,
      })
      .execute();
    await db
      .insertInto('dataset_events')
      .values({
        dataset_id: id,
        event: 'listed',
        at: TPE(`${published}T09:00:00`),
        source: 'full_pass',
        run_id: null,
      })
      .execute();
    if (opts.delisted)
      await db
        .insertInto('dataset_events')
        .values({
          dataset_id: id,
          event: 'delisted',
          at: TPE(`${opts.delisted}T09:00:00`),
          source: 'full_pass',
          run_id: null,
        })
        .execute();
  };
  await dataset('6001', '裁決決定', '勞動部', '2015-08-20');
  await dataset('6038', '職業災害地點等統計數據', '勞動部職業安全衛生署', '2015-12-01');
  await dataset('9332', '人力仲介評鑑', '勞動部勞動力發展署', '2015-06-01', { delisted: '2016-03-15' });
  const comment = (id: string, answeredOn: string | null, firstSeen: string, body: string) => ({
    comment_id: id,
    dataset_id: '6001',
    title: null,
    body_html: body,
    body_text: htmlToText(body),
    reply_count: answeredOn ? 1 : 0,
    answered: answeredOn !== null,
    answered_seen_at: answeredOn ? TPE(`${answeredOn}T09:00:00`) : null,
    posted_at: null,
    first_seen_at: TPE(`${firstSeen}T09:00:00`),
    last_seen_at: TPE('2016-03-31T09:00:00'),
    removed_seen_at: null,
    content_hash: id,
    raw: '{}',
  });
  await db
    .insertInto('dataset_comments')
    .values([
      comment('c1', null, '2016-03-01', '=HYPERLINK("x")<p>請更新</p>'),
      comment('c2', '2016-02-10', '2016-02-01', '謝謝'),
    ])
    .execute();
  await db
    .insertInto('citizen_requests')
    .values({
      request_id: '80423',
      title: '請開放團體協約資料',
      status: '未回復',
      posted_at: TPE('2016-02-15T10:00:00'),
      ours: true,
      source: 'test',
      content_hash: 'r',
      first_seen_at: TPE('2016-02-16T10:00:00'),
      updated_at: TPE('2016-02-16T10:00:00'),
      replies: '[]',
      replies_text: '',
      raw: '{}',
    })
    .execute();
  await db
    .insertInto('citizen_request_agencies')
    .values({ request_id: '80423', position: 1, agency: '勞動部', ours: true })
    .execute();
}

const readJson = (dir: string): Report =>
  reportSchema.parse(JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')));
const bySeq = (r: Report, seq: number) => r.items.find((i) => i.seq === seq)!;

describe('endOfLocalDay', () => {
  it('is midnight after the as-of day in the time zone', () => {
    expect(endOfLocalDay('2016-03-31', 'Asia/Taipei').toISOString()).toBe('2016-03-31T16:00:00.000Z');
    expect(endOfLocalDay('2016-03-31', 'UTC').toISOString()).toBe('2016-04-01T00:00:00.000Z');
  });
});

describeEngines('report from the database', (ctx) => {
  const clock = fixedClock('2016-04-01T01:00:00Z');

  it('writes every format, records the run and puts its id in report.json', async () => {
    await seed(ctx.db.handle.db);
    const rt = testRuntime(ctx.db.handle, clock);
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'odsync-rep-')), 'r');
    const result = await runReport(rt, { asOf: '2016-03-31', out });
    expect(readdirSync(out).sort()).toEqual([
      'report.csv',
      'report.html',
      'report.json',
      'report.md',
      'report.ods',
      'report.xlsx',
    ]);
    const r = readJson(out);
    expect(r.runId).toBe(String(result.runId));
    const run = await ctx.db.handle.db
      .selectFrom('runs')
      .selectAll()
      .where('id', '=', result.runId)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ job: 'report', status: 'succeeded' });
    expect(run.args).toMatchObject({ asOf: '2016-03-31', lang: 'zh-TW' });
    expect(run.counters).toMatchObject({ planItems: 3, overdue: 1, published_late: 1, published_on_time: 1 });

    expect(r.summary.byStatus).toEqual({
      published_on_time: 1,
      published_late: 1,
      overdue: 1,
      pending: 0,
      missing: 0,
      needs_review: 0,
    });
    expect(bySeq(r, 1)).toMatchObject({
      status: 'published_on_time',
      datasetId: '6001',
      lagDays: -11,
      publishedDate: '2015-08-20',
      feedback: { comments: 2, unanswered: 1 },
      match: { method: 'auto' },
    });
    expect(bySeq(r, 38)).toMatchObject({ status: 'published_late', datasetId: '6038', lagDays: 92 });
    expect(bySeq(r, 4)).toMatchObject({ status: 'overdue', overdueDays: 60, datasetId: null });
    expect(r.scope).toMatchObject({
      plans: [{ label: '104-1', items: 3, fileName: 'plan.tsv' }],
      platformDatasets: 2,
    });
    // 9332 is delisted on 2016-03-15: not counted; and it is in no plan.
    const kinds = r.discrepancies.map((d) => d.kind).sort();
    expect(kinds).toContain('overdue');
    expect(kinds).toContain('published_late');
    // The unanswered comment (30 days, > 14) is a discrepancy; the citizen text stays inert in the CSV.
    expect(kinds).toContain('unanswered_feedback');
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('團體協約資料集');
    expect(html).toContain('=HYPERLINK(&quot;x&quot;)');
  });

  it('--as-of in the past recomputes from history', async () => {
    await seed(ctx.db.handle.db);
    const rt = testRuntime(ctx.db.handle, clock);
    const base = mkdtempSync(path.join(tmpdir(), 'odsync-rep-'));
    await runReport(rt, { asOf: '2015-10-01', out: path.join(base, 'past'), formats: ['json'] });
    const past = readJson(path.join(base, 'past'));
    // Dataset 6038 was first seen on 2015-12-01: on 2015-10-01 item 38 was overdue by 31 days.
    expect(bySeq(past, 38)).toMatchObject({ status: 'overdue', overdueDays: 31, datasetId: null });
    expect(bySeq(past, 4)).toMatchObject({ status: 'pending' });
    expect(bySeq(past, 1)).toMatchObject({
      status: 'published_on_time',
      feedback: { comments: 0, unanswered: 0 },
    });
    // 9332 was still listed then.
    expect(past.scope.platformDatasets).toBe(2);

    // The next report sees the first as its previous one.
    await runReport(rt, { asOf: '2016-03-31', out: path.join(base, 'now'), formats: ['json', 'html'] });
    const html = readFileSync(path.join(base, 'now', 'report.html'), 'utf8');
    expect(html).toMatch(/data-scope="previous">\s*<dt>[^<]+<\/dt>\s*<dd>2015-10-01 \(#\d+\)/);
  });

  it('takes first-seen dates and resolutions from the reconciliation and compares with the previous report', async () => {
    await seed(ctx.db.handle.db);
    const db = ctx.db.handle.db;
    // 團體協約資料集 (item 4, due 2016-01-31) is published on 2016-03-20: late, no longer overdue.
    await db
      .insertInto('datasets')
      .values({
        dataset_id: '6004',
        title: '團體協約資料集',
        title_key: '團體協約資料集',
        publisher_name: '勞動部',
        update_frequency: '不定期更新',
        published_date: '2016-03-20',
        content_hash: 'h',
        current_version: 1,
        first_seen_at: TPE('2016-03-20T09:00:00'),
        last_seen_at: TPE('2016-03-31T09:00:00'),
      })
      .execute();
    await db
      .insertInto('dataset_versions')
      .values({
        dataset_id: '6004',
        version_no: 1,
        content_hash: 'h',
        data: JSON.stringify({
          title: '團體協約資料集',
          publisherName: '勞動部',
          publishedDate: '2016-03-20',
        }),
        observed_at: TPE('2016-03-20T09:00:00'),
        run_id: null,
      })
      .execute();
    const base = mkdtempSync(path.join(tmpdir(), 'odsync-rep-'));
    const rt1 = testRuntime(ctx.db.handle, fixedClock('2016-03-02T01:00:00Z'));
    await runReconcile(rt1, { asOf: '2016-03-01' });
    const first = await runReport(rt1, { asOf: '2016-03-01', out: path.join(base, 'a'), formats: ['json'] });
    const rt2 = testRuntime(ctx.db.handle, clock);
    const rec = await runReconcile(rt2, { asOf: '2016-03-31' });
    await runReport(rt2, { asOf: '2016-03-31', out: path.join(base, 'b'), formats: ['json'] });
    const r = readJson(path.join(base, 'b'));
    expect(bySeq(r, 4)).toMatchObject({ status: 'published_late', datasetId: '6004', lagDays: 49 });
    // The citizen request 請開放團體協約資料 is linked to the item by the reconciliation's matcher.
    expect(bySeq(r, 4).requests).toEqual(['80423']);
    const late38 = r.discrepancies.find((d) => d.kind === 'published_late' && d.planKey === '104-1#38');
    expect(late38?.firstSeen).toBe('2016-03-01');
    const late4 = r.discrepancies.find((d) => d.kind === 'published_late' && d.planKey === '104-1#4');
    expect(late4?.firstSeen).toBe('2016-03-31');
    expect(late4?.detail).toContain('團體協約資料集');

    const model = buildReportModel(
      await loadReportInput(db, {
        asOf: '2016-03-31',
        timeZone: 'Asia/Taipei',
        publishers: null,
        runId: 'x',
        generatedAt: new Date(),
        reconcile: reconcileOptions(rt2.config),
        reconcileStore: { ...reconcileReportStore, input: loadReconcileInput },
      }),
    );
    expect(model.reconcileRunId).toBe(String(rec.runId));
    expect(model.previous).toEqual({ runId: String(first.runId), asOf: '2016-03-01' });
    expect(model.newSincePrevious.map((d) => [d.kind, d.planKey])).toContainEqual([
      'published_late',
      '104-1#4',
    ]);
    expect(model.newSincePrevious.map((d) => d.planKey)).not.toContain('104-1#38');
    expect(model.resolvedSincePrevious.map((d) => [d.kind, d.planKey, d.resolvedAt])).toContainEqual([
      'overdue',
      '104-1#4',
      '2016-03-31',
    ]);

    // The recomputed statuses agree with the stored run: no note.
    expect(model.notes).toEqual([]);

    // The dashboard views over the reconciliation's tables.
    const q = async (text: string) => (await sql.raw<Record<string, unknown>>(text).execute(db)).rows;
    const status = await q(
      'select plan_key, status, dataset_id, dataset_title, lag_days, overdue_days, match_method, comments, unanswered_comments, as_of, reconcile_run_id from reporting.plan_item_status_v1 order by seq',
    );
    expect(status).toEqual([
      {
        plan_key: '104-1#1',
        status: 'published_on_time',
        dataset_id: '6001',
        dataset_title: '裁決決定',
        lag_days: -11,
        overdue_days: null,
        match_method: 'auto',
        comments: 2,
        unanswered_comments: 1,
        as_of: '2016-03-31',
        reconcile_run_id: rec.runId,
      },
      {
        plan_key: '104-1#4',
        status: 'published_late',
        dataset_id: '6004',
        dataset_title: '團體協約資料集',
        lag_days: 49,
        overdue_days: null,
        match_method: 'auto',
        comments: 0,
        unanswered_comments: 0,
        as_of: '2016-03-31',
        reconcile_run_id: rec.runId,
      },
      {
        plan_key: '104-1#38',
        status: 'published_late',
        dataset_id: '6038',
        dataset_title: '職業災害地點等統計數據',
        lag_days: 92,
        overdue_days: null,
        match_method: 'auto',
        comments: 0,
        unanswered_comments: 0,
        as_of: '2016-03-31',
        reconcile_run_id: rec.runId,
      },
    ]);
    const units = await q(
      'select unit, plan_items, published_on_time, published_late, overdue, published_share from reporting.unit_summary_v1 order by unit',
    );
    expect(units).toEqual([
      {
        unit: '勞動關係司',
        plan_items: 2,
        published_on_time: 1,
        published_late: 1,
        overdue: 0,
        published_share: 1,
      },
      {
        unit: '職業安全衛生署',
        plan_items: 1,
        published_on_time: 0,
        published_late: 1,
        overdue: 0,
        published_share: 1,
      },
    ]);
    const disc = await q(
      `select kind, plan_key, state, first_seen, resolved_at, days_open from reporting.discrepancies_v1 where plan_key = '104-1#4' and kind <> 'open_request' order by first_seen`,
    );
    expect(disc).toEqual([
      {
        kind: 'overdue',
        plan_key: '104-1#4',
        state: 'resolved',
        first_seen: '2016-03-01',
        resolved_at: '2016-03-31',
        days_open: 30,
      },
      {
        kind: 'published_late',
        plan_key: '104-1#4',
        state: 'open',
        first_seen: '2016-03-31',
        resolved_at: null,
        days_open: expect.any(Number) as unknown,
      },
    ]);

    // A delisting recorded after the reconciliation ran (same day): the report says so.
    await db
      .insertInto('dataset_events')
      .values({
        dataset_id: '6038',
        event: 'delisted',
        at: TPE('2016-03-31T20:00:00'),
        source: 'full_pass',
        run_id: null,
      })
      .execute();
    const again = await runReport(rt2, {
      asOf: '2016-03-31',
      out: path.join(base, 'c'),
      formats: ['json', 'html', 'md'],
    });
    expect(again.counters.notes).toBe(1);
    expect(bySeq(readJson(path.join(base, 'c')), 38)).toMatchObject({ status: 'missing', datasetId: '6038' });
    const html = readFileSync(path.join(base, 'c', 'report.html'), 'utf8');
    expect(html).toContain(`與比對執行 ${rec.runId} 記錄的不同（104-1#38）`);
    expect(readFileSync(path.join(base, 'c', 'report.md'), 'utf8')).toContain(
      '> 本報告依基準日重新計算的狀態有 1 項',
    );
  });

  it('the reporting views answer on this engine', async () => {
    await seed(ctx.db.handle.db);
    const rt = testRuntime(ctx.db.handle, clock);
    await runReport(rt, {
      asOf: '2016-03-31',
      out: mkdtempSync(path.join(tmpdir(), 'odsync-rep-')),
      formats: ['json'],
    });
    const db = ctx.db.handle.db;
    const q = async (text: string) =>
      (await import('kysely')).sql.raw<Record<string, unknown>>(text).execute(db);
    const items = await q('select * from reporting.plan_items_v1 order by seq');
    expect(items.rows.map((r) => [r.plan_key, r.due_date, r.removed])).toEqual([
      ['104-1#1', '2015-08-31', false],
      ['104-1#4', '2016-01-31', false],
      ['104-1#38', '2015-08-31', false],
    ]);
    const ds = await q('select * from reporting.datasets_v1 order by dataset_id');
    expect(
      ds.rows.map((r) => [r.dataset_id, r.listed, r.comments, r.unanswered_comments, r.delisted_on]),
    ).toEqual([
      ['6001', true, 2, 1, null],
      ['6038', true, 0, 0, null],
      ['9332', false, 0, 0, '2016-03-15'],
    ]);
    const backlog = await q(
      'select kind, id, dataset_id, agency, first_seen, posted_on from reporting.feedback_backlog_v1 order by kind, id',
    );
    expect(backlog.rows).toEqual([
      {
        kind: 'comment',
        id: 'c1',
        dataset_id: '6001',
        agency: '勞動部',
        first_seen: '2016-03-01',
        posted_on: null,
      },
      {
        kind: 'request',
        id: '80423',
        dataset_id: null,
        agency: '勞動部',
        first_seen: '2016-02-16',
        posted_on: '2016-02-15',
      },
    ]);
    const health = await q(`select * from reporting.run_health_v1 where job = 'report'`);
    expect(health.rows[0]).toMatchObject({
      job: 'report',
      last_status: 'succeeded',
      runs_7d: expect.any(Number) as unknown,
    });
    expect(typeof health.rows[0]?.last_success_run_id).toBe('number');
  });
});

describe('odsync report (CLI)', () => {
  const env = () => ({
    ODSYNC_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'odsync-cli-')),
    LOG_LEVEL: 'silent',
  });

  it('rejects a bad format, language or date with exit 2', async () => {
    const e = env();
    expect((await runCli(['report', '--format', 'json,pdf'], { env: e })).stderr).toContain(
      'unknown format pdf',
    );
    expect((await runCli(['report', '--lang', 'fr'], { env: e })).code).toBe(2);
    const future = await runCli(['report', '--as-of', '2999-01-01'], { env: e });
    expect(future.code).toBe(2);
    expect(future.stderr).toContain('is in the future');
    const bad = await runCli(['report', '--as-of', '2016-02-30'], { env: e });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--as-of');
  });

  it('an unwritable output directory fails with exit 1 naming the path', async () => {
    const e = env();
    const blocker = path.join(e.ODSYNC_DATA_DIR, 'not-a-dir');
    (await import('node:fs')).writeFileSync(blocker, 'x');
    const r = await runCli(
      ['report', '--as-of', '2016-03-31', '--out', path.join(blocker, 'out'), '--format', 'json'],
      { env: e },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot write the report to ${blocker}`);
  });
});
