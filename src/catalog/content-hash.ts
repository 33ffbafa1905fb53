import { createHash } from 'node:crypto';
import type { CatalogRecord } from './normalize-record.js';

/**
 * Hash of a record's content. The record has no volatile fields (view, download and comment counts
 * live in their own columns), so equal content ⇔ equal hash; key order is fixed by normalizeRow.
 */
export function contentHash(record: CatalogRecord): string {
  return hashOfJson(JSON.stringify(record));
}

/** contentHash of a record already serialised with JSON.stringify (the sync needs the JSON anyway). */
export function hashOfJson(json: string): string {
  return createHash('sha256').update(json).digest('base64url');
}
