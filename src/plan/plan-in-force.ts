/**
 * The plan in force on a day (valid time), from the versions known by a cut-off (knowledge time):
 * per label, the known version with the latest effective date on or before the day (the import
 * day when none was given). A label with no version in force yet is left out; when the day
 * precedes every known version of every label, each label's earliest version stands in, flagged.
 */
import type { Kysely } from 'kysely';
import { localDate } from '../time/index.js';
import type { Database } from '../db/index.js';

export interface PlanVersionInForce {
  id: number;
  label: string;
  fileName: string;
  importedAt: Date;
  /** YYYY-MM-DD: the given effective date, else the import day. */
  effectiveDate: string;
  /** The day precedes every known version of this label: the earliest one stands in. */
  beforeEffective: boolean;
}

export interface PlanItemInForce {
  plan_key: string;
  label: string;
  seq: number;
  title: string;
  description: string;
  unit: string;
  agency: string | null;
  planned_raw: string;
  due_date: string;
  version_id: number;
}

export interface PlanInForce {
  versions: PlanVersionInForce[];
  items: PlanItemInForce[];
}

export async function planInForce(
  db: Kysely<Database>,
  at: { asOf: string; knownUntil: Date; timeZone: string },
): Promise<PlanInForce> {
  const rows = await db
    .selectFrom('plan_versions')
    .select(['id', 'label', 'file_name', 'imported_at', 'effective_date'])
    .where('imported_at', '<', at.knownUntil)
    .orderBy('label')
    .orderBy('id')
    .execute();
  const byLabel = new Map<string, PlanVersionInForce[]>();
  for (const r of rows) {
    const v: PlanVersionInForce = {
      id: r.id,
      label: r.label,
      fileName: r.file_name,
      importedAt: r.imported_at,
      effectiveDate: r.effective_date ?? localDate(r.imported_at, at.timeZone),
      beforeEffective: false,
    };
    byLabel.set(r.label, [...(byLabel.get(r.label) ?? []), v]);
  }
  const versions: PlanVersionInForce[] = [];
  const later = (a: PlanVersionInForce, b: PlanVersionInForce) =>
    a.effectiveDate !== b.effectiveDate ? a.effectiveDate > b.effectiveDate : a.id > b.id;
  for (const list of byLabel.values()) {
    const inForce = list.filter((v) => v.effectiveDate <= at.asOf);
    if (inForce.length > 0) versions.push(inForce.reduce((a, b) => (later(b, a) ? b : a)));
  }
  // A label not yet in force on the day is left out, unless no plan at all was: then every label's
  // earliest version stands in (flagged), rather than an empty answer.
  if (versions.length === 0)
    for (const list of byLabel.values())
      versions.push({ ...list.reduce((a, b) => (later(a, b) ? b : a)), beforeEffective: true });
  const items: PlanItemInForce[] = [];
  for (const v of versions) items.push(...(await versionItems(db, v)));
  items.sort((a, b) => (a.label !== b.label ? (a.label < b.label ? -1 : 1) : a.seq - b.seq));
  return { versions, items };
}

async function versionItems(db: Kysely<Database>, v: PlanVersionInForce): Promise<PlanItemInForce[]> {
  const snapshot = await db
    .selectFrom('plan_version_items')
    .select(['plan_key', 'seq', 'title', 'description', 'unit', 'agency', 'planned_raw', 'due_date'])
    .where('version_id', '=', v.id)
    .execute();
  if (snapshot.length > 0) return snapshot.map((r) => ({ ...r, label: v.label, version_id: v.id }));
  // A version stored before snapshots existed: its items' current state, as they were read before.
  const rows = await db
    .selectFrom('plan_items as i')
    .select([
      'i.plan_key',
      'i.label',
      'i.seq',
      'i.title',
      'i.description',
      'i.unit',
      'i.agency',
      'i.planned_raw',
      'i.due_date',
      'i.version_id',
    ])
    .where('i.label', '=', v.label)
    .where('i.first_version_id', '<=', v.id)
    .where((eb) => eb.or([eb('i.removed_at', 'is', null), eb('i.removed_at', '>', v.importedAt)]))
    .execute();
  return rows;
}
