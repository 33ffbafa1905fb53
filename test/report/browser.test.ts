/**
 * report.html in a real browser (Debian's headless Chromium through playwright-core): the key
 * figures are there, hostile text stays text, and the page makes no request of its own.
 * `UPDATE_SCREENSHOT=1` also refreshes docs/report-screenshot.png.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.js';
import { PLAN_ITEM_STATUSES } from '../../schemas/report.js';
import { buildReportModel, renderHtml } from '../../src/report/index.js';
import { fixtureInput, hostileInput } from './fixtures.js';

const available = chromiumAvailable("the report's browser test");

const SCREENSHOT = new URL('../../docs/report-screenshot.png', import.meta.url);

describe.skipIf(!available)('report.html in headless Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(path.join(tmpdir(), 'odsync-html-'));

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Open a rendered page from a file, recording every request and dialog. */
  async function open(htmlText: string, name: string) {
    const file = path.join(dir, name);
    writeFileSync(file, htmlText);
    const url = pathToFileURL(file).href;
    const page: Page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const requests: string[] = [];
    const dialogs: string[] = [];
    const consoleErrors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(url, { waitUntil: 'load' });
    return { page, url, requests, dialogs, consoleErrors };
  }

  it('shows the key figures, the chart and the overdue list, and requests nothing', async () => {
    const model = buildReportModel(fixtureInput());
    const { page, url, requests, consoleErrors } = await open(renderHtml(model), 'report.html');
    for (const status of PLAN_ITEM_STATUSES) {
      const figure = await page.locator(`[data-figure="${status}"] .n`).textContent();
      expect(Number(figure), status).toBe(model.report.summary.byStatus[status]);
    }
    expect(await page.locator('[data-figure="planItems"] .n').textContent()).toBe('14');
    expect(await page.getByText('逾期未上架（依逾期天數排序）').isVisible()).toBe(true);

    // The overdue list starts with the item overdue the longest.
    const firstOverdue = page.locator('table[data-table="overdue"] tbody tr').first();
    expect(await firstOverdue.textContent()).toContain('國內投資股票類別統計資訊');
    expect(await firstOverdue.locator('td').nth(5).textContent()).toBe('456');
    expect(await page.locator('[data-bucket="d31_90"] strong').textContent()).toBe('2');

    // The chart's segments add up to the status counts and are actually drawn.
    const counts: { status: string | null; n: number; w: number }[] = [];
    for (const rect of await page.locator('svg rect[data-status]').all()) {
      counts.push({
        status: await rect.getAttribute('data-status'),
        n: Number(await rect.getAttribute('data-count')),
        w: (await rect.boundingBox())?.width ?? 0,
      });
    }
    for (const status of PLAN_ITEM_STATUSES) {
      const sum = counts.filter((c) => c.status === status).reduce((a, c) => a + c.n, 0);
      expect(sum, status).toBe(model.report.summary.byStatus[status]);
    }
    expect(counts.every((c) => c.w > 0)).toBe(true);
    expect(await page.locator('[data-scope="reportRun"] dd').textContent()).toBe('42');

    expect(requests).toEqual([url]);
    expect(consoleErrors).toEqual([]);
    if (process.env.UPDATE_SCREENSHOT === '1') {
      await page.screenshot({ path: fileURLToPath(SCREENSHOT), fullPage: true });
    }
    await page.close();
  });

  it('renders hostile titles and comment bodies as text: no script runs, no element is injected', async () => {
    const model = buildReportModel(hostileInput());
    const { page, url, requests, dialogs } = await open(renderHtml(model), 'hostile.html');
    expect(await page.locator('script, img, b, iframe').count()).toBe(0);
    expect(await page.locator('svg').count()).toBe(1);
    expect(await page.locator('[onerror], [onclick], [onmouseover]').count()).toBe(0);
    const overdueText = await page.locator('table[data-table="overdue"]').textContent();
    expect(overdueText).toContain('"><img src=x onerror=alert(1)>');
    expect(overdueText).toContain('</svg><script>alert(2)</script>');
    expect(await page.locator('section#comments').textContent()).toContain('<script>alert(4)</script>');
    // The chart still draws every unit, including the one named `</svg><script>…`.
    expect(model.unitSummary.map((u) => u.unit)).toContain('</svg><script>alert(2)</script>');
    expect(await page.locator('svg g.unit').count()).toBe(model.unitSummary.length);
    await page.locator('body').hover();
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });

  it('English version renders with the same figures', async () => {
    const model = buildReportModel(fixtureInput());
    const { page } = await open(renderHtml(model, { lang: 'en' }), 'report-en.html');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('[data-figure="overdue"] .l').textContent()).toBe('Overdue');
    expect(await page.locator('[data-figure="overdue"] .n').textContent()).toBe('5');
    await page.close();
  });
});
