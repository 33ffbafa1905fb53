/**
 * ODS (OpenDocument spreadsheet) reader: fflate unzips `content.xml`, fast-xml-parser reads it in
 * document order. Handles repeated columns/rows (`table:number-columns-repeated`,
 * `table:number-rows-repeated`, which office suites use for long runs of empty cells), text in
 * several paragraphs (joined with a newline), `text:span`/`text:a`, `text:s` (runs of spaces),
 * `text:tab` and `text:line-break`. A formula cell (`table:formula="of:=…"`) is stored as its
 * formula text and flagged, never evaluated and never replaced by the cached value.
 */
import { unzipSync } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import { looksLikeHeader } from './columns.js';
import { cell, type RawCell, type RawTable } from './raw-table.js';

/** Guards against zip bombs and absurd repeat counts in hostile files. */
const MAX_CONTENT_BYTES = 256 * 1024 * 1024;
const MAX_COLUMNS = 1024;
const MAX_ROWS = 200_000;

type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

export class OdsFormatError extends Error {}

function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@');
}

function children(node: XmlNode): XmlNode[] {
  const tag = tagOf(node);
  const value = tag === undefined ? undefined : node[tag];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function attr(node: XmlNode, name: string): string | undefined {
  return node[':@']?.[`@${name}`];
}

function repeatCount(node: XmlNode, name: string): number {
  const n = Number(attr(node, name) ?? '1');
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/** Text of a paragraph-like element, following the ODF whitespace elements. */
function inlineText(nodes: XmlNode[]): string {
  let out = '';
  for (const node of nodes) {
    const tag = tagOf(node);
    if (tag === '#text') out += String(node['#text']);
    else if (tag === 'text:s') out += ' '.repeat(Math.min(repeatCount(node, 'text:c'), 10_000));
    else if (tag === 'text:tab') out += '\t';
    else if (tag === 'text:line-break') out += '\n';
    else if (tag === 'office:annotation' || tag === 'text:note') continue;
    else out += inlineText(children(node));
  }
  return out;
}

function cellText(node: XmlNode): RawCell {
  const formula = attr(node, 'table:formula');
  if (formula !== undefined) {
    // Strip the namespace prefix (`of:`, `oooc:`, `msoxl:`) and keep the formula itself.
    const body = formula.replace(/^[a-z]+:(?==)/i, '');
    return cell(body.startsWith('=') ? body : `=${body}`, true);
  }
  const paragraphs = children(node).filter((c) => tagOf(c) === 'text:p' || tagOf(c) === 'text:h');
  const dateValue = attr(node, 'office:value-type') === 'date' ? attr(node, 'office:date-value') : undefined;
  if (paragraphs.length > 0) {
    const text = cell(paragraphs.map((p) => inlineText(children(p))).join('\n'));
    return dateValue === undefined ? text : { ...text, dateValue };
  }
  // A value without display text (rare; some generators omit text:p).
  const value =
    attr(node, 'office:value') ??
    attr(node, 'office:date-value') ??
    attr(node, 'office:string-value') ??
    attr(node, 'office:boolean-value');
  return cell(value ?? '');
}

function readRow(node: XmlNode): RawCell[] {
  const cells: RawCell[] = [];
  let pendingEmpty = 0;
  for (const c of children(node)) {
    const tag = tagOf(c);
    if (tag !== 'table:table-cell' && tag !== 'table:covered-table-cell') continue;
    const repeat = repeatCount(c, 'table:number-columns-repeated');
    const value = cellText(c);
    if (value.text === '' && !value.formula) {
      pendingEmpty += repeat;
      continue;
    }
    // Empty runs only matter when a value follows them (trailing runs pad to column 1024+).
    for (let i = 0; i < pendingEmpty && cells.length < MAX_COLUMNS; i++) cells.push(cell(''));
    pendingEmpty = 0;
    for (let i = 0; i < repeat && cells.length < MAX_COLUMNS; i++) cells.push({ ...value });
  }
  return cells;
}

function collectRows(nodes: XmlNode[], into: XmlNode[]): void {
  for (const node of nodes) {
    const tag = tagOf(node);
    if (tag === 'table:table-row') into.push(node);
    else if (
      tag === 'table:table-header-rows' ||
      tag === 'table:table-row-group' ||
      tag === 'table:table-rows'
    ) {
      collectRows(children(node), into);
    }
  }
}

function findTables(nodes: XmlNode[], into: XmlNode[]): void {
  for (const node of nodes) {
    const tag = tagOf(node);
    if (tag === 'table:table') into.push(node);
    else if (tag !== '#text') findTables(children(node), into);
  }
}

/**
 * Read the first sheet with a plan header row (else the first sheet with content) from an ODS file.
 * Throws OdsFormatError on a broken file.
 */
export function readOds(bytes: Uint8Array): RawTable {
  const sheets = readOdsSheets(bytes);
  return (
    sheets.find((t) => t.rows.some((r) => looksLikeHeader(r.cells))) ??
    sheets[0] ?? { format: 'ods', rows: [] }
  );
}

/** Every sheet with content of an ODS file, in order. Throws OdsFormatError on a broken file. */
export function readOdsSheets(bytes: Uint8Array): RawTable[] {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (f.name !== 'content.xml') return false;
        if (f.originalSize > MAX_CONTENT_BYTES) throw new OdsFormatError('content.xml is too large');
        return true;
      },
    });
  } catch (err) {
    if (err instanceof OdsFormatError) throw err;
    throw new OdsFormatError(`not a valid ODS (zip) file: ${(err as Error).message}`, { cause: err });
  }
  const content = files['content.xml'];
  if (!content) throw new OdsFormatError('not an ODS file: content.xml is missing');
  const xml = Buffer.from(content).toString('utf8');
  // ODF never declares a DTD; refusing one rules out entity-expansion attacks.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new OdsFormatError('content.xml declares a DTD (not ODF)');
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
  });
  let doc: XmlNode[];
  try {
    doc = parser.parse(xml) as XmlNode[];
  } catch (err) {
    throw new OdsFormatError(`content.xml is not valid XML: ${(err as Error).message}`, { cause: err });
  }
  const tables: XmlNode[] = [];
  findTables(doc, tables);
  const out: RawTable[] = [];
  for (const table of tables) {
    const rowNodes: XmlNode[] = [];
    collectRows(children(table), rowNodes);
    const rows: RawTable['rows'] = [];
    let rowNumber = 0;
    for (const rowNode of rowNodes) {
      const repeat = repeatCount(rowNode, 'table:number-rows-repeated');
      const cells = readRow(rowNode);
      if (cells.every((c) => c.text.trim() === '' && !c.formula)) {
        rowNumber += repeat;
        continue;
      }
      for (let i = 0; i < repeat; i++) {
        rowNumber += 1;
        if (rows.length >= MAX_ROWS) throw new OdsFormatError(`more than ${MAX_ROWS} rows`);
        rows.push({ row: rowNumber, cells: cells.map((c) => ({ ...c })) });
      }
    }
    if (rows.length === 0) continue;
    const name = attr(table, 'table:name');
    out.push(name === undefined ? { format: 'ods', rows } : { format: 'ods', sheet: name, rows });
  }
  return out;
}
