/**
 * Is a dataset "ours"? Membership tests in order of strength (reference §4): publisherOID (equal
 * to a configured OID or below it), then the export's 提供機關 against configured names/aliases
 * (normalised: NFKC, 臺/台, punctuation), then the identifier prefix (agency code).
 */
import type { Publisher } from '../publishers/index.js';
import { nameKey } from '../text/index.js';

export interface PublisherEvidence {
  oid?: string | null;
  name?: string | null;
  identifier?: string | null;
}

export type PublisherMatch =
  | { ours: true; publisher: string | null; by: 'all' | 'oid' | 'name' | 'identifier' }
  | { ours: false; reason: string };

export class PublisherFilter {
  private readonly byName = new Map<string, Publisher>();

  /** `publishers` null = every publisher is ours. */
  constructor(private readonly publishers: readonly Publisher[] | null) {
    for (const p of publishers ?? []) {
      for (const n of [p.name, ...p.aliases]) this.byName.set(nameKey(n), p);
    }
  }

  get all(): boolean {
    return this.publishers === null;
  }

  /** Cheap first pass on the export row: by normalised name only. */
  matchesName(name: string): boolean {
    return this.publishers === null || this.byName.has(nameKey(name));
  }

  match(e: PublisherEvidence): PublisherMatch {
    if (this.publishers === null) return { ours: true, publisher: e.name ?? null, by: 'all' };
    const byName = e.name ? this.byName.get(nameKey(e.name)) : undefined;
    if (e.oid) {
      let best: Publisher | undefined;
      for (const p of this.publishers) {
        if (p.oid && (e.oid === p.oid || e.oid.startsWith(`${p.oid}.`))) {
          if (!best || (best.oid?.length ?? 0) < p.oid.length) best = p;
        }
      }
      if (best) return { ours: true, publisher: (byName ?? best).name, by: 'oid' };
      // The OID contradicts a name that belongs to a publisher with a known OID: not ours.
      if (byName?.oid)
        return { ours: false, reason: `publisherOID ${e.oid} is not under ${byName.oid} (${byName.name})` };
    }
    if (byName) return { ours: true, publisher: byName.name, by: 'name' };
    if (e.identifier) {
      const p = this.publishers.find((q) => q.agencyCode && e.identifier?.startsWith(q.agencyCode));
      if (p) return { ours: true, publisher: p.name, by: 'identifier' };
    }
    return { ours: false, reason: `publisher ${e.name ?? '(none)'} is not configured` };
  }
}
