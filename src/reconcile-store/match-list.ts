/** What `odsync match list` shows: the latest current reconcile run's outcome per plan item. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { MatchEvidence } from '../reconcile/index.js';
import { loadDelayNotes } from './load-input.js';

export interface MatchListEntry {
  planKey: string;
  seq: number | null;
  title: string;
  status: string;
  outcome: string;
  method: string | null;
  datasetId: string | null;
  datasetTitle: string | null;
  score: number | null;
  reason: string;
  evidence: MatchEvidence;
  /** 延遲原因 from the unit's review workbook (`reason` is the matcher's reason code). */
  delayReason: string | null;
  /** 預計上架日期 from the unit's review workbook. */
  expectedDate: string | null;
}

export interface MatchList {
  runId: number;
  asOf: string;
  entries: MatchListEntry[];
}

/** The latest run that advanced the life cycle (the current picture); null before the first run. */
export async function latestReconcileRun(
  db: Kysely<Database>,
): Promise<{ runId: number; asOf: string } | null> {
  const row = await db
    .selectFrom('reconcile_runs')
    .select(['run_id', 'as_of'])
    .where('updated_lifecycle', '=', true)
    .orderBy('as_of', 'desc')
    .orderBy('run_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { runId: row.run_id, asOf: row.as_of } : null;
}

export async function matchList(
  db: Kysely<Database>,
  options: { needsReviewOnly?: boolean } = {},
): Promise<MatchList | null> {
  const run = await latestReconcileRun(db);
  if (!run) return null;
  let q = db
    .selectFrom('reconcile_matches as m')
    .innerJoin('reconcile_item_statuses as s', (j) =>
      j.onRef('s.run_id', '=', 'm.run_id').onRef('s.plan_key', '=', 'm.plan_key'),
    )
    .leftJoin('plan_items as p', 'p.plan_key', 'm.plan_key')
    .leftJoin('datasets as d', 'd.dataset_id', 'm.dataset_id')
    .select([
      'm.plan_key',
      'p.seq',
      'p.title',
      'p.label',
      's.status',
      'm.outcome',
      'm.method',
      'm.dataset_id',
      'd.title as dataset_title',
      'm.score',
      'm.reason',
      'm.evidence',
    ])
    .where('m.run_id', '=', run.runId);
  if (options.needsReviewOnly) q = q.where('m.outcome', '=', 'needs_review');
  const rows = await q.orderBy('p.label').orderBy('p.seq').orderBy('m.plan_key').execute();
  // The answers recorded so far (not only those before the run's day): what a person sees now.
  const notes = new Map(
    (await loadDelayNotes(db, new Date('9999-12-31T00:00:00Z'))).map((n) => [n.planKey, n]),
  );
  return {
    ...run,
    entries: rows.map((r) => {
      const evidence = r.evidence as unknown as MatchEvidence;
      return {
        planKey: r.plan_key,
        seq: r.seq,
        title: r.title ?? evidence.itemTitle,
        status: r.status,
        outcome: r.outcome,
        method: r.method,
        datasetId: r.dataset_id,
        datasetTitle: r.dataset_title,
        score: r.score,
        reason: r.reason,
        evidence,
        delayReason: notes.get(r.plan_key)?.reason ?? null,
        expectedDate: notes.get(r.plan_key)?.expectedDate ?? null,
      };
    }),
  };
}
