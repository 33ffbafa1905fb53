/** `odsync match suggest-synonyms`: the confirmed pairs of the database, as of today, through the pure suggester. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { suggestSynonyms, type ReconcileOptions, type SynonymSuggestion } from '../reconcile/index.js';
import { loadReconcileInput } from './load-input.js';

export async function synonymSuggestions(
  db: Kysely<Database>,
  input: { asOf: string; timeZone: string; options: ReconcileOptions },
): Promise<SynonymSuggestion[]> {
  const loaded = await loadReconcileInput(
    db,
    input.asOf,
    input.timeZone,
    null,
    input.options.match?.agencies,
  );
  return suggestSynonyms({
    items: loaded.planItems,
    datasets: loaded.datasets,
    decisions: loaded.decisions ?? [],
    ...(input.options.match ? { options: input.options.match } : {}),
  });
}
