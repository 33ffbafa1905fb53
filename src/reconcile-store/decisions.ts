/** Manual match decisions (confirm/reject) and the lookups the CLI needs to record them. */
import type { Kysely } from 'kysely';
import { InputError } from '../errors.js';
import type { Database } from '../db/index.js';

export interface PlanItemRef {
  planKey: string;
  seq: number;
  title: string;
}

/**
 * Resolve `<planKey|seq>`: an exact plan key, or a 序號 that must name exactly one current item
 * (with several plan labels, the key is required). Throws InputError naming the candidates.
 */
export async function resolvePlanItem(db: Kysely<Database>, ref: string): Promise<PlanItemRef> {
  const key = ref.trim();
  const exact = await db
    .selectFrom('plan_items')
    .select(['plan_key', 'seq', 'title'])
    .where('plan_key', '=', key)
    .executeTakeFirst();
  if (exact) return { planKey: exact.plan_key, seq: exact.seq, title: exact.title };
  if (!/^\d+$/.test(key))
    throw new InputError(`找不到計畫項目「${key}」（請用 plan key，例如 104-1#5，或序號）`);
  const rows = await db
    .selectFrom('plan_items')
    .select(['plan_key', 'seq', 'title'])
    .where('seq', '=', Number(key))
    .where('removed_at', 'is', null)
    .orderBy('plan_key')
    .execute();
  if (rows.length === 0) throw new InputError(`找不到序號 ${key} 的計畫項目`);
  if (rows.length > 1) {
    throw new InputError(
      `序號 ${key} 對應多個計畫項目，請改用 plan key：${rows.map((r) => `${r.plan_key}（${r.title}）`).join('、')}`,
    );
  }
  return { planKey: rows[0]!.plan_key, seq: rows[0]!.seq, title: rows[0]!.title };
}

export interface RecordDecisionInput {
  planKey: string;
  datasetId: string;
  decision: 'confirm' | 'reject';
  decidedBy: string;
  decidedAt: Date;
  note: string | null;
}

/** Append a decision. The dataset must be known to the catalogue (a typo must not become a match). */
export async function recordDecision(
  db: Kysely<Database>,
  input: RecordDecisionInput,
): Promise<{ id: number; datasetTitle: string; delisted: boolean }> {
  const datasetId = input.datasetId.trim();
  const dataset = await db
    .selectFrom('datasets')
    .select(['title', 'delisted_at'])
    .where('dataset_id', '=', datasetId)
    .executeTakeFirst();
  if (!dataset)
    throw new InputError(`資料集 ${datasetId} 不在已同步的目錄中（請確認識別碼，或先執行目錄同步）`);
  const row = await db
    .insertInto('match_decisions')
    .values({
      plan_key: input.planKey,
      dataset_id: datasetId,
      decision: input.decision,
      decided_by: input.decidedBy,
      decided_at: input.decidedAt,
      note: input.note,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, datasetTitle: dataset.title, delisted: dataset.delisted_at !== null };
}
