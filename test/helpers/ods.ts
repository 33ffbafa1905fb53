/**
 * Build tiny ODS files for tests: a hand-written content.xml zipped with fflate, the `mimetype`
 * entry first and stored uncompressed as the ODF packaging rules require.
 */
import { strToU8, zipSync } from 'fflate';

const NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"',
].join(' ');

/** Wrap table rows (`<table:table-row>…`) in a full content.xml. */
export function contentXml(rowsXml: string, sheetName = '工作表1'): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${NS} office:version="1.2">` +
    `<office:body><office:spreadsheet><table:table table:name="${sheetName}">` +
    `<table:table-column table:number-columns-repeated="1024"/>${rowsXml}` +
    `</table:table></office:spreadsheet></office:body></office:document-content>`
  );
}

export function zipOds(content: string): Uint8Array {
  return zipSync(
    {
      mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
      'content.xml': strToU8(content),
      'META-INF/manifest.xml': strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">' +
          '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>' +
          '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
      ),
    },
    { mtime: new Date('2015-06-29T06:00:00Z') },
  );
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A string cell. */
export const textCell = (s: string) =>
  `<table:table-cell office:value-type="string"><text:p>${esc(s)}</text:p></table:table-cell>`;

/** A row of string cells. */
export const textRow = (cells: string[]) =>
  `<table:table-row>${cells.map(textCell).join('')}</table:table-row>`;
