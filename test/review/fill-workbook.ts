/** Test helpers: fill a unit's review workbook the way a person would, in .xlsx (exceljs) or .ods (XML). */
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { REVIEW_COLUMNS } from '../../src/review/index.js';

export type Fill = string | { date: string; display?: string } | { formula: string; result?: string };

/** header → value, per plan key. */
export type Answers = Record<string, Record<string, Fill>>;

const columnOf = (header: string): number => {
  const i = REVIEW_COLUMNS.findIndex((c) => c.header === header);
  if (i < 0) throw new Error(`no column ${header}`);
  return i;
};

export async function fillXlsx(bytes: Uint8Array, answers: Answers): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('計畫項目')!;
  const done = new Set<string>();
  ws.eachRow((row) => {
    const key = row.getCell(1).text;
    const fill = answers[key];
    if (!fill) return;
    done.add(key);
    for (const [header, v] of Object.entries(fill)) {
      const cell = row.getCell(columnOf(header) + 1);
      if (typeof v === 'string') cell.value = v;
      else if ('date' in v) cell.value = new Date(`${v.date}T00:00:00Z`);
      else cell.value = { formula: v.formula, result: v.result ?? '' };
    }
  });
  const missing = Object.keys(answers).filter((k) => !done.has(k));
  if (missing.length) throw new Error(`rows not found: ${missing.join(', ')}`);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function odsCell(v: Fill): string {
  if (typeof v === 'string')
    return `<table:table-cell office:value-type="string"><text:p>${esc(v)}</text:p></table:table-cell>`;
  if ('date' in v)
    return `<table:table-cell office:value-type="date" office:date-value="${v.date}"><text:p>${esc(v.display ?? v.date)}</text:p></table:table-cell>`;
  return `<table:table-cell table:formula="of:=${esc(v.formula)}" office:value-type="string" office:string-value="${esc(v.result ?? '')}"><text:p>${esc(v.result ?? '')}</text:p></table:table-cell>`;
}

const CELL = /<table:table-cell\b[^>]*?\/>|<table:table-cell\b[^>]*>[\s\S]*?<\/table:table-cell>/g;

export function fillOds(bytes: Uint8Array, answers: Answers): Uint8Array {
  const files = unzipSync(bytes);
  let xml = strFromU8(files['content.xml']!);
  for (const [key, fill] of Object.entries(answers)) {
    const marker = `<text:p>${esc(key)}</text:p>`;
    const at = xml.indexOf(marker);
    if (at < 0) throw new Error(`row not found: ${key}`);
    const start = xml.lastIndexOf('<table:table-row>', at);
    const end = xml.indexOf('</table:table-row>', at);
    const row = xml.slice(start + '<table:table-row>'.length, end);
    const cells = row.match(CELL) ?? [];
    for (const [header, v] of Object.entries(fill)) cells[columnOf(header)] = odsCell(v);
    xml = xml.slice(0, start) + `<table:table-row>${cells.join('')}` + xml.slice(end);
  }
  const out: Zippable = { mimetype: [files.mimetype!, { level: 0 }] };
  for (const [name, data] of Object.entries(files))
    if (name !== 'mimetype') out[name] = name === 'content.xml' ? strToU8(xml) : data;
  return zipSync(out);
}
