/**
 * report.ods (OpenDocument spreadsheet, ODF 1.3): zipped with fflate, XML written by hand.
 * One table per section, header row repeated on print and frozen (settings.xml), an auto-filter
 * per table (anonymous sheet database ranges, as LibreOffice writes them), dates as
 * `office:value-type="date"` cells, numbers as floats, text neutralised against formula injection.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { neutralizeFormula } from './neutralize-formula.js';
import type { ReportModel } from './report-model.js';
import { reportTables, type ReportTable, type TableCell } from './report-tables.js';
import type { ReportLang } from './strings.js';

const NS = {
  office: 'urn:oasis:names:tc:opendocument:xmlns:office:1.0',
  style: 'urn:oasis:names:tc:opendocument:xmlns:style:1.0',
  text: 'urn:oasis:names:tc:opendocument:xmlns:text:1.0',
  table: 'urn:oasis:names:tc:opendocument:xmlns:table:1.0',
  fo: 'urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0',
  number: 'urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0',
  config: 'urn:oasis:names:tc:opendocument:xmlns:config:1.0',
  meta: 'urn:oasis:names:tc:opendocument:xmlns:meta:1.0',
  manifest: 'urn:oasis:names:tc:opendocument:xmlns:manifest:1.0',
};
const XMLNS = Object.entries(NS)
  .filter(([k]) => k !== 'manifest')
  .map(([k, v]) => `xmlns:${k}="${v}"`)
  .join(' ');
const MIME = 'application/vnd.oasis.opendocument.spreadsheet';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

/**
 * XML text/attribute escape for content.xml: only the characters XML requires (no numeric
 * character references, which some ODF readers do not decode), control characters dropped.
 */
export function escapeXml(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[&<>"]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '',
  );
}

/** Paragraphs of a text cell: one `text:p` per line, tabs and runs of spaces preserved. */
function textParagraphs(value: string): string {
  return value
    .split(/\r\n|\r|\n/)
    .map((line) => {
      const body = escapeXml(line)
        .replace(/\t/g, '<text:tab/>')
        .replace(/ {2,}/g, (m) => ` <text:s text:c="${m.length - 1}"/>`)
        .replace(/^ /, '<text:s/>');
      return `<text:p>${body}</text:p>`;
    })
    .join('');
}

interface CellExtra {
  /** Cell style name (overrides the default date style). */
  style?: string;
  /** Name of a content validation (drop-down list). */
  validation?: string;
}

function cellXml(cell: TableCell, header = false, extra: CellExtra = {}): string {
  const validation = extra.validation ? ` table:content-validation-name="${extra.validation}"` : '';
  const styled = (fallback: string | null) => {
    const name = extra.style ?? fallback;
    return name ? ` table:style-name="${name}"` : '';
  };
  if (cell === null) return `<table:table-cell${styled(null)}${validation}/>`;
  switch (cell.kind) {
    case 'number':
      return `<table:table-cell${styled(null)}${validation} office:value-type="float" office:value="${cell.value}"><text:p>${cell.value}</text:p></table:table-cell>`;
    case 'date':
      return `<table:table-cell${styled('ce_date')}${validation} office:value-type="date" office:date-value="${escapeXml(cell.value)}"><text:p>${escapeXml(cell.value)}</text:p></table:table-cell>`;
    case 'text': {
      const style = styled(header ? 'ce_head' : null);
      return `<table:table-cell${style}${validation} office:value-type="string">${textParagraphs(neutralizeFormula(cell.value))}</table:table-cell>`;
    }
  }
}

/**
 * A sheet with optional input guidance: when `editableColumns` is given the sheet is protected
 * and only those columns can be changed; `shadedColumns` are greyed; `lists` are drop-downs
 * (content validations, warning only, so a value outside the list can still be typed).
 */
export interface OdsSheet extends ReportTable {
  editableColumns?: readonly number[];
  shadedColumns?: readonly number[];
  /** `row` is the 0-based data row (header excluded), `column` 0-based. */
  lists?: ReadonlyArray<{ row: number; column: number; values: readonly string[] }>;
}

/** Column letters for a 1-based index (1 → A, 27 → AA). */
export function columnLetters(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

function quotedSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

function tableXml(table: OdsSheet, index: number): string {
  const cols = table.widths
    .map((w, i) => `<table:table-column table:style-name="co${index}_${i}"/>`)
    .join('');
  const header = `<table:table-header-rows><table:table-row>${table.headers
    .map((h) => cellXml({ kind: 'text', value: h }, true))
    .join('')}</table:table-row></table:table-header-rows>`;
  const editable = new Set(table.editableColumns ?? []);
  const shaded = new Set(table.shadedColumns ?? []);
  const listAt = new Map((table.lists ?? []).map((l) => [`${l.row}:${l.column}`, l]));
  const guided = table.editableColumns !== undefined || shaded.size > 0 || listAt.size > 0;
  const rows = table.rows.map((row, r) => {
    if (!guided) return `<table:table-row>${row.map((c) => cellXml(c)).join('')}</table:table-row>`;
    const cells = table.headers.map((_h, c) => {
      const cell = row[c] ?? null;
      const date = cell?.kind === 'date' ? '_date' : '';
      const style = editable.has(c) ? `ce_edit${date}` : shaded.has(c) ? `ce_lock${date}` : undefined;
      const list = listAt.has(`${r}:${c}`) ? `val${index}_${r}_${c}` : undefined;
      return cellXml(cell, false, { ...(style ? { style } : {}), ...(list ? { validation: list } : {}) });
    });
    return `<table:table-row>${cells.join('')}</table:table-row>`;
  });
  const protect = table.editableColumns !== undefined ? ' table:protected="true"' : '';
  return `<table:table table:name="${escapeXml(table.name)}"${protect}>${cols}${header}${rows.join('')}</table:table>`;
}

/** The drop-down lists of every sheet (`of:cell-content-is-in-list`, ODF 1.2+). */
function validationsXml(tables: OdsSheet[]): string {
  const out: string[] = [];
  tables.forEach((t, ti) => {
    for (const l of t.lists ?? []) {
      const values = l.values.map((v) => `&quot;${escapeXml(v).replace(/&quot;/g, '')}&quot;`).join(';');
      const address = `${quotedSheet(t.name)}.${columnLetters(l.column + 1)}${l.row + 2}`;
      out.push(
        `<table:content-validation table:name="val${ti}_${l.row}_${l.column}" table:condition="of:cell-content-is-in-list(${values})" table:allow-empty-cell="true" table:display-list="unsorted" table:base-cell-address="${escapeXml(address)}">` +
          '<table:error-message table:display="true" table:message-type="warning"/>' +
          '</table:content-validation>',
      );
    }
  });
  return out.length ? `<table:content-validations>${out.join('')}</table:content-validations>` : '';
}

function contentXml(tables: OdsSheet[]): string {
  const columnStyles = tables
    .flatMap((t, ti) =>
      t.widths.map(
        (w, i) =>
          `<style:style style:name="co${ti}_${i}" style:family="table-column"><style:table-column-properties style:column-width="${(w * 0.21).toFixed(2)}cm"/></style:style>`,
      ),
    )
    .join('');
  const guidanceStyles = tables.some((t) => t.editableColumns || t.shadedColumns)
    ? ['', '_date']
        .map(
          (d) =>
            `<style:style style:name="ce_lock${d}" style:family="table-cell" style:parent-style-name="Default"${d ? ' style:data-style-name="N_DATE"' : ''}><style:table-cell-properties fo:background-color="#e8e8e8" style:cell-protect="protected"/></style:style>` +
            `<style:style style:name="ce_edit${d}" style:family="table-cell" style:parent-style-name="Default"${d ? ' style:data-style-name="N_DATE"' : ''}><style:table-cell-properties style:cell-protect="none"/></style:style>`,
        )
        .join('')
    : '';
  const ranges = tables
    .map((t, i) => {
      const sheet = quotedSheet(t.name);
      const last = `${columnLetters(t.headers.length)}${t.rows.length + 1}`;
      return `<table:database-range table:name="__Anonymous_Sheet_DB__${i}" table:target-range-address="${escapeXml(`${sheet}.A1:${sheet}.${last}`)}" table:display-filter-buttons="true"/>`;
    })
    .join('');
  return (
    XML_DECL +
    `<office:document-content ${XMLNS} office:version="1.3">` +
    '<office:automatic-styles>' +
    '<number:date-style style:name="N_DATE"><number:year number:style="long"/><number:text>-</number:text>' +
    '<number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>' +
    '<style:style style:name="ce_date" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N_DATE"/>' +
    '<style:style style:name="ce_head" style:family="table-cell" style:parent-style-name="Default"><style:text-properties fo:font-weight="bold"/></style:style>' +
    guidanceStyles +
    columnStyles +
    '</office:automatic-styles>' +
    `<office:body><office:spreadsheet>${validationsXml(tables)}${tables.map(tableXml).join('')}<table:database-ranges>${ranges}</table:database-ranges></office:spreadsheet></office:body>` +
    '</office:document-content>'
  );
}

function stylesXml(): string {
  return (
    XML_DECL +
    `<office:document-styles ${XMLNS} office:version="1.3"><office:styles>` +
    '<style:style style:name="Default" style:family="table-cell"/>' +
    '</office:styles></office:document-styles>'
  );
}

/** Freeze the header row of every sheet (LibreOffice view settings). */
function settingsXml(tables: OdsSheet[]): string {
  const item = (name: string, type: string, value: string | number) =>
    `<config:config-item config:name="${name}" config:type="${type}">${value}</config:config-item>`;
  const perTable = tables
    .map(
      (t) =>
        `<config:config-item-map-entry config:name="${escapeXml(t.name)}">` +
        item('HorizontalSplitMode', 'short', 0) +
        item('VerticalSplitMode', 'short', 2) +
        item('VerticalSplitPosition', 'int', 1) +
        item('ActiveSplitRange', 'short', 2) +
        item('PositionTop', 'int', 0) +
        item('PositionBottom', 'int', 1) +
        '</config:config-item-map-entry>',
    )
    .join('');
  return (
    XML_DECL +
    `<office:document-settings ${XMLNS} office:version="1.3"><office:settings>` +
    '<config:config-item-set config:name="ooo:view-settings"><config:config-item-map-indexed config:name="Views">' +
    `<config:config-item-map-entry>${item('ViewId', 'string', 'view1')}` +
    `<config:config-item-map-named config:name="Tables">${perTable}</config:config-item-map-named>` +
    (tables[0] ? item('ActiveTable', 'string', escapeXml(tables[0].name)) : '') +
    '</config:config-item-map-entry></config:config-item-map-indexed></config:config-item-set>' +
    '</office:settings></office:document-settings>'
  );
}

function metaXml(generatedAt: string): string {
  const at = escapeXml(generatedAt.replace(/Z$/, ''));
  return (
    XML_DECL +
    `<office:document-meta ${XMLNS} office:version="1.3"><office:meta>` +
    `<meta:generator>odsync</meta:generator><meta:creation-date>${at}</meta:creation-date>` +
    '</office:meta></office:document-meta>'
  );
}

function manifestXml(): string {
  const entry = (path: string, type: string) =>
    `<manifest:file-entry manifest:full-path="${path}" manifest:media-type="${type}"/>`;
  return (
    XML_DECL +
    `<manifest:manifest xmlns:manifest="${NS.manifest}" manifest:version="1.3">` +
    `<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="${MIME}"/>` +
    entry('content.xml', 'text/xml') +
    entry('styles.xml', 'text/xml') +
    entry('meta.xml', 'text/xml') +
    entry('settings.xml', 'text/xml') +
    '</manifest:manifest>'
  );
}

/** Render the spreadsheet as ODS bytes (`mimetype` first and stored, as ODF requires). */
export function renderOds(model: ReportModel, options: { lang?: ReportLang } = {}): Uint8Array {
  return renderOdsSheets(reportTables(model, options.lang), model.report.generatedAt);
}

/** Any set of sheets as ODS bytes; `generatedAt` (ISO instant) pins the metadata and zip times. */
export function renderOdsSheets(tables: OdsSheet[], generatedAt: string): Uint8Array {
  const mtime = new Date(generatedAt);
  const files: Zippable = {
    mimetype: [strToU8(MIME), { level: 0 }],
    'META-INF/manifest.xml': strToU8(manifestXml()),
    'content.xml': strToU8(contentXml(tables)),
    'styles.xml': strToU8(stylesXml()),
    'meta.xml': strToU8(metaXml(generatedAt)),
    'settings.xml': strToU8(settingsXml(tables)),
  };
  return zipSync(files, { level: 6, mtime });
}
