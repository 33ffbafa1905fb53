/** Matching configuration: thresholds (from ODSYNC_MATCH_* settings), synonyms, agencies. */
import type { AgencyNames } from './score-pair.js';
import type { SynonymTable } from './synonyms.js';

export interface MatchOptions {
  /** Score at or above which an unambiguous pairing is an automatic match. */
  highThreshold: number;
  /** Score below which a candidate is no match at all; between the two: needs_review. */
  lowThreshold: number;
  /**
   * Two candidates closer than this (both ≥ high) make a pairing ambiguous: needs_review instead of
   * an automatic match (e.g. a dataset listed twice, or two near-twin items on one dataset).
   */
  ambiguityMargin: number;
  /** Candidates kept per plan item for the assignment and the evidence. */
  candidatesPerItem: number;
  /** Candidates below this score are not even shown as evidence. */
  evidenceFloor: number;
  /**
   * An item without a match lists its agency's datasets at or above this score (below low) as
   * 可能相符 (possible matches), so an overdue item is never silent about its best guesses.
   * A low threshold set below it lowers it to the low threshold.
   */
  possibleFloor: number;
  synonyms?: SynonymTable;
  /** Publisher names and aliases (canonicalisation for the agency gate, prefixes to strip). */
  agencies?: readonly AgencyNames[];
}

export const DEFAULT_MATCH_OPTIONS: MatchOptions = Object.freeze({
  highThreshold: 0.75,
  lowThreshold: 0.55,
  ambiguityMargin: 0.02,
  candidatesPerItem: 10,
  evidenceFloor: 0.3,
  possibleFloor: 0.4,
});

/** Validate thresholds (0 < low ≤ high ≤ 1); throws RangeError naming the problem. */
export function checkMatchOptions(options: MatchOptions): void {
  const { highThreshold: high, lowThreshold: low } = options;
  if (!(low > 0 && low <= high && high <= 1)) {
    throw new RangeError(`match thresholds must satisfy 0 < low ≤ high ≤ 1 (low ${low}, high ${high})`);
  }
}
