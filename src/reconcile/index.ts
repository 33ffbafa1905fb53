/** Reconciliation (pure): plan items × platform datasets → matches, statuses, discrepancies. */
export {
  reconcile,
  datasetsAsOf,
  type ReconcileInput,
  type ReconcileOptions,
  type ReconcileResult,
} from './reconcile.js';
export { createMatcher, matchPlanItems, type Matcher } from './match-plan-items.js';
export { DEFAULT_MATCH_OPTIONS, checkMatchOptions, type MatchOptions } from './match-options.js';
export { DEFAULT_SYNONYMS, mergeSynonyms, type SynonymTable } from './synonyms.js';
export { createTitleNormalizer, GENERIC_SUFFIXES, type TitleNormalizer } from './normalize-title.js';
export { bigramFeatures, dice } from './bigram-similarity.js';
export { maxWeightAssignment } from './assign.js';
export { computeStatuses } from './compute-statuses.js';
export {
  computeDiscrepancies,
  staleness,
  DEFAULT_DISCREPANCY_OPTIONS,
  type DiscrepancyOptions,
} from './compute-discrepancies.js';
export { discrepancyId } from './discrepancy-id.js';
export { parseUpdateFrequency } from './update-frequency.js';
export { daysBetween, isIsoDate, addDays } from './dates.js';
export { linkRequests } from './link-requests.js';
export {
  suggestSynonyms,
  differingPiece,
  MAX_SYNONYM_LENGTH,
  type SynonymSuggestion,
} from './suggest-synonyms.js';
export * from './types.js';
