import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FileInputError } from '../../src/errors.js';
import {
  DEFAULT_UNIT_AGENCIES,
  agencyResolver,
  buildPlan,
  decodeText,
  detectFormat,
  mergeUnitAgencies,
  readPlanFile,
  type BuiltPlan,
  type PlanItemInput,
  type ReadPlanOptions,
} from '../../src/plan/index.js';
import { ROOT } from '../helpers/cli.js';
import { contentXml, textCell, textRow, zipOds } from '../helpers/ods.js';

const SEED = `${ROOT}examples/mol-open-data-meeting-104-1.txt`;
/** SHA-256 of the founding meeting's minutes as filed (the 48-item seed plan). */
const SEED_SHA256 = '25bca23f65250981716ae5df90f41e2b7e556497bef3cb26166eea7ca772a0a7';
const example = (name: string) => `${ROOT}examples/${name}`;
const resolveAgency = agencyResolver(DEFAULT_UNIT_AGENCIES);
const HEADER = ['序號', '資料集名稱', '資料集概述', '預計開放年月', '管理單位'];

async function load(name: string, bytes: Uint8Array, options: ReadPlanOptions = {}): Promise<BuiltPlan> {
  return buildPlan(await readPlanFile(name, bytes, options), { file: name, resolveAgency });
}
const loadFile = async (path: string, options: ReadPlanOptions = {}) =>
  load(path, readFileSync(path), options);
const utf8 = (s: string) => new TextEncoder().encode(s);
const withoutRow = (items: PlanItemInput[]) => items.map(({ row: _row, ...rest }) => rest);

function problemsOf(fn: () => unknown): FileInputError['problems'] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FileInputError);
    return (err as FileInputError).problems;
  }
  throw new Error('expected a FileInputError');
}
async function asyncProblems(p: Promise<unknown>): Promise<FileInputError['problems']> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FileInputError);
  return (err as FileInputError).problems;
}

describe('the seed plan in every format', () => {
  it('reads all 48 rows from TSV, XLSX, ODS, Big5 CSV and the minutes with identical results', async () => {
    const tsv = await loadFile(example('plan-104-1.tsv'));
    const xlsx = await loadFile(example('plan-104-1.xlsx'));
    const ods = await loadFile(example('plan-104-1.ods'));
    const big5 = await loadFile(example('plan-104-1-big5.csv'));
    const minutes = await loadFile(SEED);
    expect(tsv.items).toHaveLength(48);
    expect(tsv.items.map((i) => i.seq)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
    for (const other of [xlsx, ods, big5, minutes])
      expect(withoutRow(other.items)).toEqual(withoutRow(tsv.items));
    for (const plan of [tsv, xlsx, ods, big5, minutes]) expect(plan.warnings).toEqual([]);

    expect(tsv.items[0]).toMatchObject({
      seq: 1,
      title: '裁決決定',
      plannedRaw: '104年8月',
      dueDate: '2015-08-31',
      unit: '勞動關係司',
      agency: '勞動部',
    });
    const bySeq = new Map(tsv.items.map((i) => [i.seq, i]));
    expect(bySeq.get(5)).toMatchObject({ plannedRaw: '105年1月1日', dueDate: '2016-01-01' });
    expect(bySeq.get(7)).toMatchObject({ plannedRaw: '105/1', dueDate: '2016-01-31', agency: '勞動部' });
    expect(bySeq.get(17)).toMatchObject({ unit: '勞工保險局', agency: '勞動部勞工保險局' });
    expect(bySeq.get(33)).toMatchObject({ plannedRaw: '104/7', agency: '勞動部勞動力發展署' });
    expect(bySeq.get(35)).toMatchObject({ plannedRaw: '104/12', dueDate: '2015-12-31' });
    expect(bySeq.get(37)).toMatchObject({
      plannedRaw: '105',
      dueDate: '2016-12-31',
      agency: '勞動部勞動基金運用局',
    });
    expect(bySeq.get(38)).toMatchObject({ agency: '勞動部職業安全衛生署' });
    expect(bySeq.get(16)).toMatchObject({ unit: '統計處', agency: '勞動部' });
  });

  it('the example TSV is the minutes table verbatim (header once, 48 rows)', () => {
    const minutes = readFileSync(SEED, 'utf8').split('\n');
    const tsv = readFileSync(example('plan-104-1.tsv'), 'utf8').trimEnd().split('\n');
    expect(tsv).toHaveLength(49);
    expect(tsv[0]).toBe(HEADER.join('\t'));
    for (const line of tsv.slice(1)) expect(minutes).toContain(line);
    // The committed copy of the minutes is the seed as filed, byte for byte.
    expect(createHash('sha256').update(readFileSync(SEED)).digest('hex')).toBe(SEED_SHA256);
  });

  it('imports the minutes table once although its header repeats on every page, with line numbers', async () => {
    const text = readFileSync(SEED, 'utf8');
    expect(text.split('\n').filter((l) => l.startsWith('序號\t')).length).toBeGreaterThan(1);
    const plan = await loadFile(SEED);
    expect(plan.items).toHaveLength(48);
    const line = text.split('\n').findIndex((l) => l.startsWith('48\t')) + 1;
    expect(plan.items.at(-1)?.row).toBe(line);
    expect(detectFormat('minutes.txt', utf8(text))).toBe('minutes');
  });

  it('detects formats from the extension and, without one, from the content', () => {
    expect(detectFormat('x', readFileSync(example('plan-104-1.ods')))).toBe('ods');
    expect(detectFormat('x', readFileSync(example('plan-104-1.xlsx')))).toBe('xlsx');
    expect(detectFormat('x', readFileSync(example('plan-104-1.tsv')))).toBe('tsv');
    expect(detectFormat('x', readFileSync(example('plan-104-1-big5.csv')))).toBe('csv');
  });
});

describe('text encodings', () => {
  const tsv = `${HEADER.join('\t')}\n1\t勞工保險統計\t月報\t105年1月\t勞工保險局\n`;

  it('reads UTF-8 with and without a BOM identically', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(tsv)]);
    expect(decodeText(bom).encoding).toBe('utf8-bom');
    const a = await load('a.tsv', utf8(tsv));
    const b = await load('b.tsv', bom);
    expect(b.items).toEqual(a.items);
    expect(a.items[0]?.seq).toBe(1);
  });

  it('detects Big5 (invalid UTF-8) and accepts --encoding big5', async () => {
    const bytes = iconv.encode(tsv.replace(/\n/g, '\r\n'), 'cp950');
    expect(decodeText(bytes).encoding).toBe('big5');
    const detected = await load('p.tsv', bytes);
    const forced = await load('p.tsv', bytes, { encoding: 'big5' });
    expect(detected.items[0]).toMatchObject({ title: '勞工保險統計', agency: '勞動部勞工保險局' });
    expect(forced.items).toEqual(detected.items);
  });

  it('the shipped Big5 CSV really is Big5', () => {
    const bytes = readFileSync(example('plan-104-1-big5.csv'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(decodeText(bytes).text).toContain('裁決決定');
  });
});

describe('columns', () => {
  it('maps English aliases and reordered columns, ignoring unknown ones with a warning', async () => {
    const csv = 'Unit,Due,Title,Remark,No.,Summary\n勞動法務司,105/1,訴願案件,x,7,"訴願決定書, 全文"\n';
    const plan = await load('p.csv', utf8(csv));
    expect(plan.items).toEqual([
      expect.objectContaining({
        seq: 7,
        title: '訴願案件',
        description: '訴願決定書, 全文',
        unit: '勞動法務司',
        agency: '勞動部',
        plannedRaw: '105/1',
        dueDate: '2016-01-31',
        row: 2,
      }),
    ]);
    expect(plan.warnings).toEqual([{ row: 1, column: 'Remark', message: '不認得的欄位，已略過' }]);
  });

  it('keeps source line numbers across quoted multi-line cells', async () => {
    const csv = `${HEADER.join(',')}\n1,甲,"第一行\n第二行",105,統計處\n2,乙,,105,統計處\n3,丙,,明年,統計處\n`;
    const problems = await asyncProblems(load('p.csv', utf8(csv)));
    expect(problems).toEqual([
      { file: 'p.csv', row: 5, column: '預計開放年月', message: '無法解析的日期「明年」' },
    ]);
  });
});

describe('validation is all or nothing, listing every problem', () => {
  const tsv = (rows: string[][], header = HEADER) =>
    utf8([header, ...rows].map((r) => r.join('\t')).join('\n'));

  it('duplicate 序號, unparseable dates and empty required cells, all at once', async () => {
    const problems = await asyncProblems(
      load(
        'bad.tsv',
        tsv([
          ['1', '甲', '', '104年8月', '統計處'],
          ['2', '乙', '', '下個月', '統計處'],
          ['1', '丙', '', '105', '統計處'],
          ['x', '', '', '105', ''],
        ]),
      ),
    );
    expect(problems).toEqual([
      { file: 'bad.tsv', row: 3, column: '預計開放年月', message: '無法解析的日期「下個月」' },
      { file: 'bad.tsv', row: 4, column: '序號', message: '序號 1 重複（第 2 列已使用）' },
      { file: 'bad.tsv', row: 5, column: '序號', message: '序號「x」不是正整數' },
      { file: 'bad.tsv', row: 5, column: '資料集名稱', message: '資料集名稱為空白' },
      { file: 'bad.tsv', row: 5, column: '管理單位', message: '管理單位為空白' },
    ]);
  });

  it('missing required columns are named', async () => {
    const problems = await asyncProblems(
      load('m.tsv', tsv([['1', '甲', '', '統計處']], ['序號', '資料集名稱', '資料集概述', '管理單位'])),
    );
    expect(problems).toEqual([
      { file: 'm.tsv', row: 1, column: '預計開放年月', message: '缺少必要欄位「預計開放年月」' },
    ]);
  });

  it('empty file, header only, and no header at all', async () => {
    expect(await asyncProblems(load('e.tsv', utf8('')))).toEqual([
      { file: 'e.tsv', message: '檔案是空的（沒有標題列也沒有資料）' },
    ]);
    expect(await asyncProblems(load('e.tsv', utf8('\uFEFF\r\n\r\n')))).toHaveLength(1);
    expect(await asyncProblems(load('h.tsv', tsv([])))).toEqual([
      { file: 'h.tsv', row: 1, message: '只有標題列，沒有任何資料列' },
    ]);
    const none = await asyncProblems(load('n.tsv', utf8('a\tb\n1\t2\n')));
    expect(none[0]?.message).toMatch(/找不到標題列/);
  });

  it('spreadsheet problems name the column letter', () => {
    const problems = problemsOf(() =>
      buildPlan(
        {
          format: 'xlsx',
          rows: [
            { row: 3, cells: HEADER.map((text) => ({ text })) },
            { row: 4, cells: ['1', '甲', '', '105年13月', '統計處'].map((text) => ({ text })) },
          ],
        },
        { file: 'p.xlsx', resolveAgency },
      ),
    );
    expect(problems).toEqual([
      { file: 'p.xlsx', row: 4, column: '預計開放年月 (D)', message: '月份「13」不在 1–12 之間' },
    ]);
  });
});

describe('formulas and control characters are stored as text, never evaluated', () => {
  it('XLSX: the formula text, not the cached result', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('plan');
    ws.addRow(HEADER);
    ws.addRow([
      1,
      { formula: 'HYPERLINK("https://data.gov.tw/dataset/6281","基本工資")', result: '基本工資' },
      { formula: '1+1', result: 2 },
      '105年1月',
      '統計處',
    ]);
    ws.addRow([2, '乙', 'x', new Date(Date.UTC(2016, 0, 15)), '統計處']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const plan = await load('f.xlsx', bytes);
    expect(plan.items[0]).toMatchObject({
      title: '=HYPERLINK("https://data.gov.tw/dataset/6281","基本工資")',
      description: '=1+1',
      formulaFields: ['title', 'description'],
    });
    expect(plan.items[1]).toMatchObject({
      plannedRaw: '2016-01-15',
      dueDate: '2016-01-15',
      formulaFields: [],
    });
    expect(plan.warnings.map((w) => w.column)).toEqual(['資料集名稱 (B)', '資料集概述 (C)']);
  });

  it('ODS: formula cells, repeated columns, text:s, spans and several paragraphs', async () => {
    const rows =
      textRow(['標題：擬開放資料集']) +
      textRow(HEADER) +
      '<table:table-row>' +
      '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>' +
      '<table:table-cell table:formula="of:=HYPERLINK(&quot;https://x&quot;;&quot;y&quot;)" office:value-type="string" office:string-value="y"><text:p>y</text:p></table:table-cell>' +
      '<table:table-cell office:value-type="string"><text:p>第一段<text:s text:c="3"/>有<text:span text:style-name="T1">粗體</text:span></text:p><text:p>第二段<text:tab/>x</text:p></table:table-cell>' +
      textCell('105年上半年') +
      textCell('勞動力發展署') +
      '<table:table-cell table:number-columns-repeated="1019"/></table:table-row>' +
      '<table:table-row><table:table-cell table:formula="of:=1+1" office:value-type="float" office:value="2"><text:p>2</text:p></table:table-cell>' +
      textCell('乙') +
      '<table:table-cell table:number-columns-repeated="2"/>' +
      textCell('勞動力發展署') +
      '</table:table-row>' +
      '<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>';
    // Two problems: =1+1 is not a 序號 and the date is empty. The formula is never evaluated to 2.
    const bytes = zipOds(contentXml(rows));
    const problems = await asyncProblems(load('f.ods', bytes));
    expect(problems).toEqual([
      { file: 'f.ods', row: 4, column: '序號 (A)', message: '序號「=1+1」不是正整數' },
      { file: 'f.ods', row: 4, column: '預計開放年月 (D)', message: '預計開放年月為空白' },
    ]);

    const table = await readPlanFile('f.ods', bytes);
    expect(table.rows.map((r) => r.row)).toEqual([1, 2, 3, 4]);
    expect(table.rows[3]?.cells.map((c) => c.text)).toEqual(['=1+1', '乙', '', '', '勞動力發展署']);
    const good = buildPlan({ ...table, rows: table.rows.slice(0, 3) }, { file: 'f.ods', resolveAgency });
    expect(good.items[0]).toMatchObject({
      seq: 1,
      title: '=HYPERLINK("https://x";"y")',
      description: '第一段   有粗體\n第二段\tx',
      dueDate: '2016-06-30',
      agency: '勞動部勞動力發展署',
      formulaFields: ['title'],
    });
  });

  it('XLSX and ODS: the sheet with the plan header is read, not an instructions sheet before it', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('說明').addRow(['請依下表填寫']);
    const ws = wb.addWorksheet('計畫');
    ws.addRow(HEADER);
    ws.addRow([1, '甲', '', '105', '統計處']);
    const fromXlsx = await load('s.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(fromXlsx.items.map((i) => i.title)).toEqual(['甲']);
    const xml = contentXml(textRow(HEADER) + textRow(['1', '甲', '', '105', '統計處'])).replace(
      '<table:table table:name="工作表1">',
      '<table:table table:name="說明">' +
        textRow(['請依下表填寫']) +
        '</table:table><table:table table:name="計畫">',
    );
    const table = await readPlanFile('s.ods', zipOds(xml));
    expect(table.sheet).toBe('計畫');
  });

  it('ODS: a repeated non-empty cell fills each column', async () => {
    const rows =
      textRow(HEADER) +
      '<table:table-row>' +
      textCell('1') +
      '<table:table-cell table:number-columns-repeated="2" office:value-type="string"><text:p>同</text:p></table:table-cell>' +
      textCell('105') +
      textCell('統計處') +
      '</table:table-row>';
    const plan = await load('r.ods', zipOds(contentXml(rows)));
    expect(plan.items[0]).toMatchObject({ title: '同', description: '同', unit: '統計處' });
  });

  it('CSV: a leading = stays text; control characters are kept and reported', async () => {
    const csv = `${HEADER.join(',')}\n1,=1+1,"a\u0007b",105,統計處\n`;
    const plan = await load('c.csv', utf8(csv));
    expect(plan.items[0]).toMatchObject({ title: '=1+1', description: 'a\u0007b', formulaFields: ['title'] });
    expect(plan.warnings.map((w) => w.message)).toEqual([
      '儲存格是公式「=1+1」，以文字保存，不計算',
      '儲存格含有控制字元，已原樣保存',
    ]);
  });

  it('NUL cannot be stored and is a problem, not silently dropped', async () => {
    const problems = await asyncProblems(
      load('n.csv', utf8(`${HEADER.join(',')}\n1,a\u0000b,,105,統計處\n`)),
    );
    expect(problems[0]).toMatchObject({ row: 2, column: '資料集名稱' });
  });
});

describe('hostile or odd files', () => {
  it('refuses an ODS whose content.xml declares a DTD (entity expansion)', async () => {
    const xml = contentXml(textRow(HEADER)).replace(
      '<office:document-content',
      '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><office:document-content',
    );
    const problems = await asyncProblems(load('dtd.ods', zipOds(xml)));
    expect(problems[0]?.message).toMatch(/DTD/);
  });

  it('a zip that is not an ODS, and bytes that are not a zip, are file problems', async () => {
    expect((await asyncProblems(load('x.ods', utf8('not a zip'))))[0]?.message).toMatch(/無法讀取 ODS/);
    expect((await asyncProblems(load('x.xlsx', utf8('not a zip'))))[0]?.message).toMatch(/無法讀取 XLSX/);
  });

  it('warns (not silently drops) data under a blank header and a variant header row; rejects cells beyond the header', async () => {
    const rows = [
      '序號,資料集名稱,,預計開放年月,管理單位',
      '1,甲,備註,105,統計處',
      'No.,Title,,Due,Unit',
      '2,乙,,105,統計處',
    ];
    const plan = await load('w.csv', utf8(rows.join('\n')));
    expect(plan.items.map((i) => i.seq)).toEqual([1, 2]);
    expect(plan.warnings).toEqual([
      { row: 3, message: '另一個標題列，已略過' },
      { row: 2, column: '第 3 欄', message: '沒有欄名的欄位中有資料，已略過' },
    ]);
    const above = await load(
      'a.csv',
      utf8(['勞動部開放計畫', '說明,見附件', ...rows.slice(0, 2)].join('\n')),
    );
    expect(above.warnings[0]).toEqual({ row: 2, message: '標題列之前的資料列，已略過' });
    expect(above.warnings).toHaveLength(2);
    const shifted = await asyncProblems(load('s.csv', utf8(`${rows[0]!}\n1,甲,,105,統計處,多\n`)));
    expect(shifted).toEqual([
      { file: 's.csv', row: 2, column: '第 6 欄', message: '標題列之外多出的儲存格「多」' },
    ]);
  });
});

describe('unit → agency table', () => {
  it('maps units, branch offices by prefix, and leaves unknown units null with a warning', async () => {
    expect(resolveAgency('勞動條件及就業平等司')).toBe('勞動部');
    expect(resolveAgency('資訊處')).toBe('勞動部');
    expect(resolveAgency('勞動及職業安全衛生研究所')).toBe('勞動部勞動及職業安全衛生研究所');
    expect(resolveAgency('勞動力發展署桃竹苗分署')).toBe('勞動部勞動力發展署');
    expect(resolveAgency('  勞工保險局 ')).toBe('勞動部勞工保險局');
    expect(resolveAgency('民政處')).toBeNull();
    const plan = await load('u.tsv', utf8(`${HEADER.join('\t')}\n1\t甲\t\t105\t民政處\n`));
    expect(plan.items[0]?.agency).toBeNull();
    expect(plan.warnings).toEqual([
      { row: 2, column: '管理單位', message: '管理單位「民政處」不在單位對照表中，機關未知' },
    ]);
  });

  it('overrides merge over the defaults', () => {
    const resolve = agencyResolver(mergeUnitAgencies({ 民政處: '臺北市政府民政局', 統計處: '勞動部統計處' }));
    expect(resolve('民政處')).toBe('臺北市政府民政局');
    expect(resolve('統計處')).toBe('勞動部統計處');
    expect(resolve('勞動關係司')).toBe('勞動部');
  });
});
