/**
 * The score of one plan item ↔ dataset pair, from prepared (normalised, featurised) sides.
 *
 *   title    = 0.5 · Dice(normalised titles) + 0.5 · coverage
 *              coverage = 0.75 · shared/|plan title| + 0.25 · shared/|dataset title|
 *              (a platform title that contains the whole plan title plus extra words scores well;
 *              a generic platform title that the plan title merely contains scores less)
 *   titled   = 0.85 · title + 0.15 · Dice(lightly normalised titles)   (tells 資料檔 from its absence)
 *   score    = titled, moved by the description (資料集概述) when both sides have one:
 *              up 30 % of the way towards it when it agrees more than the title does,
 *              down 10 % of the gap when it agrees less (secondary evidence, weighted low).
 *
 * The publisher gate is reported with the score, not folded into it: a `different` agency caps the
 * outcome at needs_review wherever the score lands.
 */
import { nameKey } from '../text/index.js';
import { coverage, dice, overlap } from './bigram-similarity.js';
import type { AgencyGate, ScoreComponents } from './types.js';

export const TITLE_DICE_WEIGHT = 0.5;
export const PLAN_SIDE_COVERAGE_WEIGHT = 0.75;
export const RAW_WEIGHT = 0.15;
export const DESCRIPTION_UP = 0.3;
export const DESCRIPTION_DOWN = 0.1;

export interface PreparedSide {
  normalized: string;
  features: readonly string[];
  lightFeatures: readonly string[];
}

/** The query side keeps its features as sets: it is compared with many documents. */
export interface PreparedQuerySide {
  normalized: string;
  featureSet: ReadonlySet<string>;
  lightFeatureSet: ReadonlySet<string>;
  descriptionFeatures: readonly string[];
}

export interface PreparedDocSide extends PreparedSide {
  hasDescription: boolean;
  /** Features of the title and description together (built on first use). */
  textFeatures: () => ReadonlySet<string>;
}

/** Title similarity from counts (also the candidate index's approximate order). */
export function titleSimilarity(
  shared: number,
  planSize: number,
  datasetSize: number,
): { dice: number; coverage: number; title: number } {
  if (planSize === 0 || datasetSize === 0) return { dice: 0, coverage: 0, title: 0 };
  const d = (2 * shared) / (planSize + datasetSize);
  const c =
    PLAN_SIDE_COVERAGE_WEIGHT * (shared / planSize) +
    (1 - PLAN_SIDE_COVERAGE_WEIGHT) * (shared / datasetSize);
  return { dice: d, coverage: c, title: TITLE_DICE_WEIGHT * d + (1 - TITLE_DICE_WEIGHT) * c };
}

/** The `title` part of titleSimilarity without allocating (hot loop of the candidate index). */
export function titleScore(shared: number, planSize: number, datasetSize: number): number {
  if (planSize === 0 || datasetSize === 0) return 0;
  return (
    TITLE_DICE_WEIGHT * ((2 * shared) / (planSize + datasetSize)) +
    (1 - TITLE_DICE_WEIGHT) *
      (PLAN_SIDE_COVERAGE_WEIGHT * (shared / planSize) +
        (1 - PLAN_SIDE_COVERAGE_WEIGHT) * (shared / datasetSize))
  );
}

export function scorePair(
  item: PreparedQuerySide,
  dataset: PreparedDocSide,
  agency: AgencyGate,
): { score: number; components: ScoreComponents } {
  const shared = overlap(dataset.features, item.featureSet);
  const t = titleSimilarity(shared, item.featureSet.size, dataset.features.length);
  const rawDice = dice(dataset.lightFeatures, item.lightFeatureSet);
  const titled = (1 - RAW_WEIGHT) * t.title + RAW_WEIGHT * rawDice;
  const both = item.descriptionFeatures.length > 0 && dataset.hasDescription;
  const description = both ? coverage(item.descriptionFeatures, dataset.textFeatures()) : 0;
  const score = !both
    ? titled
    : description > titled
      ? titled + DESCRIPTION_UP * (description - titled)
      : titled - DESCRIPTION_DOWN * (titled - description);
  return {
    score: round4(score),
    components: {
      titleDice: round4(t.dice),
      titleCoverage: round4(t.coverage),
      rawDice: round4(rawDice),
      description: both ? round4(description) : null,
      agency,
    },
  };
}

export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

export interface AgencyNames {
  name: string;
  aliases: readonly string[];
}

/**
 * Compares publishers by canonical name: 勞動力發展署, 勞發署 and 勞動部勞動力發展署 are one agency
 * when the agency list says so. Unknown on either side is `unknown`, never `different`.
 */
export function createAgencyGate(
  agencies: readonly AgencyNames[],
): (a: string | null, b: string | null) => AgencyGate {
  const canonical = new Map<string, string>();
  for (const agency of agencies) {
    const target = nameKey(agency.name);
    for (const n of [agency.name, ...agency.aliases]) {
      const key = nameKey(n);
      if (key && !canonical.has(key)) canonical.set(key, target);
    }
  }
  const canon = (value: string): string => {
    const key = nameKey(value);
    return canonical.get(key) ?? (key.startsWith('勞動部') ? canonical.get(key.slice(3)) : undefined) ?? key;
  };
  const cache = new Map<string, string>();
  const cached = (value: string): string => {
    let c = cache.get(value);
    if (c === undefined) {
      c = canon(value);
      cache.set(value, c);
    }
    return c;
  };
  return (a, b) => {
    if (!a || !b || !a.trim() || !b.trim()) return 'unknown';
    return cached(a) === cached(b) ? 'same' : 'different';
  };
}
