/**
 * The datasets offered to a unit for one plan item: what the stored reconciliation considered
 * (chosen, runner-up, candidates — for an item without a match these include the best datasets
 * below the matching threshold), plus the item's confirmed dataset, minus the pairs a person
 * rejected. One function, so further sources of candidates plug in here.
 */
import type { MatchEvidence, ScoredCandidate } from '../reconcile/index.js';

export interface ReviewCandidate {
  datasetId: string;
  title: string;
  score: number | null;
  /** Below the low threshold: a possible match the matcher would not propose. */
  possible: boolean;
}

export const MAX_CANDIDATES = 8;

export function gatherCandidates(input: {
  evidence: MatchEvidence | null;
  /** The dataset a person confirmed for the item, if any. */
  confirmed: { datasetId: string; title: string } | null;
  /** Dataset ids rejected for this item (latest decision on the pair). */
  rejected: ReadonlySet<string>;
}): ReviewCandidate[] {
  const { evidence, confirmed, rejected } = input;
  const low = evidence?.thresholds.low ?? 0;
  const seen = new Map<string, ReviewCandidate>();
  const add = (c: ScoredCandidate | null | undefined) => {
    if (!c || rejected.has(c.datasetId) || seen.has(c.datasetId)) return;
    seen.set(c.datasetId, {
      datasetId: c.datasetId,
      title: c.title,
      score: c.score,
      possible: c.score < low,
    });
  };
  if (confirmed && !rejected.has(confirmed.datasetId))
    seen.set(confirmed.datasetId, { ...confirmed, score: null, possible: false });
  add(evidence?.chosen);
  // The matcher's 可能相符 first among those below the threshold: the same guesses as the report.
  for (const c of evidence?.possible ?? []) add(c);
  for (const c of evidence?.candidates ?? []) add(c);
  add(evidence?.runnerUp);
  return [...seen.values()]
    .sort((a, b) => (b.score ?? 2) - (a.score ?? 2) || (a.datasetId < b.datasetId ? -1 : 1))
    .slice(0, MAX_CANDIDATES);
}
