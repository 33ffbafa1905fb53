/**
 * One row of the catalogue export (CSV or JSON, §3 of the reference), after the parser has mapped
 * the Chinese headers to these keys. Every value is text (the CSV has no types; the JSON export's
 * numbers are turned into text). Required: id, title, publisher. The daily changed export adds
 * `changeStatus` (`資料集變動狀態`).
 */
import { z } from 'zod';
import { NAIVE_TIMESTAMP, datasetIdSchema } from './platform-common.js';

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

const text = z
  .union([z.string(), z.number(), z.null(), z.undefined()])
  .transform((v) => (v === null || v === undefined ? '' : String(v)));

const timestamp = text.pipe(
  z.string().refine((s) => s.trim() === '' || NAIVE_TIMESTAMP.test(s.trim()), {
    message: 'expected YYYY-MM-DD HH:mm:ss[.ffffff]',
  }),
);

export const exportRowSchema = z.object({
  datasetId: datasetIdSchema,
  title: text.pipe(z.string().refine((s) => s.trim() !== '', 'title is empty')),
  provisionType: text,
  category: text,
  quality: text,
  formats: text,
  downloadUrls: text,
  encodings: text,
  uploadMethod: text,
  description: text,
  fields: text,
  publisher: text.pipe(z.string().refine((s) => s.trim() !== '', 'publisher (提供機關) is empty')),
  updateFrequency: text,
  license: text,
  relatedUrl: text,
  cost: text,
  contactName: text,
  contactPhone: text,
  publishedAt: timestamp,
  modifiedAt: timestamp,
  notes: text,
  amounts: text,
  changeStatus: z.enum(CHANGE_STATUSES).optional(),
});
export type ExportRow = z.output<typeof exportRowSchema>;
