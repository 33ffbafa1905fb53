/**
 * Matches plan items to platform datasets as one assignment:
 *   1. manual decisions first: a confirmed pair is the match; a rejected pair is never proposed;
 *   2. candidates per item from the bigram index, scored exactly (score-pair.ts);
 *   3. the best overall pairing (maximum total score, each dataset used once) over the candidate
 *      edges with an agency that is not `different`: first among pairs ≥ high, then among the
 *      remaining items and datasets with pairs ≥ low;
 *   4. bands: a pairing ≥ high becomes an automatic match unless it is ambiguous (a rival nearly as
 *      good) or a consolation (the item lost a clearly better candidate to another item); a pairing in
 *      [low, high) is needs_review; an item left without a pairing is needs_review when it still has
 *      a candidate ≥ low that no other item holds (wrong-agency ones included), otherwise none.
 * Every outcome carries its evidence: normalised strings, score components, runner-up.
 */
import { maxWeightAssignment, type AssignmentEdge } from './assign.js';
import { DEFAULT_MATCH_OPTIONS, checkMatchOptions, type MatchOptions } from './match-options.js';
import { createTitleNormalizer, type TitleNormalizer } from './normalize-title.js';
import { createAgencyGate } from './score-pair.js';
import { TitleCorpus, type ScoredHit } from './title-corpus.js';
import type {
  DatasetInput,
  ItemMatch,
  MatchDecisionInput,
  MatchEvidence,
  PlanItemInput,
  ScoredCandidate,
} from './types.js';

/** A delisted dataset loses ties against a listed one with the same title (a re-published copy). */
const DELISTED_WEIGHT_PENALTY = 0.02;
const WEIGHT_SCALE = 10_000;
/** Possible matches shown for an item without a match. */
const MAX_POSSIBLE = 3;

export interface Matcher {
  normalizer: TitleNormalizer;
  datasets: TitleCorpus<DatasetInput & { agency: string | null }>;
  options: MatchOptions;
}

/** Prepare the dataset side once (normalise, featurise, index); reusable for request links. */
export function createMatcher(
  datasets: readonly DatasetInput[],
  options: Partial<MatchOptions> = {},
): Matcher {
  const opts: MatchOptions = { ...DEFAULT_MATCH_OPTIONS, ...options };
  checkMatchOptions(opts);
  const agencies = opts.agencies ?? [];
  const normalizer = createTitleNormalizer({
    synonyms: opts.synonyms,
    agencyPrefixes: agencies.flatMap((a) => [a.name, ...a.aliases]),
  });
  const gate = createAgencyGate(agencies);
  const corpus = new TitleCorpus(
    datasets.map((d) => ({ ...d, agency: d.agencyName ?? d.publisherName })),
    normalizer,
    gate,
  );
  return { normalizer, datasets: corpus, options: opts };
}

interface Holder {
  planKey: string;
  kind: 'manual' | 'auto' | 'review';
}

/** Match every plan item. Items are returned in input order. */
export function matchPlanItems(
  items: readonly PlanItemInput[],
  matcher: Matcher,
  decisions: readonly MatchDecisionInput[] = [],
): ItemMatch[] {
  const { options: opts, datasets: corpus } = matcher;
  const { highThreshold: high, lowThreshold: low } = opts;
  const possibleFloor = Math.min(opts.possibleFloor, low);
  const docs = corpus.docs;
  const docById = new Map<string, number>();
  docs.forEach((d, i) => {
    if (!docById.has(d.datasetId)) docById.set(d.datasetId, i);
  });

  // Effective decisions: the last word on each pair wins; the last confirm per item is its match.
  const pairDecision = new Map<string, 'confirm' | 'reject'>();
  for (const d of decisions) pairDecision.set(pairKey(d.planKey, d.datasetId), d.decision);
  const confirmed = new Map<string, string>();
  for (const d of decisions) {
    if (pairDecision.get(pairKey(d.planKey, d.datasetId)) === 'confirm' && d.decision === 'confirm') {
      confirmed.set(d.planKey, d.datasetId);
    }
  }
  const holders = new Map<string, Holder>();
  for (const [planKey, datasetId] of confirmed) {
    if (!holders.has(datasetId)) holders.set(datasetId, { planKey, kind: 'manual' });
  }

  // Candidates per item.
  const queries = items.map((item) =>
    corpus.prepareQuery(item.title, item.description, {
      unit: item.unit,
      adoptedDate: item.adoptedDate ?? null,
      dueDate: item.dueDate,
    }),
  );
  const candidates: ScoredHit[][] = items.map((item, i) => {
    if (confirmed.has(item.planKey)) return [];
    return corpus
      .search(queries[i]!, item.agency, opts.evidenceFloor)
      .filter((h) => pairDecision.get(pairKey(item.planKey, docs[h.doc]!.datasetId)) !== 'reject')
      .slice(0, opts.candidatesPerItem);
  });

  // The assignment, in two rounds: strong pairings (≥ high) first, so a pair of weak pairings can
  // never outweigh one strong one; then the review band (≥ low) among what is left.
  const assigned: (ScoredHit | null)[] = items.map(() => null);
  const takenDocs = new Set<number>();
  for (const floor of [high, low]) {
    const rightOf = new Map<number, number>();
    const docOfRight: number[] = [];
    const edges: AssignmentEdge[] = [];
    candidates.forEach((hits, left) => {
      if (assigned[left]) return;
      for (const h of hits) {
        const doc = docs[h.doc]!;
        if (
          h.score < floor ||
          h.components.agency === 'different' ||
          takenDocs.has(h.doc) ||
          holders.get(doc.datasetId)?.kind === 'manual'
        ) {
          continue;
        }
        let right = rightOf.get(h.doc);
        if (right === undefined) {
          right = docOfRight.length;
          rightOf.set(h.doc, right);
          docOfRight.push(h.doc);
        }
        const penalty = doc.delistedDate !== null ? DELISTED_WEIGHT_PENALTY : 0;
        edges.push({ left, right, weight: Math.max(1, Math.round((h.score - penalty) * WEIGHT_SCALE)) });
      }
    });
    const pairing = maxWeightAssignment(items.length, docOfRight.length, edges);
    pairing.forEach((right, i) => {
      if (right < 0) return;
      const doc = docOfRight[right]!;
      assigned[i] = candidates[i]!.find((h) => h.doc === doc) ?? null;
      takenDocs.add(doc);
    });
  }

  // Bands: tentative automatic matches first (ambiguity needs to know who else is settled).
  const tentativeAuto = assigned.map((h) => h !== null && h.score >= high);
  const assignedDocs = new Set(assigned.filter((h) => h !== null).map((h) => h.doc));
  const strongByDoc = new Map<number, { item: number; score: number }[]>();
  candidates.forEach((hits, k) => {
    for (const c of hits) {
      if (c.score < high || c.components.agency === 'different') continue;
      const list = strongByDoc.get(c.doc) ?? [];
      list.push({ item: k, score: c.score });
      strongByDoc.set(c.doc, list);
    }
  });
  const reasons: string[] = items.map(() => '');
  items.forEach((item, i) => {
    const h = assigned[i];
    if (!h) return;
    const datasetId = docs[h.doc]!.datasetId;
    if (!tentativeAuto[i]) {
      reasons[i] = 'below_high';
      holders.set(datasetId, { planKey: item.planKey, kind: 'review' });
      return;
    }
    // Another free dataset nearly as good for this item, or another unsettled item nearly as good
    // on this dataset: a person decides.
    const rivalDataset = candidates[i]!.some(
      (c) =>
        c.doc !== h.doc &&
        c.score >= high &&
        c.components.agency !== 'different' &&
        h.score - c.score < opts.ambiguityMargin &&
        !assignedDocs.has(c.doc) &&
        !holders.has(docs[c.doc]!.datasetId),
    );
    const rivalItem = (strongByDoc.get(h.doc) ?? []).some(
      (r) => r.item !== i && !tentativeAuto[r.item] && h.score - r.score < opts.ambiguityMargin,
    );
    // The item lost a clearly better candidate to another item: the consolation pairing is the
    // best overall answer, but not a certain one.
    const best = candidates[i]!.find((c) => c.components.agency !== 'different');
    const displaced =
      best !== undefined && best.doc !== h.doc && best.score - h.score >= opts.ambiguityMargin;
    // A dataset titled exactly as the plan (once normalised) that the pairing passed over: other
    // evidence outweighed the title (a question for a person), or another item took it (a consolation).
    const exactOthers =
      corpus.prepared[h.doc]!.normalized === queries[i]!.normalized
        ? []
        : candidates[i]!.filter(
            (c) =>
              c.doc !== h.doc &&
              c.score >= low &&
              c.components.agency !== 'different' &&
              corpus.prepared[c.doc]!.normalized === queries[i]!.normalized,
          );
    const exactFree = exactOthers.some(
      (c) => !assignedDocs.has(c.doc) && !holders.has(docs[c.doc]!.datasetId),
    );
    reasons[i] =
      rivalDataset || rivalItem || exactFree
        ? 'ambiguous'
        : displaced || exactOthers.length > 0
          ? 'displaced'
          : 'auto';
    holders.set(datasetId, { planKey: item.planKey, kind: reasons[i] === 'auto' ? 'auto' : 'review' });
  });

  // One item, several datasets: the item's agency split it per fund, year or region.
  const groups: (number[] | null)[] = items.map((item, i) => {
    if (confirmed.has(item.planKey)) return null;
    const h = assigned[i];
    if (h && reasons[i] === 'auto') return null;
    const members = groupMembers(
      queries[i]!.normalized,
      candidates[i]!.filter((c) => {
        const holder = holders.get(docs[c.doc]!.datasetId);
        return c.score >= low && (holder === undefined || holder.planKey === item.planKey);
      }),
      corpus,
    );
    return members.length >= 2 ? members : null;
  });
  groups.forEach((members, i) => {
    if (!members) return;
    const hits = members.map((doc) => candidates[i]!.find((c) => c.doc === doc)!);
    const auto = hits.every((c) => c.score >= high);
    reasons[i] = auto ? 'group' : 'group_below_high';
    for (const doc of members) {
      holders.set(docs[doc]!.datasetId, { planKey: items[i]!.planKey, kind: auto ? 'auto' : 'review' });
    }
  });

  const toCandidate = (h: ScoredHit, planKey: string): ScoredCandidate => {
    const d = docs[h.doc]!;
    const holder = holders.get(d.datasetId);
    return {
      datasetId: d.datasetId,
      title: d.title,
      normalizedTitle: corpus.prepared[h.doc]!.normalized,
      publisherName: d.publisherName,
      score: h.score,
      components: h.components,
      delisted: d.delistedDate !== null,
      takenBy: holder && holder.planKey !== planKey ? holder.planKey : null,
    };
  };

  return items.map((item, i): ItemMatch => {
    const query = queries[i]!;
    const thresholds = { high, low };
    const base = { itemTitle: item.title, normalizedItemTitle: query.normalized, thresholds };

    const confirmedId = confirmed.get(item.planKey);
    if (confirmedId !== undefined) {
      const doc = docById.get(confirmedId);
      const chosen =
        doc === undefined ? null : toCandidate(corpus.score(query, doc, item.agency), item.planKey);
      const evidence: MatchEvidence = {
        ...base,
        chosen,
        runnerUp: null,
        candidates: chosen ? [chosen] : [],
        reason: doc === undefined ? 'confirmed_not_found' : 'confirmed',
      };
      return {
        planKey: item.planKey,
        outcome: 'matched',
        method: 'manual',
        datasetId: confirmedId,
        score: chosen?.score ?? null,
        evidence,
      };
    }

    const list = candidates[i]!.map((h) => toCandidate(h, item.planKey));
    const members = groups[i];
    if (members) {
      // Status from the earliest publication: the first listed member published.
      const ordered = [...members].sort((a, b) => publicationOrder(docs[a]!, docs[b]!) || a - b);
      const ids = ordered.map((doc) => docs[doc]!.datasetId);
      const inGroup = list.filter((c) => ids.includes(c.datasetId));
      const chosen = inGroup.find((c) => c.datasetId === ids[0])!;
      const auto = reasons[i] === 'group';
      return {
        planKey: item.planKey,
        outcome: auto ? 'matched' : 'needs_review',
        method: auto ? 'auto' : null,
        datasetId: chosen.datasetId,
        datasetIds: ids,
        score: Math.min(...inGroup.map((c) => c.score)),
        evidence: {
          ...base,
          chosen,
          runnerUp: list.find((c) => !ids.includes(c.datasetId)) ?? null,
          candidates: [...inGroup, ...list.filter((c) => !ids.includes(c.datasetId))].slice(
            0,
            Math.max(5, ids.length),
          ),
          reason: reasons[i]!,
          group: ids,
        },
      };
    }
    const h = assigned[i];
    if (h) {
      const chosen = list.find((c) => c.datasetId === docs[h.doc]!.datasetId)!;
      const runnerUp = list.find((c) => c !== chosen) ?? null;
      const auto = reasons[i] === 'auto';
      return {
        planKey: item.planKey,
        outcome: auto ? 'matched' : 'needs_review',
        method: auto ? 'auto' : null,
        datasetId: chosen.datasetId,
        score: chosen.score,
        evidence: { ...base, chosen, runnerUp, candidates: list.slice(0, 5), reason: reasons[i]! },
      };
    }

    // No pairing: is anything left for a person to look at?
    const open = list.filter(
      (c) => c.score >= low && (c.takenBy === null || holders.get(c.datasetId)?.kind === 'review'),
    );
    const best = open[0] ?? null;
    if (best) {
      const runnerUp = list.find((c) => c !== best) ?? null;
      const reason =
        best.components.agency === 'different'
          ? 'agency_mismatch'
          : best.takenBy
            ? 'contested'
            : 'below_high';
      return {
        planKey: item.planKey,
        outcome: 'needs_review',
        method: null,
        datasetId: best.datasetId,
        score: best.score,
        evidence: { ...base, chosen: best, runnerUp, candidates: open.slice(0, 5), reason },
      };
    }
    const runnerUp = list[0] ?? null;
    // 可能相符: the agency's own datasets nobody else holds, above the floor.
    const possible = list
      .filter((c) => c.score >= possibleFloor && c.components.agency !== 'different' && c.takenBy === null)
      .slice(0, MAX_POSSIBLE);
    return {
      planKey: item.planKey,
      outcome: 'none',
      method: null,
      datasetId: null,
      score: null,
      evidence: {
        ...base,
        chosen: null,
        runnerUp,
        candidates: list.slice(0, 5),
        reason: list.some((c) => c.score >= low) ? 'candidates_taken' : 'no_candidate',
        ...(possible.length > 0 ? { possible } : {}),
      },
    };
  });
}

/**
 * The candidates that together form one item split per fund, year or region: each contains the
 * whole normalised plan title in one piece, with its qualifier on the same side (all before, all
 * after, or none: a year split), and no two are titled alike (a dataset listed twice is not a split).
 */
function groupMembers<T extends DatasetInput & { agency: string | null }>(
  planTitle: string,
  hits: readonly ScoredHit[],
  corpus: TitleCorpus<T>,
): number[] {
  if (planTitle.length < 2) return [];
  const bySide = new Map<string, number[]>();
  for (const h of hits) {
    if (h.components.agency !== 'same') continue;
    const title = corpus.prepared[h.doc]!.normalized;
    const at = title.indexOf(planTitle);
    if (at < 0) continue;
    const side = `${at > 0 ? 'before' : ''}${at + planTitle.length < title.length ? 'after' : ''}`;
    if (side === 'beforeafter') continue;
    bySide.set(side, [...(bySide.get(side) ?? []), h.doc]);
  }
  // Containing titles of different shapes (one exact, others with a qualifier): not one split.
  if (bySide.size !== 1) return [];
  let best: number[] = [];
  for (const docs of bySide.values()) {
    const titles = docs.map((d) => corpus.light(d));
    if (new Set(titles).size !== titles.length) continue;
    if (docs.length > best.length) best = docs;
  }
  return best;
}

/** Earliest first publication first; a delisted dataset after every listed one; unknown dates last. */
function publicationOrder(a: DatasetInput, b: DatasetInput): number {
  const listed = Number(a.delistedDate !== null) - Number(b.delistedDate !== null);
  if (listed !== 0) return listed;
  const pa = a.publishedDate ?? '9999-12-31';
  const pb = b.publishedDate ?? '9999-12-31';
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}

function pairKey(planKey: string, datasetId: string): string {
  return `${planKey}\u0000${datasetId}`;
}
