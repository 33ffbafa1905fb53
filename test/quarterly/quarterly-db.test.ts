/**
 * The quarterly report on both engines against the fake platform and the seed plan: every format
 * for 2026Q3 and for the plan's own first quarter (104Q3); per-agency counts recomputed here from
 * the fake's published and delisting dates; the .docx, .xlsx and .ods read back.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { run as runQuarterly } from '../../jobs/quarterly.js';
import { run as runRequestsImport } from '../../jobs/requests-import.js';
import * as feedbackJob from '../../jobs/sync-feedback.js';
import { quarterlySchema, type QuarterlyJson } from '../../schemas/quarterly.js';
import { fixedClock } from '../../src/clock.js';
import { localDate } from '../../src/time/index.js';
import { loadConfig } from '../../src/config/index.js';
import type { DbHandle } from '../../src/db/index.js';
import { platformCommentsSource } from '../../src/feedback/index.js';
import { silentLogger } from '../../src/logger.js';
import { readOdsSheets } from '../../src/plan/index.js';
import { createPlatformClient } from '../../src/platform/index.js';
import { MOL_FAMILY, agencyOf } from '../../src/publishers/index.js';
import { createFakePlatform, type FakePlatform } from '../../tools/fake-platform/index.js';
import { TEST_CLIENT, runSync, tempDataDir } from '../catalog/sync-helpers.js';
import { AGENCIES_PATH, CRAWL_PATH } from '../feedback/fixtures.js';
import { describeEngines } from '../helpers/engines.js';
import { importSeedPlan, testRuntime } from '../reconcile-store/db-helpers.js';

vi.setConfig({ testTimeout: 600_000, hookTimeout: 180_000 });

const ENV = { ODSYNC_FULL_SYNC_WEEKDAY: '-1' };
const FORMATS = ['json', 'html', 'md', 'docx', 'xlsx', 'ods'] as const;

describeEngines('odsync quarterly against the fake platform and the seed plan', (ctx) => {
  let fake: FakePlatform;
  let data: ReturnType<typeof tempDataDir>;
  let out: string;
  beforeEach(async () => {
    fake = await createFakePlatform();
    data = tempDataDir();
    out = mkdtempSync(join(tmpdir(), 'odsync-quarterly-'));
  });
  afterEach(async () => {
    await fake.close();
    data.remove();
    rmSync(out, { recursive: true, force: true });
  });

  const syncFeedback = (handle: DbHandle, at: string) => {
    const config = loadConfig({ DATAGOVTW_BASE_URL: fake.url, ODSYNC_HTTP_RATE: '1000', ...ENV });
    const clock = fixedClock(at);
    const logger = silentLogger();
    const client = createPlatformClient(config, logger, TEST_CLIENT);
    return feedbackJob.run(
      {
        config,
        logger,
        clock,
        handle,
        runDeps: { handle, logger, clock, staleAfterMs: 600_000 },
        commentsSource: platformCommentsSource(client, config.feedback.optionsListPath),
      },
      { full: true },
    );
  };

  /** Delisted before odsync's first sync: known from the history list only, without a 上架日期. */
  let undated = new Set<string>();
  /** Datasets of the family on the platform at the end of `day`, per agency, from the fake's own dates. */
  const expectedPerAgency = (day: string) => {
    const out: Record<string, number> = {};
    for (const d of fake.state.datasets.values()) {
      const agency = agencyOf(d.publisher, MOL_FAMILY);
      if (agency === null || undated.has(d.id) || d.publishedAt.slice(0, 10) > day) continue;
      const listedThen = d.listed || (d.delistedOn !== undefined && d.delistedOn > day);
      if (listedThen) out[agency] = (out[agency] ?? 0) + 1;
    }
    return out;
  };

  it('writes every format for 2026Q3 and 104Q3 with figures the fixture confirms', async () => {
    const h = ctx.db.handle;
    fake.state.today = '2026-06-15';
    undated = new Set([...fake.state.datasets.values()].filter((d) => !d.listed).map((d) => d.id));
    expect(undated.size).toBeGreaterThan(0);
    await runSync({ handle: h, baseUrl: fake.url, dataDir: data.dir, env: ENV }, '2026-06-14T18:30:00Z', {
      full: true,
    });
    await syncFeedback(h, '2026-06-14T19:00:00Z');
    await importSeedPlan(h.db, '2026-06-14T19:30:00Z');
    // The 2019 crawl of citizen requests (with its agency file): requests with their own dates.
    await runRequestsImport(testRuntime(h, '2026-06-14T20:00:00Z', ENV), {
      file: CRAWL_PATH,
      skipBad: true,
      keepAll: false,
      agencies: AGENCIES_PATH,
    });
    const requestRows = await h.db
      .selectFrom('citizen_requests')
      .select(['request_id', 'posted_at', 'first_seen_at', 'replied_at', 'status'])
      .where('ours', '=', true)
      .execute();
    expect(requestRows.length).toBeGreaterThan(0);
    // Titles are stored as the platform gives them (HTML-ish): the report decodes them once.
    const entityTitled = requestRows[0]!.request_id;
    await h.db
      .updateTable('citizen_requests')
      .set({ title: '開放 &lt;團體協約&gt; &amp; 附件', dataset_name: null })
      .where('request_id', '=', entityTitled)
      .execute();
    /** Independent: requests submitted by the end of `day`, and how many had a reply by then. */
    const requestsBy = (day: string) => {
      const then = requestRows.filter((r) => localDate(r.posted_at ?? r.first_seen_at, 'Asia/Taipei') <= day);
      const replied = then.filter(
        (r) => r.replied_at !== null && localDate(r.replied_at, 'Asia/Taipei') <= day,
      );
      return { then, replied };
    };
    const initialComments = [...fake.state.datasets.values()]
      .filter((d) => agencyOf(d.publisher, MOL_FAMILY) !== null)
      .reduce((n, d) => n + d.comments.length, 0);
    // August: a new comment on one of ours (received in the quarter), no reply.
    const ours = [...fake.state.datasets.values()].find(
      (d) => d.listed && agencyOf(d.publisher, MOL_FAMILY) !== null,
    )!;
    fake.state.addComment(ours.id, { cid: '99001', title: '欄位說明', body: '=HYPERLINK("x")', reply: [] });
    fake.state.today = '2026-08-20';
    await runSync({ handle: h, baseUrl: fake.url, dataDir: data.dir, env: ENV }, '2026-08-19T18:30:00Z', {
      full: true,
    });
    await syncFeedback(h, '2026-08-19T19:00:00Z');

    const rt = testRuntime(h, '2026-10-02T01:00:00Z', ENV);
    const started = performance.now();
    const r = await runQuarterly(rt, { quarter: '2026Q3', formats: FORMATS, out });
    const ms = performance.now() - started;
    expect(r.status).toBe('succeeded');
    expect(r.files.map((f) => f.slice(out.length + 1)).sort()).toEqual(
      FORMATS.map((f) => `quarterly-2026Q3.${f}`).sort(),
    );
    const j: QuarterlyJson = quarterlySchema.parse(
      JSON.parse(readFileSync(join(out, 'quarterly-2026Q3.json'), 'utf8')),
    );
    expect(j).toMatchObject({ quarter: '2026Q3', rocQuarter: '115年第3季', periodEnd: '2026-09-30' });
    const want = expectedPerAgency('2026-09-30');
    expect(Object.fromEntries(j.platform.byAgency.map((a) => [a.agency, a.datasets]))).toEqual(want);
    expect(j.platform.total).toBe(Object.values(want).reduce((a, b) => a + b, 0));
    expect(j.platform.previousTotal).toBe(
      Object.values(expectedPerAgency('2026-06-30')).reduce((a, b) => a + b, 0),
    );
    // Comments: first synced on June 15th, so the quarter's new one is known; one new, no reply.
    expect(j.feedback).toMatchObject({
      observedSince: '2026-06-15',
      received: 1,
      cumulative: initialComments + 1,
    });
    expect(j.feedback.unanswered).toBe(j.feedback.cumulative - j.feedback.answered);
    const req = requestsBy('2026-09-30');
    expect(j.requests.cumulative).toBe(req.then.length);
    expect(j.requests.items).toHaveLength(req.then.length);
    expect(j.requests.items.find((i) => i.requestId === entityTitled)?.title).toBe('開放 <團體協約> & 附件');
    // The crawl has no submission dates: requests count from first sight (June), none new in the quarter.
    expect(j.requests.received).toBe(0);
    expect(j.plan.planItems).toBe(48);
    expect(Object.values(j.plan.byStatus).reduce((a, b) => a + b, 0)).toBe(48);
    // The trend runs from the plan's first due quarter (104年7月 → 2015Q3) to this one.
    expect(j.trend[0]!.quarter).toBe('2015Q3');
    expect(j.trend.at(-1)).toEqual({ quarter: '2026Q3', byStatus: j.plan.byStatus });
    expect(j.trend).toHaveLength(45);
    console.info(
      `quarterly 2026Q3 on ${ctx.db.engine}: ${Math.round(ms)} ms (${JSON.stringify(r.counters)})`,
    );

    // The .docx read back: section headings and figures as text.
    const docXml = strFromU8(
      unzipSync(readFileSync(join(out, 'quarterly-2026Q3.docx')))['word/document.xml']!,
    );
    const docText = docXml.replace(/<[^>]+>/g, '');
    for (const heading of [
      '一、開放平台資料集',
      '二、民眾對本部開放資料集之回饋意見',
      '四、資料開放計畫（附件二）執行情形',
    ])
      expect(docText).toContain(heading);
    expect(docText).toContain(`開放資料集共 ${j.platform.total} 項`);
    expect(docXml).toMatch(/w:pStyle w:val="Heading1"/);

    // The workbook opens in exceljs: one sheet per table, formulas neutralised.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(out, 'quarterly-2026Q3.xlsx')) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toContain('1 平台資料集');
    const total = wb.getWorksheet('1 平台資料集')!;
    const last = total.getRow(total.rowCount);
    expect([last.getCell(1).value, last.getCell(2).value]).toEqual(['合計', j.platform.total]);
    const waiting = wb.getWorksheet('2 待回覆意見')!;
    const bodies = waiting.getColumn(6).values;
    expect(bodies).toContain(`'=HYPERLINK("x")`);
    // The ODS opens in odsync's own ODS reader with the same sheets.
    const sheets = readOdsSheets(new Uint8Array(readFileSync(join(out, 'quarterly-2026Q3.ods'))));
    expect(sheets.map((s) => s.sheet)).toEqual(wb.worksheets.map((w) => w.name));

    const html = readFileSync(join(out, 'quarterly-2026Q3.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toMatch(/@page\s*\{\s*size:\s*A4/);
    expect(html).not.toContain('<script');

    // The plan's own first quarter, by its ROC name.
    const r104 = await runQuarterly(rt, { quarter: '104Q3', formats: FORMATS, out });
    expect(r104.quarter).toBe('2015Q3');
    const j104 = quarterlySchema.parse(JSON.parse(readFileSync(join(out, 'quarterly-2015Q3.json'), 'utf8')));
    expect(j104.rocQuarter).toBe('104年第3季');
    expect(Object.fromEntries(j104.platform.byAgency.map((a) => [a.agency, a.datasets]))).toEqual(
      Object.fromEntries(Object.entries(expectedPerAgency('2015-09-30'))),
    );
    expect(j104.requests.cumulative).toBe(requestsBy('2015-09-30').then.length);
    expect(j104.requests.cumulative).toBe(0);
    // Before odsync observed comments: received is unknown, not 0.
    expect(j104.feedback.received).toBeNull();
    expect(j104.trend.map((x) => x.quarter)).toEqual(['2015Q3']);
  });
});
