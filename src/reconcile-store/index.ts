/** Reconciliation storage: load inputs from the database, store results, manual decisions. */
export { runReconcileStage, reconcileOptions, type ReconcileStageResult } from './run-reconcile.js';
export { loadReconcileInput, loadAt, KNOWN_NOW, type LoadAt } from './load-input.js';
export { saveReconcileResult, type SaveOutcome } from './save-result.js';
export { resolvePlanItem, recordDecision, type PlanItemRef, type RecordDecisionInput } from './decisions.js';
export { matchList, latestReconcileRun, type MatchList, type MatchListEntry } from './match-list.js';
export { reconcileReportStore } from './report-port.js';
export { synonymSuggestions } from './suggest-synonyms.js';
