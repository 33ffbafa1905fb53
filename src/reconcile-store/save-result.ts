/**
 * Writes one reconciliation result: the run's matches, statuses, request links and discrepancies,
 * and (when the run's as-of date is the latest so far) the discrepancy life cycle: first_seen kept,
 * last_seen advanced, resolved_at set for what disappeared, a reappearing one reopened. All in one
 * transaction; with the same inputs and as-of date a second run changes no life-cycle row.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/index.js';
import type { ReconcileResult } from '../reconcile/index.js';

export interface SaveOutcome {
  /** False for a run as of a day before one already recorded, or after today (history only). */
  updatedLifecycle: boolean;
  newDiscrepancies: number;
  resolvedDiscrepancies: number;
  openDiscrepancies: number;
}

const CHUNK = 500;

async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

export async function saveReconcileResult(
  db: Kysely<Database>,
  runId: number,
  result: ReconcileResult,
  options: Record<string, unknown>,
  /** Today's date: a run as of a later day is a projection and only records history. */
  today: string,
  /** A replay of earlier knowledge (`--known-on`) only records history too. */
  historyOnly = false,
): Promise<SaveOutcome> {
  return db.transaction().execute(async (trx) => {
    const latest = await trx
      .selectFrom('reconcile_runs')
      .select((eb) => eb.fn.max('as_of').as('as_of'))
      .where('updated_lifecycle', '=', true)
      .executeTakeFirst();
    const updatedLifecycle =
      !historyOnly && result.asOf <= today && (latest?.as_of == null || latest.as_of <= result.asOf);
    await trx
      .insertInto('reconcile_runs')
      .values({
        run_id: runId,
        as_of: result.asOf,
        updated_lifecycle: updatedLifecycle,
        options: JSON.stringify(options),
        summary: JSON.stringify(result.summary),
      })
      .execute();
    await writeRunRows(trx, runId, result);
    if (!updatedLifecycle) {
      return {
        updatedLifecycle,
        newDiscrepancies: 0,
        resolvedDiscrepancies: 0,
        openDiscrepancies: result.discrepancies.length,
      };
    }
    return { updatedLifecycle, ...(await advanceLifecycle(trx, runId, result)) };
  });
}

async function writeRunRows(
  trx: Transaction<Database>,
  runId: number,
  result: ReconcileResult,
): Promise<void> {
  await insertChunks(result.matches, (chunk) =>
    trx
      .insertInto('reconcile_matches')
      .values(
        chunk.map((m) => ({
          run_id: runId,
          plan_key: m.planKey,
          outcome: m.outcome,
          method: m.method,
          dataset_id: m.datasetId,
          score: m.score,
          reason: m.evidence.reason,
          evidence: JSON.stringify(m.evidence),
        })),
      )
      .execute(),
  );
  await insertChunks(result.statuses, (chunk) =>
    trx
      .insertInto('reconcile_item_statuses')
      .values(
        chunk.map((s) => ({
          run_id: runId,
          plan_key: s.planKey,
          as_of: result.asOf,
          status: s.status,
          dataset_id: s.datasetId,
          published_date: s.publishedDate,
          due_date: s.dueDate,
          lag_days: s.lagDays,
          overdue_days: s.overdueDays,
          method: s.method,
          score: s.score,
        })),
      )
      .execute(),
  );
  await insertChunks(result.requestLinks, (chunk) =>
    trx
      .insertInto('reconcile_request_links')
      .values(
        chunk.map((l) => ({
          run_id: runId,
          request_id: l.requestId,
          target: l.target,
          plan_key: l.planKey,
          dataset_id: l.datasetId,
          score: l.score,
          confidence: l.confidence,
          evidence: JSON.stringify(l.evidence),
        })),
      )
      .execute(),
  );
  await insertChunks(result.discrepancies, (chunk) =>
    trx
      .insertInto('reconcile_run_discrepancies')
      .values(
        chunk.map((d) => ({
          run_id: runId,
          discrepancy_id: d.id,
          kind: d.kind,
          plan_key: d.planKey,
          dataset_id: d.datasetId,
          detail: JSON.stringify(d.detail),
        })),
      )
      .execute(),
  );
}

async function advanceLifecycle(
  trx: Transaction<Database>,
  runId: number,
  result: ReconcileResult,
): Promise<Omit<SaveOutcome, 'updatedLifecycle'>> {
  const asOf = result.asOf;
  const known = new Map(
    (
      await trx
        .selectFrom('discrepancies')
        .select(['id', 'kind', 'plan_key', 'dataset_id', 'detail', 'first_seen', 'last_seen', 'resolved_at'])
        .execute()
    ).map((r) => [r.id, r]),
  );
  const fresh = result.discrepancies.filter((d) => !known.has(d.id));
  await insertChunks(fresh, (chunk) =>
    trx
      .insertInto('discrepancies')
      .values(
        chunk.map((d) => ({
          id: d.id,
          kind: d.kind,
          plan_key: d.planKey,
          dataset_id: d.datasetId,
          detail: JSON.stringify(d.detail),
          first_seen: asOf,
          last_seen: asOf,
          resolved_at: null,
          first_run_id: runId,
          resolved_run_id: null,
        })),
      )
      .execute(),
  );
  let created = fresh.length;
  // Still open with the same detail: only last_seen moves (one statement for all of them).
  // Changed detail or reopened: one update each. Nothing at all when re-running the same day.
  const touch: string[] = [];
  for (const d of result.discrepancies) {
    const k = known.get(d.id);
    if (k === undefined) continue;
    const reopened = k.resolved_at !== null;
    const same =
      !reopened &&
      k.kind === d.kind &&
      k.plan_key === d.planKey &&
      k.dataset_id === d.datasetId &&
      canonicalJson(k.detail) === canonicalJson(d.detail);
    if (same) {
      if (k.last_seen !== asOf) touch.push(d.id);
      continue;
    }
    if (reopened) created++;
    await trx
      .updateTable('discrepancies')
      .set({
        kind: d.kind,
        plan_key: d.planKey,
        dataset_id: d.datasetId,
        detail: JSON.stringify(d.detail),
        last_seen: asOf,
        ...(reopened
          ? { first_seen: asOf, first_run_id: runId, resolved_at: null, resolved_run_id: null }
          : {}),
      })
      .where('id', '=', d.id)
      .execute();
  }
  for (let i = 0; i < touch.length; i += CHUNK) {
    await trx
      .updateTable('discrepancies')
      .set({ last_seen: asOf })
      .where('id', 'in', touch.slice(i, i + CHUNK))
      .execute();
  }
  // Gone: resolved as of this date.
  const current = new Set(result.discrepancies.map((d) => d.id));
  const toResolve = [...known.values()]
    .filter((k) => k.resolved_at === null && !current.has(k.id))
    .map((k) => k.id);
  for (let i = 0; i < toResolve.length; i += CHUNK) {
    await trx
      .updateTable('discrepancies')
      .set({ resolved_at: asOf, resolved_run_id: runId })
      .where('id', 'in', toResolve.slice(i, i + CHUNK))
      .execute();
  }
  const open = await trx
    .selectFrom('discrepancies')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('resolved_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { newDiscrepancies: created, resolvedDiscrepancies: toResolve.length, openDiscrepancies: open.n };
}

/** JSON with object keys sorted (jsonb does not keep key order). */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}
