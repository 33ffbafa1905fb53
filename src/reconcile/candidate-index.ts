/**
 * Inverted index from bigram features to documents, so each plan item is compared only with the
 * datasets that share features with it (never all pairs). Very common features (say 勞工) are
 * skipped for candidate generation when the query has rarer ones; they still count in the score.
 */
import { titleScore } from './score-pair.js';

export interface CandidateHit {
  /** Index of the document in the array the index was built from. */
  doc: number;
  shared: number;
  /** Approximate title similarity from feature counts alone (same formula as the title score). */
  approx: number;
}

export interface CandidateIndexOptions {
  /** A feature in more than this share of documents is "common" (default 0.05). */
  commonShare?: number;
  /** …but never below this many documents (default 500). */
  commonMin?: number;
}

export class CandidateIndex {
  private readonly postings: Int32Array[];
  private readonly featureIds = new Map<string, number>();
  private readonly sizes: Int32Array;
  private readonly counts: Int32Array;
  private readonly commonLimit: number;

  constructor(docs: readonly (readonly string[])[], options: CandidateIndexOptions = {}) {
    const lists: number[][] = [];
    this.sizes = new Int32Array(docs.length);
    docs.forEach((features, doc) => {
      this.sizes[doc] = features.length;
      for (const f of features) {
        let id = this.featureIds.get(f);
        if (id === undefined) {
          id = lists.length;
          this.featureIds.set(f, id);
          lists.push([]);
        }
        lists[id]!.push(doc);
      }
    });
    this.postings = lists.map((l) => Int32Array.from(l));
    this.counts = new Int32Array(docs.length);
    this.commonLimit = Math.max(
      options.commonMin ?? 500,
      Math.floor(docs.length * (options.commonShare ?? 0.05)),
    );
  }

  get size(): number {
    return this.sizes.length;
  }

  /** The `limit` documents with the highest approximate similarity to `features` (best first). */
  query(features: readonly string[], limit: number): CandidateHit[] {
    const lists: Int32Array[] = [];
    for (const f of features) {
      const id = this.featureIds.get(f);
      if (id !== undefined) lists.push(this.postings[id]!);
    }
    if (lists.length === 0) return [];
    lists.sort((a, b) => a.length - b.length);
    // Use rare features; fall back to the two rarest when every feature is common.
    const rare = lists.filter((l) => l.length <= this.commonLimit);
    const used = rare.length > 0 ? rare : lists.slice(0, 2);
    const touched: number[] = [];
    const counts = this.counts;
    for (const list of used) {
      for (let i = 0; i < list.length; i++) {
        const doc = list[i]!;
        if (counts[doc] === 0) touched.push(doc);
        counts[doc]!++;
      }
    }
    // Counts from the rare features are a lower bound; the caller scores the finalists exactly.
    // Keep the best `limit` in a small sorted array instead of sorting every touched document.
    const q = features.length;
    const best: CandidateHit[] = [];
    for (const doc of touched) {
      const shared = counts[doc]!;
      counts[doc] = 0;
      const approx = approxSimilarity(shared, q, this.sizes[doc]!);
      if (best.length === limit) {
        const last = best[limit - 1]!;
        if (approx < last.approx || (approx === last.approx && doc > last.doc)) continue;
        best.pop();
      }
      let at = best.length;
      while (at > 0) {
        const prev = best[at - 1]!;
        if (prev.approx > approx || (prev.approx === approx && prev.doc < doc)) break;
        at--;
      }
      best.splice(at, 0, { doc, shared, approx });
    }
    return best;
  }
}

/** Title similarity from counts, as in score-pair.ts (query = plan side). */
export function approxSimilarity(shared: number, querySize: number, docSize: number): number {
  return titleScore(shared, querySize, docSize);
}
