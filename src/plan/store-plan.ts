/**
 * Store a validated plan as a new version, in one transaction: the version row, the items' current
 * state (upsert by plan_key; items missing from the new file get `removed_at`), and one change row
 * per added/removed/renamed/moved item. Importing the same file again (same checksum as the latest
 * version of the same label) is a no-op, reported as `unchanged`.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { Logger } from '../logger.js';
import type { PlanItemInput, PlanWarning } from './build-plan.js';
import {
  countChanges,
  diffPlan,
  planKey,
  type CurrentPlanItem,
  type PlanChangeCounts,
  type PlanChangeRecord,
} from './diff-plan.js';
import type { PlanFormat } from './raw-table.js';

export interface PlanStoreDeps {
  db: Kysely<Database>;
  logger: Logger;
  clock: Clock;
}

/** A parsed, validated plan file ready to be stored. */
export interface PreparedPlan {
  label: string;
  fileName: string;
  /** sha256 of the file bytes, hex. */
  checksum: string;
  format: PlanFormat;
  encoding: string | null;
  items: PlanItemInput[];
  warnings: PlanWarning[];
  /** The day the version takes effect (YYYY-MM-DD); null/absent = the import day. */
  effectiveDate?: string | null;
}

export interface StorePlanOptions {
  runId?: number | null;
  /** Store only when no plan version exists at all (used for the bundled default plan). */
  onlyIfNoPlan?: boolean;
}

export interface PlanImportResult {
  /** imported: a new version; unchanged: same file as the latest version; skipped: a plan exists. */
  status: 'imported' | 'unchanged' | 'skipped';
  label: string;
  versionId: number | null;
  previousVersionId: number | null;
  itemCount: number;
  counts: PlanChangeCounts;
  changes: PlanChangeRecord[];
  warnings: PlanWarning[];
}

const CHUNK = 500;

function chunks<T>(list: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

async function currentItems(trx: Transaction<Database>, label: string): Promise<CurrentPlanItem[]> {
  const rows = await trx
    .selectFrom('plan_items')
    .select(['plan_key', 'seq', 'title', 'description', 'unit', 'planned_raw', 'due_date', 'removed_at'])
    .where('label', '=', label)
    .execute();
  return rows.map((r) => ({
    planKey: r.plan_key,
    seq: r.seq,
    title: r.title,
    description: r.description,
    unit: r.unit,
    plannedRaw: r.planned_raw,
    dueDate: r.due_date,
    removed: r.removed_at !== null,
  }));
}

export async function storePlanVersion(
  deps: PlanStoreDeps,
  plan: PreparedPlan,
  options: StorePlanOptions = {},
): Promise<PlanImportResult> {
  const { label } = plan;
  const noChanges = countChanges([]);
  const result = await deps.db.transaction().execute(async (trx) => {
    // Imports are serialised: two at once would compute their changes from the same state.
    await sql`lock table plan_versions in share row exclusive mode`.execute(trx);
    if (options.onlyIfNoPlan) {
      const any = await trx.selectFrom('plan_versions').select('id').limit(1).executeTakeFirst();
      if (any) {
        return {
          status: 'skipped',
          label,
          versionId: null,
          previousVersionId: any.id,
          itemCount: 0,
          counts: noChanges,
          changes: [],
          warnings: [],
        } satisfies PlanImportResult;
      }
    }
    const latest = await trx
      .selectFrom('plan_versions')
      .select(['id', 'checksum', 'item_count'])
      .where('label', '=', label)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (latest && latest.checksum === plan.checksum) {
      return {
        status: 'unchanged',
        label,
        versionId: latest.id,
        previousVersionId: latest.id,
        itemCount: latest.item_count,
        counts: noChanges,
        changes: [],
        warnings: plan.warnings,
      } satisfies PlanImportResult;
    }

    const now = deps.clock.now();
    const version = await trx
      .insertInto('plan_versions')
      .values({
        label,
        file_name: plan.fileName,
        checksum: plan.checksum,
        format: plan.format,
        encoding: plan.encoding,
        imported_at: now,
        item_count: plan.items.length,
        warnings: JSON.stringify(plan.warnings),
        run_id: options.runId ?? null,
        effective_date: plan.effectiveDate ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const versionId = version.id;

    const changes = diffPlan(label, await currentItems(trx, label), plan.items);

    for (const batch of chunks(plan.items)) {
      await trx
        .insertInto('plan_items')
        .values(
          batch.map((item) => ({
            plan_key: planKey(label, item.seq),
            label,
            seq: item.seq,
            title: item.title,
            description: item.description,
            unit: item.unit,
            agency: item.agency,
            planned_raw: item.plannedRaw,
            due_date: item.dueDate,
            due_precision: item.precision,
            formula_fields: JSON.stringify(item.formulaFields),
            source_row: item.row,
            version_id: versionId,
            first_version_id: versionId,
            removed_at: null,
            updated_at: now,
          })),
        )
        .onConflict((oc) =>
          oc.column('plan_key').doUpdateSet((eb) => ({
            title: eb.ref('excluded.title'),
            description: eb.ref('excluded.description'),
            unit: eb.ref('excluded.unit'),
            agency: eb.ref('excluded.agency'),
            planned_raw: eb.ref('excluded.planned_raw'),
            due_date: eb.ref('excluded.due_date'),
            due_precision: eb.ref('excluded.due_precision'),
            formula_fields: eb.ref('excluded.formula_fields'),
            source_row: eb.ref('excluded.source_row'),
            version_id: eb.ref('excluded.version_id'),
            removed_at: null,
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
    // The version's own items, as imported: what was in force while this version was.
    for (const batch of chunks(plan.items)) {
      await trx
        .insertInto('plan_version_items')
        .values(
          batch.map((item) => ({
            version_id: versionId,
            plan_key: planKey(label, item.seq),
            seq: item.seq,
            title: item.title,
            description: item.description,
            unit: item.unit,
            agency: item.agency,
            planned_raw: item.plannedRaw,
            due_date: item.dueDate,
          })),
        )
        .execute();
    }
    const removedKeys = changes.filter((c) => c.kind === 'removed').map((c) => c.planKey);
    for (const batch of chunks(removedKeys)) {
      await trx
        .updateTable('plan_items')
        .set({ removed_at: now, version_id: versionId, updated_at: now })
        .where('plan_key', 'in', batch)
        .execute();
    }
    for (const batch of chunks(changes)) {
      await trx
        .insertInto('plan_changes')
        .values(
          batch.map((c) => ({
            version_id: versionId,
            plan_key: c.planKey,
            kind: c.kind,
            old_value: c.oldValue,
            new_value: c.newValue,
          })),
        )
        .execute();
    }
    return {
      status: 'imported',
      label,
      versionId,
      previousVersionId: latest?.id ?? null,
      itemCount: plan.items.length,
      counts: countChanges(changes),
      changes,
      warnings: plan.warnings,
    } satisfies PlanImportResult;
  });
  deps.logger.info(
    { label, status: result.status, versionId: result.versionId, items: result.itemCount, ...result.counts },
    `plan ${label}: ${result.status}`,
  );
  for (const w of result.warnings) deps.logger.warn({ label, ...w }, w.message);
  return result;
}
