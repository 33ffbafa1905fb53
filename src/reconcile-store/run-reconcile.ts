/** One reconcile stage: load inputs as of a date, run the pure core, store the result. */
import type { Kysely } from 'kysely';
import type { Config } from '../config/index.js';
import type { Database } from '../db/index.js';
import { MOL_FAMILY } from '../publishers/index.js';
import {
  mergeSynonyms,
  reconcile,
  type DatasetInput,
  type ReconcileOptions,
  type ReconcileResult,
} from '../reconcile/index.js';
import { loadReconcileInput } from './load-input.js';
import { saveReconcileResult, type SaveOutcome } from './save-result.js';

/** The pure core's options from the configuration. */
export function reconcileOptions(config: Pick<Config, 'reconcile' | 'publishers'>): ReconcileOptions {
  const r = config.reconcile;
  return {
    match: {
      highThreshold: r.highThreshold,
      lowThreshold: r.lowThreshold,
      synonyms: mergeSynonyms(r.synonyms),
      agencies: config.publishers ?? MOL_FAMILY,
    },
    discrepancies: { feedbackReplyDays: r.feedbackReplyDays, requestReplyDays: r.requestReplyDays },
  };
}

export interface ReconcileStageResult extends SaveOutcome {
  result: ReconcileResult;
  /** The loaded datasets (every one known by the knowledge cut-off), for the as-of notes. */
  datasets: readonly DatasetInput[];
}

export async function runReconcileStage(
  db: Kysely<Database>,
  runId: number,
  input: {
    asOf: string;
    timeZone: string;
    options: ReconcileOptions;
    today: string;
    /** Knowledge time (replay): only history is recorded, the life cycle is left alone. */
    knownOn?: string | null;
  },
): Promise<ReconcileStageResult> {
  const loaded = await loadReconcileInput(
    db,
    input.asOf,
    input.timeZone,
    input.knownOn,
    input.options.match?.agencies,
  );
  const result = reconcile(loaded, input.options);
  const { match, discrepancies } = input.options;
  const saved = await saveReconcileResult(
    db,
    runId,
    result,
    {
      highThreshold: match?.highThreshold,
      lowThreshold: match?.lowThreshold,
      discrepancies,
    },
    input.today,
    Boolean(input.knownOn),
  );
  return { ...saved, result, datasets: loaded.datasets };
}
