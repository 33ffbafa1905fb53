import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { XMLValidator } from 'fast-xml-parser';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { OdsyncError } from '../../src/errors.js';
import { escapeXml } from '../../src/report/render-ods.js';
import {
  buildReportModel,
  escapeHtml,
  mdText,
  neutralizeFormula,
  renderCsv,
  renderHtml,
  renderMd,
  renderOds,
  renderReportFiles,
  renderXlsx,
  reportTables,
  REPORT_FORMATS,
  writeReportAtomically,
} from '../../src/report/index.js';
import { fixtureInput, HOSTILE, hostileInput } from './fixtures.js';

const hostile = () => buildReportModel(hostileInput());
const FORMULA_START = /^[=+\-@\t\r]/;

describe('escapeHtml', () => {
  it('escapes markup characters and drops control characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&\`\u0001</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;',
    );
  });
});

describe('report.html with hostile titles and comment bodies', () => {
  for (const lang of ['zh-TW', 'en'] as const) {
    it(`[${lang}] contains no injected element, attribute or broken SVG`, () => {
      const page = renderHtml(hostile(), { lang });
      expect(page).not.toMatch(/<script/i);
      expect(page).not.toMatch(/<img/i);
      expect(page).not.toMatch(/<b[\s>]/i);
      // No tag anywhere carries an event-handler attribute.
      expect(page).not.toMatch(/<[^>]*\son\w+\s*=/i);
      expect(page.match(/<svg/g)).toHaveLength(1);
      expect(page.match(/<\/svg>/g)).toHaveLength(1);
      // The hostile text is shown, escaped.
      expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
      expect(page).toContain('&lt;/svg&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
      expect(page).toContain('&#39; onmouseover=&#39;alert(3)');
      // A comment whose text is a script is shown as text.
      expect(page).toContain('&lt;script&gt;alert(4)&lt;/script&gt;');
      // The only links are to the platform's dataset pages.
      expect(page).not.toMatch(/href="(?!https:\/\/data\.gov\.tw\/dataset\/\d+")/);
    });
  }

  it('shows citizen text as converted once at sync time: a typed "&lt;b&gt;" is not decoded again', () => {
    // Stored body_text of a comment whose HTML was "輸入 &amp;lt;b&amp;gt; 標籤": the citizen typed
    // the entity text itself.
    const typed = '輸入 &lt;b&gt; 標籤';
    const base = fixtureInput();
    const model = buildReportModel({
      ...base,
      comments: [{ ...base.comments[0]!, body: typed }],
      requests: [{ ...base.requests[0]!, title: '開放 &lt;b&gt; &amp;amp; 資料' }],
    });
    expect(model.comments[0]!.body).toBe(typed);
    expect(renderHtml(model)).toContain('輸入 &amp;lt;b&amp;gt; 標籤');
    const cells = (id: string) =>
      reportTables(model)
        .find((t) => t.id === id)!
        .rows.flat()
        .map((c) => c?.value);
    expect(cells('comments')).toContain(typed);
    // A request title is stored as the platform gave it (HTML): decoded once for reading.
    expect(cells('requests')).toContain('開放 <b> &amp; 資料');
  });

  it('shows notes (escaped) under the scope line, in the Markdown and in the summary sheet', () => {
    const model = buildReportModel(fixtureInput({ notes: ['sync-catalog failed: <b>stale</b> data'] }));
    expect(renderHtml(model)).toMatch(
      /<ul class="notes"[^>]*>\s*<li>sync-catalog failed: &lt;b&gt;stale&lt;\/b&gt; data<\/li>/,
    );
    expect(renderMd(model)).toContain('> sync-catalog failed: &lt;b&gt;stale&lt;/b&gt; data');
    expect(renderHtml(buildReportModel(fixtureInput()))).not.toContain('class="notes"');
  });

  it('is self-contained: no external resource, a CSP forbidding any fetch', () => {
    const page = renderHtml(buildReportModel(fixtureInput()));
    expect(page).toContain(`default-src 'none'`);
    expect(page).not.toMatch(/\b(src|srcset)\s*=/i);
    expect(page).not.toMatch(/<link\b/i);
    expect(page).not.toMatch(/@import|url\(/i);
  });

  it('is Traditional Chinese by default and English with lang=en', () => {
    const model = buildReportModel(fixtureInput());
    expect(renderHtml(model)).toContain('<html lang="zh-Hant-TW">');
    expect(renderHtml(model)).toContain('逾期未上架');
    const en = renderHtml(model, { lang: 'en' });
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Overdue (by days overdue)');
    expect(en).not.toContain('逾期未上架');
  });
});

describe('formula injection', () => {
  it('neutralizeFormula prefixes formula-like text only', () => {
    for (const s of [HOSTILE.hyperlink, '+1', '-2', '@SUM(A1)', '\t=1', '\r=1'])
      expect(neutralizeFormula(s)).toBe(`'${s}`);
    for (const s of ['勞動部', '1+1', 'a=b', '', "'=x"]) expect(neutralizeFormula(s)).toBe(s);
  });

  it('report.csv: UTF-8 with BOM, RFC 4180, text neutralised, computed numbers bare', () => {
    const csv = renderCsv(hostile());
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('\r\n');
    const rows: string[][] = parseCsv(csv, { bom: true });
    const header = rows[0]!;
    const col = (name: string) => header.indexOf(name);
    const titles = rows.slice(1).map((r) => r[col('資料集名稱')]!);
    expect(titles).toContain(`'${HOSTILE.hyperlink}`);
    expect(titles).toContain(`'${HOSTILE.plus}`);
    expect(titles).toContain(`'${HOSTILE.minus}`);
    expect(titles).toContain(`'${HOSTILE.at}`);
    expect(titles).toContain(`'${HOSTILE.tab}`);
    for (const row of rows.slice(1))
      for (const cell of row) if (!/^-\d+$/.test(cell)) expect(cell).not.toMatch(FORMULA_START);
    const first = rows.find((r) => r[col('序號')] === '1')!;
    expect(first[col('上架延遲天數')]).toBe('-11');
    expect(first[col('到期日')]).toBe('2015-08-31');
  });

  it('report.xlsx: text neutralised, numbers and dates typed, header frozen, filters on', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(hostile())) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '摘要',
      '全部計畫項目',
      '逾期未上架',
      '逾期上架',
      '已下架或消失',
      '待人工確認',
      '未解決的差異',
      '已解決的差異',
      '各單位統計',
      '各機關資料集',
      '待回覆的民眾留言',
      '待回覆的民眾資料集提議',
    ]);
    const strings: string[] = [];
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter).toBeTruthy();
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === 'string') strings.push(cell.value);
        }),
      );
    }
    for (const s of strings) expect(s).not.toMatch(FORMULA_START);
    expect(strings).toContain(`'${HOSTILE.hyperlink}`);
    expect(strings).toContain(`'${HOSTILE.at}`);
    expect(strings).toContain(`'${HOSTILE.minus}`);
    expect(strings).toContain(`'${HOSTILE.plus}`);
    const items = wb.getWorksheet('全部計畫項目')!;
    const header = (items.getRow(1).values as unknown[]).slice(1);
    const row2 = items.getRow(2);
    const cell = (name: string) => row2.getCell(header.indexOf(name) + 1);
    expect(cell('到期日').value).toEqual(new Date('2015-08-31T00:00:00Z'));
    expect(cell('到期日').numFmt).toBe('yyyy-mm-dd');
    expect(cell('上架延遲天數').value).toBe(-11);
    expect(cell('序號').value).toBe(1);
  });

  it('report.ods: valid ODF package, date and float cells, text neutralised, filters and frozen header', () => {
    const bytes = renderOds(hostile());
    // ODF: the first entry is `mimetype`, stored (compression method 0), not compressed.
    expect(Buffer.from(bytes.subarray(30, 38)).toString()).toBe('mimetype');
    expect(bytes[8]).toBe(0);
    const files = unzipSync(bytes);
    expect(strFromU8(files.mimetype!)).toBe('application/vnd.oasis.opendocument.spreadsheet');
    for (const name of ['content.xml', 'styles.xml', 'meta.xml', 'settings.xml', 'META-INF/manifest.xml'])
      expect(XMLValidator.validate(strFromU8(files[name]!)), name).toBe(true);
    const content = strFromU8(files['content.xml']!);
    expect(content.match(/<table:table /g)).toHaveLength(12);
    expect(content).toContain('office:value-type="date" office:date-value="2015-08-31"');
    expect(content).toContain('office:value-type="float" office:value="-11"');
    expect(content.match(/<table:database-range /g)).toHaveLength(12);
    const paragraphs = [...content.matchAll(/<text:p>(.*?)<\/text:p>/g)].map((m) => m[1]!);
    const texts = paragraphs.filter((p) => !/^-?\d+(\.\d+)?$/.test(p));
    for (const p of texts) expect(p).not.toMatch(/^(=|\+|-|@|<text:tab\/>)/);
    expect(texts).toContain(`'${escapeXml(HOSTILE.hyperlink)}`);
    expect(texts).toContain("'@SUM(A1:A9)");
    expect(texts).toContain("'+1");
    expect(texts).toContain("'-2");
    expect(texts).toContain("'<text:tab/>=1+1");
    expect(strFromU8(files['settings.xml']!)).toContain(
      '<config:config-item config:name="VerticalSplitPosition" config:type="int">1</config:config-item>',
    );
  });
});

describe('report.ods read by an independent ODF reader (the plan importer)', () => {
  it('round-trips the plan items sheet, text and line breaks intact', async () => {
    const { readOds } = await import('../../src/plan/index.js');
    const table = readOds(renderOds(hostile()));
    expect(table.sheet).toBe('全部計畫項目');
    const header = table.rows[0]!.cells.map((c) => c.text);
    expect(header.slice(0, 4)).toEqual(['計畫項目鍵', '序號', '資料集名稱', '管理單位']);
    const titles = table.rows.slice(1).map((r) => r.cells[2]?.text);
    expect(titles).toContain(`'${HOSTILE.hyperlink}`);
    expect(titles).toContain(`'${HOSTILE.tab}`);
    expect(table.rows.slice(1).every((r) => r.cells.every((c) => !c.formula))).toBe(true);
    expect(table.rows).toHaveLength(15);
  });
});

describe('report.md', () => {
  it('mdText keeps links, emphasis, code, tables and HTML inert', () => {
    expect(mdText('[click](javascript:alert(1)) *b* `c` a|b <i>&')).toBe(
      '\\[click\\](javascript:alert(1)) \\*b\\* \\`c\\` a\\|b &lt;i&gt;&amp;',
    );
    expect(mdText('104-1 第 1. 項 #3')).toBe('104-1 第 1. 項 #3');
  });

  it('is short and keeps untrusted text inert', () => {
    const md = renderMd(hostile());
    expect(md.split('\n').length).toBeLessThan(60);
    expect(md).not.toContain('<');
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(md).toContain('| 逾期未上架 | 5 |');
  });
});

describe('atomic report writing', () => {
  const tmp = () => mkdtempSync(path.join(tmpdir(), 'odsync-report-'));

  it('writes every format into a new directory and leaves no temporary files', async () => {
    const base = tmp();
    const out = path.join(base, 'reports', '2016-03-31');
    const files = await renderReportFiles(buildReportModel(fixtureInput()), REPORT_FORMATS);
    await writeReportAtomically(out, files);
    expect(readdirSync(out).sort()).toEqual([
      'report.csv',
      'report.html',
      'report.json',
      'report.md',
      'report.ods',
      'report.xlsx',
    ]);
    expect(readdirSync(path.join(base, 'reports'))).toEqual(['2016-03-31']);
  });

  it('an injected failure mid-write leaves no report directory and no debris', async () => {
    const base = tmp();
    const out = path.join(base, 'out');
    const files = await renderReportFiles(buildReportModel(fixtureInput()), REPORT_FORMATS);
    let n = 0;
    const failing = {
      writeFile: (file: string, data: string | Uint8Array) => {
        if (++n === 3)
          return Promise.reject(
            Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }),
          );
        writeFileSync(file, data);
        return Promise.resolve();
      },
    };
    const err = await writeReportAtomically(out, files, failing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OdsyncError);
    expect((err as OdsyncError).exitCode).toBe(1);
    expect((err as Error).message).toContain(out);
    expect((err as Error).message).toContain('ENOSPC');
    expect(readdirSync(base)).toEqual([]);
  });

  it('a failure keeps the previous report in an existing directory intact', async () => {
    const out = tmp();
    writeFileSync(path.join(out, 'report.json'), 'previous');
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    const files = await renderReportFiles(buildReportModel(fixtureInput()), ['json', 'html']);
    const failing = {
      writeFile: (f: string, d: string | Uint8Array) =>
        f.endsWith('.html') ? Promise.reject(new Error('boom')) : Promise.resolve(writeFileSync(f, d)),
    };
    await expect(writeReportAtomically(out, files, failing)).rejects.toThrow(/boom/);
    expect(readFileSync(path.join(out, 'report.json'), 'utf8')).toBe('previous');
    await writeReportAtomically(out, files);
    expect(readFileSync(path.join(out, 'report.json'), 'utf8')).toContain('"schemaVersion": 1');
    expect(readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(path.dirname(out)).filter((n) => n.startsWith(`.${path.basename(out)}.tmp-`))).toEqual(
      [],
    );
  });

  it('an unwritable location is a clear error naming the path', async () => {
    const base = tmp();
    writeFileSync(path.join(base, 'file'), 'x');
    const out = path.join(base, 'file', 'reports');
    const files = await renderReportFiles(buildReportModel(fixtureInput()), ['json']);
    await expect(writeReportAtomically(out, files)).rejects.toThrow(
      new RegExp(
        `cannot write the report to ${path.join(base, 'file').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*ENOTDIR|EEXIST`,
      ),
    );
    const dir = path.join(base, 'ro');
    mkdirSync(dir, { mode: 0o500 });
    if (process.getuid?.() !== 0) {
      await expect(writeReportAtomically(path.join(dir, 'r'), files)).rejects.toThrow(/EACCES/);
    }
  });
});

describe('headline: plan discrepancies apart from catalogue upkeep', () => {
  it('counts plan discrepancies and upkeep (stale, unplanned) in separate figures, in HTML and Markdown', () => {
    const input = fixtureInput();
    const upkeep = (kind: 'stale' | 'unplanned', i: number) => ({
      id: `${kind}-${i}`,
      kind,
      planKey: null,
      datasetId: `9${i}`,
      firstSeen: input.asOf,
      lastSeen: input.asOf,
      resolvedAt: null,
      detail: kind,
    });
    const model = buildReportModel({
      ...input,
      discrepancies: [
        ...input.discrepancies,
        ...[1, 2, 3].map((i) => upkeep('stale', i)),
        ...[4, 5].map((i) => upkeep('unplanned', i)),
      ],
    });
    const open = model.report.discrepancies;
    const plan = open.filter((d) =>
      ['overdue', 'published_late', 'missing', 'needs_review', 'expected_date_passed'].includes(d.kind),
    ).length;
    const kept = open.filter((d) => d.kind === 'stale' || d.kind === 'unplanned').length;
    expect(kept).toBeGreaterThanOrEqual(5);
    expect(plan).toBeGreaterThan(0);
    const page = renderHtml(model);
    const figure = (key: string) =>
      new RegExp(`data-figure="${key}"[^>]*>\\s*<span class="n">(\\d+)<`).exec(page)?.[1];
    expect(figure('planDiscrepancies')).toBe(String(plan));
    expect(figure('upkeepDiscrepancies')).toBe(String(kept));
    expect(page).not.toContain('data-figure="discrepancies"');
    const md = renderMd(model);
    expect(md).toContain(`計畫差異（逾期、逾期上架、下架、待確認、已過預計日期、預計下架）: ${plan}`);
    expect(md).toContain(`資料集維護（未依頻率更新、計畫外資料集）: ${kept}`);
  });
});
