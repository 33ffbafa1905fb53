/**
 * The score of one plan item ↔ dataset pair, from prepared (normalised, featurised) sides.
 *
 *   title   = 0.5 · Dice(normalised) + 0.5 · containment(normalised)
 *   titled  = 0.85 · title + 0.15 · Dice(lightly normalised)      (tells 資料檔 from its absence)
 *   score   = titled + 0.15 · max(0, description − titled)        (description only ever helps)
 *
 * The publisher gate is reported with the score, not folded into it: a `different` agency caps the
 * outcome at needs_review wherever the score lands.
 */
import { nameKey } from '../text/index.js';
import { containment, coverage, dice } from './bigram-similarity.js';
import type { AgencyGate, ScoreComponents } from './types.js';

export const TITLE_DICE_WEIGHT = 0.5;
export const RAW_WEIGHT = 0.15;
export const DESCRIPTION_WEIGHT = 0.15;

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

export function scorePair(
  item: PreparedQuerySide,
  dataset: PreparedSide & { textFeatures: () => ReadonlySet<string> },
  agency: AgencyGate,
): { score: number; components: ScoreComponents } {
  const titleDice = dice(dataset.features, item.featureSet);
  const titleContainment = containment(dataset.features, item.featureSet);
  const rawDice = dice(dataset.lightFeatures, item.lightFeatureSet);
  const description =
    item.descriptionFeatures.length > 0 ? coverage(item.descriptionFeatures, dataset.textFeatures()) : 0;
  const title = TITLE_DICE_WEIGHT * titleDice + (1 - TITLE_DICE_WEIGHT) * titleContainment;
  const titled = (1 - RAW_WEIGHT) * title + RAW_WEIGHT * rawDice;
  const score = titled + DESCRIPTION_WEIGHT * Math.max(0, description - titled);
  return {
    score: round4(score),
    components: {
      titleDice: round4(titleDice),
      titleContainment: round4(titleContainment),
      rawDice: round4(rawDice),
      description: round4(description),
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
