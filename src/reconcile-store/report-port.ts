/**
 * What the report stage reads from the reconciliation's tables (the `ReconcileStore` port of
 * src/report/load-report.ts, satisfied structurally so the stages stay independent).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
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
