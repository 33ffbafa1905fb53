/**
 * What the report stage reads from the reconciliation's tables (the `ReconcileStore` port of
 * src/report/load-report.ts, satisfied structurally so the stages stay independent).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { discrepancyKindSchema, type DiscrepancyKind } from '../../schemas/report.js';
import type { MatchDecisionInput } from '../reconcile/index.js';
import { loadDecisions } from './load-input.js';

export const reconcileReportStore = {
  decisions(db: Kysely<Database>, until: Date): Promise<MatchDecisionInput[]> {
    return loadDecisions(db, until);
  },
  async discrepancies(
    db: Kysely<Database>,
  ): Promise<{ id: string; firstSeen: string; lastSeen: string | null; resolvedAt: string | null }[]> {
    const rows = await db
      .selectFrom('discrepancies')
      .select(['id', 'first_seen', 'last_seen', 'resolved_at'])
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      resolvedAt: r.resolved_at,
    }));
  },
  async discrepancyDetails(
    db: Kysely<Database>,
    ids: readonly string[],
  ): Promise<
    {
      id: string;
      kind: DiscrepancyKind;
      planKey: string | null;
      datasetId: string | null;
      detail: Record<string, unknown>;
    }[]
  > {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('discrepancies')
      .select(['id', 'kind', 'plan_key', 'dataset_id', 'detail'])
      .where('id', 'in', [...ids])
      .orderBy('id')
      .execute();
    // A kind report.json cannot carry (none today) is left out rather than failing the report.
    return rows.flatMap((r) => {
      const kind = discrepancyKindSchema.safeParse(r.kind);
      return kind.success
        ? [
            {
              id: r.id,
              kind: kind.data,
              planKey: r.plan_key,
              datasetId: r.dataset_id,
              detail: r.detail ?? {},
            },
          ]
        : [];
    });
  },
  async itemStatuses(
    db: Kysely<Database>,
    runId: string,
  ): Promise<{ planKey: string; status: string; datasetId: string | null }[]> {
    const rows = await db
      .selectFrom('reconcile_item_statuses')
      .select(['plan_key', 'status', 'dataset_id'])
      .where('run_id', '=', Number(runId))
      .execute();
    return rows.map((r) => ({ planKey: r.plan_key, status: r.status, datasetId: r.dataset_id }));
  },
  async runFor(db: Kysely<Database>, asOf: string): Promise<string | null> {
    const row = await db
      .selectFrom('reconcile_runs')
      .select('run_id')
      .where('as_of', '=', asOf)
      .orderBy('run_id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? String(row.run_id) : null;
  },
};
