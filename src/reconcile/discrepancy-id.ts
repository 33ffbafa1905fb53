import { createHash } from 'node:crypto';
import type { DiscrepancyKind } from './types.js';

/** A stable id: the same kind and keys give the same id in every run (16 hex chars of SHA-256). */
export function discrepancyId(kind: DiscrepancyKind, ...keys: (string | null)[]): string {
  return createHash('sha256')
    .update([kind, ...keys.map((k) => k ?? '')].join('\u001f'))
    .digest('hex')
    .slice(0, 16);
}
