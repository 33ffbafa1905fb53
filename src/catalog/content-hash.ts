import { hash } from 'node:crypto';
import type { CatalogRecord } from './normalize-record.js';

/**
 * Hash of a record's content: SHA-256 of its JSON's UTF-8 bytes, the bytes stored as the version's
 * `data`. The record has no volatile fields (view, download and comment counts live in their own
 * columns), so equal content ⇔ equal hash; key order is fixed by normalizeRow.
 */
export function contentHash(record: CatalogRecord): string {
  return hash('sha256', JSON.stringify(record), 'base64url');
}

/**
 * The sync's hashing: each record's JSON is UTF-8 encoded once, into a reused buffer, and both
 * hashed and (when it makes a version) copied from there into the COPY data.
 */
export class JsonHasher {
  private buf = Buffer.allocUnsafe(1 << 16);

  /** The JSON's UTF-8 bytes (a view of the reused buffer: valid until the next call) and hash. */
  encode(json: string): { bytes: Buffer; hash: string } {
    if (json.length * 3 > this.buf.length) this.buf = Buffer.allocUnsafe(json.length * 3);
    const bytes = this.buf.subarray(0, this.buf.write(json, 0, 'utf8'));
    return { bytes, hash: hash('sha256', bytes, 'base64url') };
  }
}
