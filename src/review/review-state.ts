/**
 * The current answers a review import is compared with: each plan item's latest review row and
 * the effective manual decisions (the latest decision on a pair wins; the last confirm is the
 * item's match, as in the matcher).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/index.js';

export interface ItemReviewState {
  reason: string | null;
  expectedDate: string | null;
  remark: string | null;
  confirm: string | null;
  rejects: string[];
  /** File of the latest answer, for conflict detection. */
  sourceFile: string | null;
}

export interface DecisionState {
  /** planKey → its decisions, oldest first. */
  byItem: Map<string, { datasetId: string; decision: 'confirm' | 'reject' }[]>;
}

type Db = Kysely<Database> | Transaction<Database>;

export async function loadDecisionState(db: Db): Promise<DecisionState> {
  const rows = await db
    .selectFrom('match_decisions')
    .select(['plan_key', 'dataset_id', 'decision'])
    .orderBy('decided_at')
    .orderBy('id')
    .execute();
  const state: DecisionState = { byItem: new Map() };
  for (const r of rows) applyDecision(state, r.plan_key, r.dataset_id, r.decision);
  return state;
}

export function applyDecision(
  state: DecisionState,
  planKey: string,
  datasetId: string,
  decision: 'confirm' | 'reject',
): void {
  const list = state.byItem.get(planKey) ?? [];
  list.push({ datasetId, decision });
  state.byItem.set(planKey, list);
}

/** The latest decision on each of the item's pairs. */
export function pairDecisions(state: DecisionState, planKey: string): Map<string, 'confirm' | 'reject'> {
  return new Map((state.byItem.get(planKey) ?? []).map((d) => [d.datasetId, d.decision]));
}

/** The item's confirmed dataset, as the matcher reads decisions: the last confirm that still stands. */
export function confirmedOf(state: DecisionState, planKey: string): string | null {
  const pairs = pairDecisions(state, planKey);
  let out: string | null = null;
  for (const d of state.byItem.get(planKey) ?? [])
    if (d.decision === 'confirm' && pairs.get(d.datasetId) === 'confirm') out = d.datasetId;
  return out;
}

export function rejectedOf(state: DecisionState, planKey: string): Set<string> {
  return new Set([...pairDecisions(state, planKey)].filter(([, d]) => d === 'reject').map(([id]) => id));
}

export async function loadReviewStates(db: Db): Promise<Map<string, ItemReviewState>> {
  const rows = await db
    .selectFrom('plan_item_reviews')
    .select([
      'plan_key',
      'reason',
      'expected_date',
      'remark',
      'confirm_dataset_id',
      'reject_dataset_ids',
      'source_file',
    ])
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
  const out = new Map<string, ItemReviewState>();
  for (const r of rows) {
    out.set(r.plan_key, {
      reason: r.reason,
      expectedDate: r.expected_date,
      remark: r.remark,
      confirm: r.confirm_dataset_id,
      rejects: Array.isArray(r.reject_dataset_ids) ? r.reject_dataset_ids : [],
      sourceFile: r.source_file,
    });
  }
  return out;
}
