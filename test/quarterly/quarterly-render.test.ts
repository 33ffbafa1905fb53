/**
 * The quarterly renderers on hostile citizen text: the .docx stays well-formed XML, spreadsheets
 * neutralise formulas, HTML and Markdown keep markup as text; every format carries the same figures.
 */
import ExcelJS from 'exceljs';
import { XMLValidator } from 'fast-xml-parser';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readOdsSheets } from '../../src/plan/index.js';
import { quarterlyFigures, renderQuarterlyFiles, QUARTERLY_FORMATS } from '../../src/quarterly/index.js';
import { demoQuarterlyInput } from './fixtures.js';

const HOSTILE = '=HYPERLINK("http://x")\u0007<img src=x onerror=alert(1)>';

describe('quarterly renderers', () => {
  const input = demoQuarterlyInput();
  const figures = quarterlyFigures({
    ...input,
    comments: input.comments.map((c, i) => (i === 3 ? { ...c, body: HOSTILE } : c)),
  });
  const files = renderQuarterlyFiles(figures, QUARTERLY_FORMATS, 'zh-TW');
  const file = async (ext: string) => (await files).find((f) => f.name === `quarterly-2026Q3.${ext}`)!.data;

  it('keeps the .docx well-formed, with the headings and figures as text', async () => {
    const zip = unzipSync((await file('docx')) as Uint8Array);
    const xml = strFromU8(zip['word/document.xml']!);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('\u0007');
    const text = xml.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"');
    expect(text).toContain('三、民眾提出之額外開放需求');
    expect(text).toContain(`累計共 ${figures.json.feedback.cumulative} 項`);
    expect(text).toContain('=HYPERLINK("http://x")');
  });

  it('neutralises formulas in both spreadsheets and has the same sheets in each', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await file('xlsx')) as unknown as ArrayBuffer);
    const waiting = wb.getWorksheet('2 待回覆意見')!;
    const bodies = waiting.getColumn(6).values.filter((v): v is string => typeof v === 'string');
    expect(bodies.some((b) => b.startsWith(`'=HYPERLINK`))).toBe(true);
    expect(bodies.some((b) => b.startsWith('=HYPERLINK'))).toBe(false);
    const sheets = readOdsSheets((await file('ods')) as Uint8Array);
    expect(sheets.map((s) => s.sheet)).toEqual(wb.worksheets.map((w) => w.name));
    const odsWaiting = sheets.find((s) => s.sheet === '2 待回覆意見')!;
    const cells = odsWaiting.rows.flatMap((r) => r.cells.map((c) => c.text));
    expect(cells.some((c) => c.startsWith(`'=HYPERLINK`))).toBe(true);
  });

  it('keeps markup as text in HTML and Markdown', async () => {
    const html = (await file('html')) as string;
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const md = (await file('md')) as string;
    expect(md).not.toContain('<img');
    expect(JSON.parse((await file('json')) as string)).toEqual(figures.json);
  });
});
