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

export interface FullPassFigures {
  exportRows: number;
  /** Our datasets listed in this pass. */
  oursRows: number;
  /** The last complete full pass, if any. */
  previous: { exportRows: number; oursRows: number } | null;
  /** The platform's own dataset count, when it could be read. */
  platformCount: number | null;
  /** Export records unreadable even for their dataset id. */
  keylessInvalid: number;
  /** Largest tolerated drop against the last complete pass (ODSYNC_DELIST_DROP_THRESHOLD). */
  dropThreshold: number;
  /** Largest tolerated shortfall against the platform's count. */
  countTolerance: number;
}

/** Pure: why a full pass cannot be trusted to be complete (empty when it can). */
export function fullPassShortfalls(f: FullPassFigures): string[] {
  const out: string[] = [];
  const pct = Math.round(f.dropThreshold * 100);
  if (f.previous && f.exportRows < f.previous.exportRows * (1 - f.dropThreshold)) {
    out.push(
      `export has ${f.exportRows} rows, the last complete pass had ${f.previous.exportRows} (more than ${pct}% fewer)`,
    );
  }
  if (f.previous && f.previous.oursRows > 0 && f.oursRows < f.previous.oursRows * (1 - f.dropThreshold)) {
    out.push(
      `${f.oursRows} of our datasets listed, the last complete pass had ${f.previous.oursRows} (more than ${pct}% fewer)`,
    );
  }
  if (f.platformCount !== null && f.exportRows < f.platformCount * (1 - f.countTolerance)) {
    out.push(
      `export has ${f.exportRows} rows but the platform counts ${f.platformCount} datasets (export truncated?)`,
    );
  }
  if (f.keylessInvalid > 0) out.push(`${f.keylessInvalid} export record(s) unreadable without a dataset id`);
  return out;
}
