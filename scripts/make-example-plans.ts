/**
 * Regenerate the example plan files from `examples/plan-104-1.tsv` (the 48 rows of the seed minutes):
 *   examples/plan-104-1.xlsx     (a title row above the header, as offices do)
 *   examples/plan-104-1.ods      (ODF, numeric 序號 cells, repeated empty columns)
 *   examples/plan-104-1-big5.csv (Big5/CP950, CRLF, quoted fields)
 * Run: `npx tsx scripts/make-example-plans.ts`. The output is committed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import iconv from 'iconv-lite';

const dir = fileURLToPath(new URL('../examples/', import.meta.url));
const TITLE = '勞動部政府資料開放諮詢小組104年第1次會議決議擬開放資料集';
const FIXED_DATE = new Date('2015-06-29T06:00:00Z');

const lines = readFileSync(`${dir}plan-104-1.tsv`, 'utf8')
  .split('\n')
  .filter((l) => l !== '');
const [header, ...rows] = lines.map((l) => l.split('\t'));
if (!header || rows.length !== 48) throw new Error(`expected a header and 48 rows, got ${rows.length}`);

async function writeXlsx(): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'odsync';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const ws = wb.addWorksheet('擬開放資料集');
  ws.addRow([TITLE]);
  ws.addRow(header);
  for (const r of rows) ws.addRow([Number(r[0]), ...r.slice(1)]);
  ws.getRow(2).font = { bold: true };
  ws.columns.forEach((c, i) => (c.width = [6, 30, 60, 14, 20][i] ?? 12));
  writeFileSync(`${dir}plan-104-1.xlsx`, Buffer.from(await wb.xlsx.writeBuffer()));
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** ODF collapses runs of spaces: the 2nd and later spaces of a run are written as text:s. */
const odfText = (s: string) => esc(s).replace(/ {2,}/g, (m) => ` <text:s text:c="${m.length - 1}"/>`);
const odsString = (s: string) =>
  `<table:table-cell office:value-type="string"><text:p>${odfText(s)}</text:p></table:table-cell>`;
const odsNumber = (n: number) =>
  `<table:table-cell office:value-type="float" office:value="${n}"><text:p>${n}</text:p></table:table-cell>`;
const emptyTail = '<table:table-cell table:number-columns-repeated="1019"/>';

function writeOds(): void {
  const rowXml = (cells: string) => `<table:table-row>${cells}${emptyTail}</table:table-row>`;
  const body = [
    rowXml(odsString(TITLE) + '<table:table-cell table:number-columns-repeated="4"/>'),
    rowXml(header!.map(odsString).join('')),
    ...rows.map((r) => rowXml(odsNumber(Number(r[0])) + r.slice(1).map(odsString).join(''))),
    '<table:table-row table:number-rows-repeated="1048526"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>',
  ].join('\n');
  const content =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' +
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">' +
    '<office:body><office:spreadsheet><table:table table:name="擬開放資料集">' +
    '<table:table-column table:number-columns-repeated="1024"/>\n' +
    body +
    '\n</table:table></office:spreadsheet></office:body></office:document-content>\n';
  const manifest =
    '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">' +
    '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>' +
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>\n';
  const zip = zipSync(
    {
      mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
      'content.xml': strToU8(content),
      'META-INF/manifest.xml': strToU8(manifest),
    },
    { mtime: FIXED_DATE },
  );
  writeFileSync(`${dir}plan-104-1.ods`, zip);
}

function writeBig5Csv(): void {
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const text = [header!, ...rows].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
  const bytes = iconv.encode(text, 'cp950');
  if (iconv.decode(bytes, 'cp950') !== text) throw new Error('the plan has characters outside Big5');
  writeFileSync(`${dir}plan-104-1-big5.csv`, bytes);
}

await writeXlsx();
writeOds();
writeBig5Csv();
console.log('wrote examples/plan-104-1.{xlsx,ods} and examples/plan-104-1-big5.csv');
