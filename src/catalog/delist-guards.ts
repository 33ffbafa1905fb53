/**
 * The last word on delisting: a pass applies delistings only when it is complete. A partial pass
 * (truncated export, quarantined records, failed calls, an unreadable list …) may have missed the
 * very row that says a dataset is still published, so none of its evidence is trusted, whatever
 * the source; the next complete pass decides.
 */
import type { DelistSource } from './catalog-store.js';

export interface DelistCandidate {
  datasetId: string;
  source: DelistSource;
}

export interface DelistGuardInput {
  /** What the pass's sources say is delisted (full-pass absence, changed-export 資料集下架, lists). */
  candidates: readonly DelistCandidate[];
  /** Why the pass is partial; empty when it is complete. */
  partialReasons: readonly string[];
}

export interface DelistGuardResult {
  /** Delistings to record. */
  apply: DelistCandidate[];
  /** Candidates held back (recorded nowhere: the next complete pass finds them again). */
  withheld: DelistCandidate[];
  /** Why candidates were held back, or null when nothing was. */
  reason: string | null;
}

/** Pure: which candidate delistings a pass may apply, and why the rest are held back. */
export function delistGuards(input: DelistGuardInput): DelistGuardResult {
  if (input.partialReasons.length === 0) return { apply: [...input.candidates], withheld: [], reason: null };
  const withheld = [...input.candidates];
  const bySource = new Map<DelistSource, number>();
  for (const c of withheld) bySource.set(c.source, (bySource.get(c.source) ?? 0) + 1);
  const counts = [...bySource].map(([source, n]) => `${n} from ${source}`).join(', ');
  return {
    apply: [],
    withheld,
    reason:
      withheld.length === 0
        ? null
        : `pass partial, ${withheld.length} delisting(s) withheld until a complete pass (${counts})`,
  };
}
