/** Read side of the plan: versions, current items and the change history of an item. */
import type { Kysely } from 'kysely';
import type { Database, PlanChange, PlanItem, PlanVersion } from '../db/index.js';

export interface PlanListing {
  versions: PlanVersion[];
  items: PlanItem[];
}

/** Every version (oldest first) and every item (removed ones included), optionally for one label. */
export async function listPlan(db: Kysely<Database>, options: { label?: string } = {}): Promise<PlanListing> {
  let versions = db.selectFrom('plan_versions').selectAll().orderBy('id');
  let items = db.selectFrom('plan_items').selectAll().orderBy('label').orderBy('seq');
  if (options.label !== undefined) {
    versions = versions.where('label', '=', options.label);
    items = items.where('label', '=', options.label);
  }
  return { versions: await versions.execute(), items: await items.execute() };
}

export interface PlanHistoryEntry extends Pick<PlanChange, 'kind' | 'old_value' | 'new_value' | 'plan_key'> {
  versionId: number;
  label: string;
  fileName: string;
  importedAt: Date;
}

/**
 * The history of an item: `plan_key` (`104-1#5`) or a bare 序號 (`5`, in every label, or in
 * `label` when given). Oldest change first.
 */
export async function planHistory(
  db: Kysely<Database>,
  keyOrSeq: string,
  options: { label?: string } = {},
): Promise<{ items: PlanItem[]; changes: PlanHistoryEntry[] }> {
  const seq = /^\s*\d+\s*$/.test(keyOrSeq) ? Number(keyOrSeq) : null;
  let itemQuery = db.selectFrom('plan_items').selectAll();
  itemQuery =
    seq === null ? itemQuery.where('plan_key', '=', keyOrSeq.trim()) : itemQuery.where('seq', '=', seq);
  if (options.label !== undefined) itemQuery = itemQuery.where('label', '=', options.label);
  const items = await itemQuery.orderBy('label').execute();
  if (items.length === 0) return { items, changes: [] };
  const rows = await db
    .selectFrom('plan_changes as c')
    .innerJoin('plan_versions as v', 'v.id', 'c.version_id')
    .select([
      'c.plan_key',
      'c.kind',
      'c.old_value',
      'c.new_value',
      'v.id as versionId',
      'v.label',
      'v.file_name as fileName',
      'v.imported_at as importedAt',
    ])
    .where(
      'c.plan_key',
      'in',
      items.map((i) => i.plan_key),
    )
    .orderBy('c.plan_key')
    .orderBy('c.version_id')
    .orderBy('c.id')
    .execute();
  return { items, changes: rows };
}
