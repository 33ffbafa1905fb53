/**
 * Learning from confirmations: for each pair a person confirmed that the matcher did not match
 * automatically, the one differing piece of the normalised titles (plan side → platform side, e.g.
 * ntqp → ntda) is proposed as a synonym when adding it would have made the pair automatic. The
 * operator accepts a suggestion by adding it to ODSYNC_MATCH_SYNONYMS; nothing is applied here.
 */
import { createMatcher, matchPlanItems } from './match-plan-items.js';
import { DEFAULT_MATCH_OPTIONS, type MatchOptions } from './match-options.js';
import { DEFAULT_SYNONYMS } from './synonyms.js';
import type { DatasetInput, MatchDecisionInput, PlanItemInput } from './types.js';

/** Longest abbreviation or renamed word proposed (longer differences are not renames). */
export const MAX_SYNONYM_LENGTH = 8;

export interface SynonymSuggestion {
  /** Written in the plan (the table's key). */
  from: string;
  /** Written on the platform (the table's value). */
  to: string;
  /** The confirmed pairs this entry would have matched automatically. */
  pairs: {
    planKey: string;
    planTitle: string;
    datasetId: string;
    datasetTitle: string;
    before: number;
    after: number;
  }[];
}

/** The one differing piece of two strings once their common prefix and suffix are removed. */
export function differingPiece(a: string, b: string): { from: string; to: string } | null {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (
    end < a.length - start &&
    end < b.length - start &&
    a[a.length - 1 - end] === b[b.length - 1 - end]
  ) {
    end++;
  }
  // Words only inserted on one side are extra words, not a rename.
  if (start + end >= a.length || start + end >= b.length) return null;
  // A Latin abbreviation is replaced as a whole word; a Chinese one needs two characters (外勞,
  // not 勞: a one-character entry would rewrite every title that has it).
  const word = (c: string | undefined) => c !== undefined && /[a-z0-9]/i.test(c);
  while (start > 0 && word(a[start - 1]) && (word(a[start]) || word(b[start]))) start--;
  while (end > 0 && word(a[a.length - end]) && (word(a[a.length - end - 1]) || word(b[b.length - end - 1])))
    end--;
  while (Math.min(a.length - end - start, b.length - end - start) < 2 && start > 0) start--;
  while (Math.min(a.length - end - start, b.length - end - start) < 2 && end > 0) end--;
  const from = a.slice(start, a.length - end);
  const to = b.slice(start, b.length - end);
  if (from === to || from.length > MAX_SYNONYM_LENGTH || to.length > MAX_SYNONYM_LENGTH) return null;
  return { from, to };
}

/**
 * Suggestions from the effective confirmations (the last decision on a pair wins), best supported
 * first. Only pairs below the high threshold today count; a suggestion must lift one above it.
 */
export function suggestSynonyms(input: {
  items: readonly PlanItemInput[];
  datasets: readonly DatasetInput[];
  decisions: readonly MatchDecisionInput[];
  options?: Partial<MatchOptions>;
}): SynonymSuggestion[] {
  const opts: MatchOptions = { ...DEFAULT_MATCH_OPTIONS, ...input.options };
  const synonyms = opts.synonyms ?? DEFAULT_SYNONYMS;
  const last = new Map<string, MatchDecisionInput>();
  for (const d of input.decisions) last.set(`${d.planKey}\u0000${d.datasetId}`, d);
  const itemByKey = new Map(input.items.map((i) => [i.planKey, i]));
  const datasetById = new Map(input.datasets.map((d) => [d.datasetId, d]));

  const byEntry = new Map<string, SynonymSuggestion>();
  for (const d of last.values()) {
    if (d.decision !== 'confirm') continue;
    const item = itemByKey.get(d.planKey);
    const dataset = datasetById.get(d.datasetId);
    if (!item || !dataset) continue;
    const scoreWith = (table: Readonly<Record<string, string>>) =>
      matchPlanItems([item], createMatcher([dataset], { ...opts, synonyms: table }))[0]!;
    const now = scoreWith(synonyms);
    if (now.outcome === 'matched') continue;
    const { normalizer } = createMatcher([], { ...opts, synonyms });
    const piece = differingPiece(normalizer.normalize(item.title), normalizer.normalize(dataset.title));
    if (!piece || piece.from in synonyms) continue;
    const after = scoreWith({ ...synonyms, [piece.from]: piece.to });
    if (after.outcome !== 'matched') continue;
    const key = `${piece.from}\u0000${piece.to}`;
    const entry = byEntry.get(key) ?? { ...piece, pairs: [] };
    entry.pairs.push({
      planKey: item.planKey,
      planTitle: item.title,
      datasetId: dataset.datasetId,
      datasetTitle: dataset.title,
      before: now.evidence.candidates[0]?.score ?? 0,
      after: after.score ?? 0,
    });
    byEntry.set(key, entry);
  }
  return [...byEntry.values()].sort(
    (a, b) => b.pairs.length - a.pairs.length || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0),
  );
}
