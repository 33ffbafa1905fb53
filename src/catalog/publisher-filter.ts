/**
 * Is a dataset "ours"? Membership tests in order of strength (docs/platform-api.md): publisherOID (equal
 * to a configured OID or below it), then the export's 提供機關 against configured names/aliases or
 * beginning with a member's full name (a sub-unit; normalised: NFKC, 臺/台, punctuation), then the
 * identifier prefix (agency code). The longest matching member wins.
 */
import { familyNamer, type FamilyMember, type Publisher } from '../publishers/index.js';

export interface PublisherEvidence {
  oid?: string | null;
  name?: string | null;
  identifier?: string | null;
}

/** How membership was decided: `name_prefix` is a sub-unit whose name begins with a member's. */
export type MembershipBy = 'all' | 'oid' | 'name' | 'name_prefix' | 'identifier';

export type PublisherMatch =
  | {
      ours: true;
      /** The member (agency) the dataset rolls up into; the evidence name with `*`. */
      publisher: string | null;
      /** The publisher's own name when it is a sub-unit below `publisher`, else null. */
      subUnit: string | null;
      by: MembershipBy;
    }
  | { ours: false; reason: string };

export class PublisherFilter {
  private readonly namer: (name: string) => FamilyMember | null;

  /** `publishers` null = every publisher is ours. */
  constructor(private readonly publishers: readonly Publisher[] | null) {
    this.namer = familyNamer(publishers ?? []);
  }

  get all(): boolean {
    return this.publishers === null;
  }

  /** Cheap first pass on the export row, by normalised name: a member or one of its sub-units. */
  matchesName(name: string): boolean {
    return this.publishers === null || this.namer(name) !== null;
  }

  match(e: PublisherEvidence): PublisherMatch {
    if (this.publishers === null) return { ours: true, publisher: e.name ?? null, subUnit: null, by: 'all' };
    const named = e.name ? this.namer(e.name) : null;
    if (e.oid) {
      let best: Publisher | undefined;
      for (const p of this.publishers) {
        if (p.oid && (e.oid === p.oid || e.oid.startsWith(`${p.oid}.`))) {
          if (!best || (best.oid?.length ?? 0) < p.oid.length) best = p;
        }
      }
      if (best) {
        // The name is more precise than an OID that only reaches an ancestor (members without an OID).
        const agency = named && named.agency.name.length > best.name.length ? named.agency : best;
        const subUnit = named && named.agency === agency ? named.subUnit : (e.name?.trim() ?? null);
        return {
          ours: true,
          publisher: agency.name,
          subUnit: subUnit !== null && subUnit !== agency.name ? subUnit : null,
          by: 'oid',
        };
      }
      // The OID contradicts a name that belongs to a publisher with a known OID: not ours.
      if (named?.agency.oid)
        return {
          ours: false,
          reason: `publisherOID ${e.oid} is not under ${named.agency.oid} (${named.agency.name})`,
        };
    }
    if (named)
      return {
        ours: true,
        publisher: named.agency.name,
        subUnit: named.subUnit,
        by: named.subUnit === null ? 'name' : 'name_prefix',
      };
    if (e.identifier) {
      let best: Publisher | undefined;
      for (const p of this.publishers) {
        if (p.agencyCode && e.identifier.startsWith(p.agencyCode)) {
          if (!best || (best.agencyCode?.length ?? 0) < p.agencyCode.length) best = p;
        }
      }
      if (best) return { ours: true, publisher: best.name, subUnit: null, by: 'identifier' };
    }
    return { ours: false, reason: `publisher ${e.name ?? '(none)'} is not configured` };
  }
}
