/**
 * Export row (text as received) → the normalised catalogue record stored in `datasets` and
 * `dataset_versions.data`. `;`-joined resource cells become a resource list padded with nulls;
 * timestamps are converted from naive Asia/Taipei explicitly.
 */
import { isInvalidCell, type InvalidCell } from '../../schemas/platform-common.js';
import type { ExportRow } from '../../schemas/platform-export-row.js';
import { naiveInstantAndDate, naiveToInstant } from '../time/index.js';

/** An optional cell stored as null because it failed validation (quarantined as a note). */
export interface FieldNote {
  /** The export's column name. */
  field: string;
  raw: unknown;
  message: string;
}

export interface CatalogResource {
  format: string | null;
  url: string | null;
  encoding: string | null;
  amount: string | null;
}

export interface CatalogRecord {
  datasetId: string;
  title: string;
  description: string;
  publisherName: string;
  updateFrequency: string | null;
  /** 上架日期 as an instant (ISO) and as the Taipei calendar date. */
  publishedAt: string | null;
  publishedDate: string | null;
  /** 詮釋資料更新時間 as an instant (ISO). */
  modifiedAt: string | null;
  provisionType: string | null;
  category: string | null;
  quality: string | null;
  uploadMethod: string | null;
  license: string | null;
  cost: string | null;
  relatedUrl: string | null;
  contactName: string | null;
  contactPhone: string | null;
  notes: string | null;
  fields: string[];
  resources: CatalogResource[];
}

const orNull = (s: string): string | null => {
  const t = s.trim();
  return t === '' ? null : t;
};

/** Split a `;`-joined cell; empty cell → []. Items are trimmed; empty items become null. */
export function splitCell(cell: string): Array<string | null> {
  if (cell.trim() === '') return [];
  const parts = cell.split(';');
  const out: Array<string | null> = new Array<string | null>(parts.length);
  for (let i = 0; i < parts.length; i++) out[i] = orNull(parts[i]!);
  return out;
}

/** Zip the per-resource columns; arity may disagree: pad with nulls, never index blindly. */
export function resourcesOf(
  row: Pick<ExportRow, 'formats' | 'downloadUrls' | 'encodings' | 'amounts'>,
): CatalogResource[] {
  const formats = splitCell(row.formats);
  const urls = splitCell(row.downloadUrls);
  const encodings = splitCell(row.encodings);
  const amounts = splitCell(row.amounts);
  const n = Math.max(formats.length, urls.length, encodings.length, amounts.length);
  const out: CatalogResource[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      format: formats[i] ?? null,
      url: urls[i] ?? null,
      encoding: encodings[i] ?? null,
      amount: amounts[i] ?? null,
    });
  }
  return out;
}

/** Field names of `主要欄位說明` (`;`-separated; `;;`, trailing `;` and blanks dropped). */
export function fieldsOf(cell: string): string[] {
  const out: string[] = [];
  for (const part of cell.split(';')) {
    const name = part.trim();
    if (name !== '') out.push(name);
  }
  return out;
}

/** A timestamp cell the schema rejected becomes '' (null in the record) and a note. */
function cellOrNote(cell: string | InvalidCell, field: string, notes: FieldNote[] | undefined): string {
  if (!isInvalidCell(cell)) return cell;
  notes?.push({ field, raw: cell.invalid, message: cell.message });
  return '';
}

/**
 * Export row → record. Optional cells the schema rejected are stored as null and pushed to
 * `notes`; the schema has already checked every timestamp, so nothing here throws for data.
 */
export function normalizeRow(row: ExportRow, timeZone: string, notes?: FieldNote[]): CatalogRecord {
  const published = cellOrNote(row.publishedAt, '上架日期', notes);
  const modified = cellOrNote(row.modifiedAt, '詮釋資料更新時間', notes);
  const [publishedAt, publishedDate] = naiveInstantAndDate(published, timeZone);
  const modifiedAt = naiveToInstant(modified, timeZone);
  return {
    datasetId: row.datasetId,
    title: row.title.trim(),
    description: row.description.trim(),
    publisherName: row.publisher.trim(),
    updateFrequency: orNull(row.updateFrequency),
    publishedAt: publishedAt?.toISOString() ?? null,
    publishedDate,
    modifiedAt: modifiedAt?.toISOString() ?? null,
    provisionType: orNull(row.provisionType),
    category: orNull(row.category),
    quality: orNull(row.quality),
    uploadMethod: orNull(row.uploadMethod),
    license: orNull(row.license),
    cost: orNull(row.cost),
    relatedUrl: orNull(row.relatedUrl),
    contactName: orNull(row.contactName),
    contactPhone: orNull(row.contactPhone),
    notes: orNull(row.notes),
    fields: fieldsOf(row.fields),
    resources: resourcesOf(row),
  };
}
