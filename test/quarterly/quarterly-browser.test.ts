/**
 * quarterly-<Q>.html in a real browser (Debian's headless Chromium through playwright-core): the
 * sections and their figures, the trend charts drawn, A4 print layout with a page per section,
 * hostile text kept as text, no request of its own. `UPDATE_SCREENSHOT=1` also refreshes
 * docs/quarterly-screenshot.png.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.js';
import { quarterlyDocument, quarterlyFigures, renderQuarterlyHtml } from '../../src/quarterly/index.js';
import { demoQuarterlyInput } from './fixtures.js';

const available = chromiumAvailable('the quarterly browser test');

const SCREENSHOT = new URL('../../docs/quarterly-screenshot.png', import.meta.url);

describe.skipIf(!available)('quarterly html in headless Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(path.join(tmpdir(), 'odsync-quarterly-html-'));
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows every section with its figures and charts, prints on A4 a section per page, requests nothing', async () => {
    const figures = quarterlyFigures(demoQuarterlyInput());
    const file = path.join(dir, 'quarterly-2026Q3.html');
    writeFileSync(file, renderQuarterlyHtml(quarterlyDocument(figures)));
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    const headings = await page.locator('section h2').allTextContents();
    expect(headings).toHaveLength(5);
    expect(headings[0]).toBe('一、開放平台資料集');
    expect(await page.locator('section#platform p').first().textContent()).toContain(
      `開放資料集共 ${figures.json.platform.total} 項`,
    );
    const totalRow = page.locator('table[data-table="platform"] tbody tr').last();
    expect(await totalRow.locator('td').nth(1).textContent()).toBe(String(figures.json.platform.total));
    // Each chart draws one rectangle per non-zero value of its series.
    const charts = page.locator('section#trend svg');
    expect(await charts.count()).toBe(2);
    const nonZero = figures.json.trend.reduce(
      (n, q) => n + Object.values(q.byStatus).filter((v) => v > 0).length,
      0,
    );
    expect(await charts.nth(0).locator('rect.bar').count()).toBe(nonZero);
    expect((await charts.nth(0).boundingBox())!.width).toBeGreaterThan(300);
    // Hostile comment text stays text.
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('table[data-table="feedback-waiting"]').textContent()).toContain(
      '<script>alert(1)</script>',
    );

    // Print: A4, each section after the first on a new page.
    await page.emulateMedia({ media: 'print' });
    // A string: the test's TypeScript has no DOM types.
    const breaks = await page.evaluate<string[]>(
      "[...document.querySelectorAll('section')].map((e) => getComputedStyle(e).breakBefore)",
    );
    expect(breaks).toEqual(['auto', 'page', 'page', 'page', 'page']);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.emulateMedia({ media: 'screen' });

    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(dialogs).toEqual([]);
    if (process.env.UPDATE_SCREENSHOT === '1') {
      await page.screenshot({ path: fileURLToPath(SCREENSHOT), fullPage: false });
      await page.locator('section#trend figure').first().screenshot({ path: '/tmp/i16-trend.png' });
    }
    await page.close();
  });
});
