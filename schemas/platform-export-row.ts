/**
 * One row of the catalogue export (CSV or JSON, docs/platform-api.md), after the parser has mapped
 * the Chinese headers to these keys. Every value is text (the CSV has no types; the JSON export's
 * numbers are turned into text). Required: id, title, publisher. The daily changed export adds
 * `changeStatus` (`資料集變動狀態`).
 */
import { z } from 'zod';
import { isPlatformTimestamp, type InvalidCell } from './platform-common.js';

/** Header name → key. `資資料集上架方式` is matched by its suffix `上架方式` (see EXPORT_HEADER_SUFFIXES). */
export const EXPORT_HEADERS = {
  資料集識別碼: 'datasetId',
  資料集名稱: 'title',
  資料提供屬性: 'provisionType',
  服務分類: 'category',
  品質檢測: 'quality',
  檔案格式: 'formats',
  資料下載網址: 'downloadUrls',
  編碼格式: 'encodings',
  資資料集上架方式: 'uploadMethod',
  資料集描述: 'description',
  主要欄位說明: 'fields',
  提供機關: 'publisher',
  更新頻率: 'updateFrequency',
  授權方式: 'license',
  相關網址: 'relatedUrl',
  計費方式: 'cost',
  提供機關聯絡人姓名: 'contactName',
  提供機關聯絡人電話: 'contactPhone',
  上架日期: 'publishedAt',
  詮釋資料更新時間: 'modifiedAt',
  備註: 'notes',
  資料量: 'amounts',
  資料集變動狀態: 'changeStatus',
} as const;

export type ExportKey = (typeof EXPORT_HEADERS)[keyof typeof EXPORT_HEADERS];

/** Headers recognised by suffix (the doubled 資 may be fixed one day). */
export const EXPORT_HEADER_SUFFIXES: ReadonlyArray<readonly [string, ExportKey]> = [
  ['上架方式', 'uploadMethod'],
];

/** Columns a catalogue export must have; any other may be missing. */
export const REQUIRED_EXPORT_KEYS: readonly ExportKey[] = ['datasetId', 'title', 'publisher'];

export const CHANGE_STATUSES = ['資料集上架', '資料集修改', '資料集下架'] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

// Cells are text (the JSON export's numbers are turned into text by the parser before validation):
// plain string schemas keep validation cheap at 53,000+ rows.
const text = z.string();
// Indexed columns (title key, publisher): a btree entry holds at most ~2.7 kB.
const required = (what: string, max: number) =>
  z.string().refine((s) => s.length <= max && s.trim() !== '', {
    error: (issue) =>
      String(issue.input).trim() === '' ? `${what} is empty` : `${what} is longer than ${max} characters`,
  });
const TIMESTAMP_MESSAGE = 'not a date/time on the calendar (expected YYYY-MM-DD HH:mm:ss or YYYY/MM/DD)';
/** Optional: an invalid cell does not reject the row; it becomes an InvalidCell (stored as null, noted). */
const timestamp = z
  .string()
  .transform((s): string | InvalidCell =>
    s === '' || isPlatformTimestamp(s) ? s : { invalid: s, message: TIMESTAMP_MESSAGE },
  );

export const exportRowSchema = z.object({
  datasetId: z
    .string()
    .transform((v) => v.trim())
    .pipe(z.string().regex(/^\d{1,12}$/, 'dataset id must be digits')),
  title: required('title', 500),
  provisionType: text.default(''),
  category: text.default(''),
  quality: text.default(''),
  formats: text.default(''),
  downloadUrls: text.default(''),
  encodings: text.default(''),
  uploadMethod: text.default(''),
  description: text.default(''),
  fields: text.default(''),
  publisher: required('publisher (提供機關)', 200),
  updateFrequency: text.default(''),
  license: text.default(''),
  relatedUrl: text.default(''),
  cost: text.default(''),
  contactName: text.default(''),
  contactPhone: text.default(''),
  publishedAt: timestamp.default(''),
  modifiedAt: timestamp.default(''),
  notes: text.default(''),
  amounts: text.default(''),
  changeStatus: z.enum(CHANGE_STATUSES).optional(),
});
export type ExportRow = z.output<typeof exportRowSchema>;
