import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { AlertDiscrepancy } from './alert-message.js';

/** The reconciliation's open discrepancies (`resolved_at is null`), oldest first, with a human title. */
export async function openDiscrepancies(db: Kysely<Database>): Promise<AlertDiscrepancy[]> {
  const rows = await db
    .selectFrom('discrepancies as d')
    .leftJoin('plan_items as p', 'p.plan_key', 'd.plan_key')
    .leftJoin('datasets as ds', 'ds.dataset_id', 'd.dataset_id')
    .select([
      'd.id',
      'd.kind',
      'd.plan_key',
      'd.dataset_id',
      'p.title as planTitle',
      'ds.title as datasetTitle',
    ])
    .where('d.resolved_at', 'is', null)
    .orderBy('d.first_seen')
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    planKey: r.plan_key,
    datasetId: r.dataset_id,
    title: r.planTitle ?? r.datasetTitle ?? null,
  }));
}
