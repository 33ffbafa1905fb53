/**
 * The score of one plan item ↔ dataset pair, from prepared (normalised, featurised) sides. Every
 * step is a named component stored with the match (docs/matching.md):
 *
 *   title    = 0.5 · Dice(normalised titles) + 0.5 · coverage
 *              coverage = 0.75 · shared/|plan title| + 0.25 · shared/|dataset title|
 *              (a platform title that contains the whole plan title plus extra words scores well;
 *              a generic platform title that the plan title merely contains scores less)
 *   titled   = 0.85 · title + 0.15 · Dice(lightly normalised titles)   (tells 資料檔 from its absence)
 *   named    = max(titled, 0.9 · summaryTitle): the plan's 資料集概述 read as a title (a plan row whose
 *              summary names the platform title exactly)
 *   spelled  = the dataset title spells out the whole plan title with words inserted (in order, at
 *              most three pieces): 40 % of the way up towards 1
 *   score    = spelled, moved by the description evidence (plan 資料集概述, or the plan title when the
 *              plan has none, against the dataset's title, 描述 and 主要欄位說明): up 30 % of the way
 *              when it agrees more, down 10 % of the gap when it agrees less (only when both sides
 *              have a description: one side alone can only agree); then a share of the way up for
 *              the unit (plan 管理單位 named by the publisher or contact) and up or down for the
 *              publication time.
 *
 * The publisher gate is reported with the score, not folded into it: a `different` agency caps the
 * outcome at needs_review wherever the score lands; unit and timing count only for the same agency.
 */
import { nameKey } from '../text/index.js';
import { coverage, dice, overlap } from './bigram-similarity.js';
import { daysBetween } from './dates.js';
import type { AgencyGate, ScoreComponents } from './types.js';

export const TITLE_DICE_WEIGHT = 0.5;
export const PLAN_SIDE_COVERAGE_WEIGHT = 0.75;
export const RAW_WEIGHT = 0.15;
export const DESCRIPTION_UP = 0.3;
export const DESCRIPTION_DOWN = 0.1;
/** A summary that names the dataset is nearly as good as a title that does. */
export const SUMMARY_TITLE_WEIGHT = 0.9;
export const SPELLED_OUT_UP = 0.4;
/** At most this many contiguous pieces for a plan title spelled out inside a dataset title. */
export const SPELLED_OUT_PIECES = 3;
/** A plan unit named by the publisher or contact: this share of the way up towards 1. */
export const UNIT_UP = 0.1;
/** Timing 1 (inside the window): this share of the way up; timing 0 (years before): this share down. */
export const TIMING_WEIGHT = 0.1;
/** The window of a likely publication: from this long before adoption to this long after the due date. */
export const TIMING_BEFORE_ADOPTION_DAYS = 90;
export const TIMING_AFTER_DUE_DAYS = 365;
/** Before the window, timing falls from 1 to 0 over this many days. */
export const TIMING_DECAY_DAYS = 730;
/** Timing of a publication more than a year after the due date: late, but plausible. */
export const TIMING_LATE = 0.5;

export interface PreparedSide {
  normalized: string;
  features: readonly string[];
  lightFeatures: readonly string[];
}

/** The query side keeps its features as sets: it is compared with many documents. */
export interface PreparedQuerySide {
  normalized: string;
  /** The plan title's features (what the description evidence compares when the plan has no summary). */
  features: readonly string[];
  featureSet: ReadonlySet<string>;
  lightFeatureSet: ReadonlySet<string>;
  descriptionFeatures: readonly string[];
  /** The summary's features as a set (summary read as a title); empty without a summary. */
  descriptionFeatureSet: ReadonlySet<string>;
  /** nameKey of the plan's 管理單位, or null. */
  unitKey: string | null;
  /** [from, to] of a likely first publication, or null when the item has no due date. */
  window: { from: string; to: string } | null;
}

export interface PreparedDocSide extends PreparedSide {
  /** The dataset has a 描述 text (only then may disagreement with the plan's summary lower the score). */
  hasDescription: boolean;
  hasFields: boolean;
  /** Features of the title, description and field names together (built on first use). */
  textFeatures: () => ReadonlySet<string>;
  /** nameKey of publisher and contact together ('' when none). */
  unitText: string;
  publishedDate: string | null;
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

/**
 * How many contiguous pieces of `part` appear in order inside `whole` (greedy, longest piece
 * first at each step); 0 when `part` is not spelled out in `whole` at all.
 */
export function spelledOutPieces(part: string, whole: string): number {
  if (part.length === 0 || whole.length < part.length) return 0;
  if (whole.includes(part)) return 1;
  let pieces = 0;
  let at = 0;
  let i = 0;
  while (i < part.length) {
    let len = 0;
    let found = -1;
    // The longest prefix of part[i..] found in whole[at..].
    for (let l = part.length - i; l >= 1; l--) {
      const idx = whole.indexOf(part.slice(i, i + l), at);
      if (idx >= 0) {
        len = l;
        found = idx;
        break;
      }
    }
    if (found < 0) return 0;
    pieces++;
    at = found + len;
    i += len;
  }
  return pieces;
}

/**
 * Likelihood of the publication date for the plan's window: 1 inside [from, to], falling to 0 over
 * TIMING_DECAY_DAYS before it, TIMING_LATE after it; null when either date is unknown.
 */
export function timingScore(
  published: string | null,
  window: { from: string; to: string } | null,
): number | null {
  if (published === null || window === null) return null;
  if (published > window.to) return TIMING_LATE;
  if (published >= window.from) return 1;
  return Math.max(0, 1 - daysBetween(published, window.from) / TIMING_DECAY_DAYS);
}

/** The window of a likely first publication for an item adopted on `adopted` and due on `due`. */
export function timingWindow(
  adopted: string | null | undefined,
  due: string | null,
): { from: string; to: string } | null {
  if (due === null) return null;
  const start = adopted && adopted <= due ? adopted : shiftDays(due, -TIMING_AFTER_DUE_DAYS);
  return { from: shiftDays(start, -TIMING_BEFORE_ADOPTION_DAYS), to: shiftDays(due, TIMING_AFTER_DUE_DAYS) };
}

function shiftDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
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

  const summarySize = item.descriptionFeatureSet.size;
  const summaryTitle =
    summarySize > 0
      ? titleSimilarity(
          overlap(dataset.features, item.descriptionFeatureSet),
          summarySize,
          dataset.features.length,
        ).title
      : null;
  let score = Math.max(titled, summaryTitle === null ? 0 : SUMMARY_TITLE_WEIGHT * summaryTitle);

  // Equal normalised titles are already at the top: lifting them would only hide their rawDice difference.
  const pieces =
    item.normalized === dataset.normalized ? 0 : spelledOutPieces(item.normalized, dataset.normalized);
  // A one-piece containment needs two characters; a spelled-out one needs four (short titles
  // are inside too many others).
  const spelledOut =
    pieces > 0 &&
    pieces <= SPELLED_OUT_PIECES &&
    (pieces === 1 ? item.normalized.length >= 2 : item.normalized.length >= 4);
  if (spelledOut) score += SPELLED_OUT_UP * (1 - score);

  // The plan's summary when it has one, else its title, against everything the dataset says.
  const planSide = item.descriptionFeatures.length > 0 ? item.descriptionFeatures : null;
  const either = planSide !== null || dataset.hasDescription || dataset.hasFields;
  const description = either ? coverage(planSide ?? item.features, dataset.textFeatures()) : null;
  // Only a summary compared with a description may lower the score: one side alone can only agree.
  const both = planSide !== null && dataset.hasDescription;
  if (description !== null) {
    if (description > score) score += DESCRIPTION_UP * (description - score);
    else if (both) score -= DESCRIPTION_DOWN * (score - description);
  }

  const sameAgency = agency === 'same';
  const unit =
    sameAgency && item.unitKey && dataset.unitText ? (dataset.unitText.includes(item.unitKey) ? 1 : 0) : null;
  // Both move the score a share of the way to 1 (or to 0), so they never reorder a pair at the top.
  if (unit === 1) score += UNIT_UP * (1 - score);
  const timing = sameAgency ? timingScore(dataset.publishedDate, item.window) : null;
  if (timing !== null) {
    const move = TIMING_WEIGHT * (2 * timing - 1);
    score += move > 0 ? move * (1 - score) : move * score;
  }

  return {
    score: round4(Math.min(1, Math.max(0, score))),
    components: {
      titleDice: round4(t.dice),
      titleCoverage: round4(t.coverage),
      rawDice: round4(rawDice),
      description: description === null ? null : round4(description),
      summaryTitle: summaryTitle === null ? null : round4(summaryTitle),
      spelledOut,
      unit,
      timing: timing === null ? null : round4(timing),
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
