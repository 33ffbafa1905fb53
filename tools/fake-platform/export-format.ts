/** The export's exact CSV/JSON shapes (docs/platform-api.md): 22 Chinese columns, RFC 4180 quoting. */
import type { FakeDataset } from './fake-types.js';

export const EXPORT_COLUMNS = [
  '資料集識別碼',
  '資料集名稱',
  '資料提供屬性',
  '服務分類',
  '品質檢測',
  '檔案格式',
  '資料下載網址',
  '編碼格式',
  '資資料集上架方式',
  '資料集描述',
  '主要欄位說明',
  '提供機關',
  '更新頻率',
  '授權方式',
  '相關網址',
  '計費方式',
  '提供機關聯絡人姓名',
  '提供機關聯絡人電話',
  '上架日期',
  '詮釋資料更新時間',
  '備註',
  '資料量',
] as const;

export function exportCells(d: FakeDataset): string[] {
  return [
    d.id,
    d.title,
    d.provisionType,
    d.category,
    d.quality,
    d.formats.join(';'),
    d.urls.join(';'),
    d.encodings.join(';'),
    d.uploadMethod,
    d.description,
    d.fields,
    d.publisher,
    d.updateFrequency,
    d.license,
    d.relatedUrl,
    d.cost,
    d.contactName,
    d.contactPhone,
    d.publishedAt,
    d.modifiedAt,
    d.notes,
    d.amounts.join(';'),
  ];
}

export function csvCell(c: string): string {
  return /[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c;
}

export function csvLine(cells: readonly string[], eol = '\n'): string {
  return cells.map(csvCell).join(',') + eol;
}

export interface CsvOptions {
  bom?: boolean;
  crlf?: boolean;
  /** Extra trailing column (the changed export's 資料集變動狀態). */
  extra?: { header: string; values: readonly string[] };
  /** Header renames (schema drift). */
  rename?: Readonly<Record<string, string>>;
}

export function exportCsv(rows: readonly FakeDataset[], options: CsvOptions = {}): string {
  const eol = options.crlf ? '\r\n' : '\n';
  const header = EXPORT_COLUMNS.map((c) => options.rename?.[c] ?? c);
  const parts: string[] = [
    (options.bom === false ? '' : '\uFEFF') +
      csvLine(options.extra ? [...header, options.extra.header] : header, eol),
  ];
  rows.forEach((d, i) => {
    const cells = exportCells(d);
    parts.push(csvLine(options.extra ? [...cells, options.extra.values[i] ?? ''] : cells, eol));
  });
  return parts.join('');
}

/** The JSON export: objects keyed by the Chinese column names; 資料集識別碼 as a number. */
export function exportJson(rows: readonly FakeDataset[], extra?: CsvOptions['extra']): string {
  return JSON.stringify(
    rows.map((d, i) => {
      const cells = exportCells(d);
      const o: Record<string, unknown> = {};
      EXPORT_COLUMNS.forEach((c, j) => (o[c] = j === 0 ? Number(cells[0]) : cells[j]));
      if (extra) o[extra.header] = extra.values[i] ?? '';
      return o;
    }),
  );
}
