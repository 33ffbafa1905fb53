/**
 * What the review workbooks list: every plan item of the stored reconciliation run for the as-of
 * date (the plan in force that day), its status and matched dataset, the candidates, and the
 * answers already recorded (so a unit sees and corrects them).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { InputError } from '../errors.js';
import type { ItemStatusKind, MatchEvidence } from '../reconcile/index.js';
import { gatherCandidates, type ReviewCandidate } from './review-candidates.js';
import { confirmedOf, loadDecisionState, loadReviewStates, rejectedOf } from './review-state.js';

export interface ReviewItem {
  planKey: string;
  seq: number;
  title: string;
  unit: string | null;
  dueDate: string | null;
  status: ItemStatusKind;
  datasetId: string | null;
  datasetTitle: string | null;
  candidates: ReviewCandidate[];
  /** Pre-filled answers: the confirmed dataset and the latest reason, date and remark. */
  confirm: string | null;
  reason: string | null;
  expectedDate: string | null;
  remark: string | null;
}

export interface ReviewItems {
  runId: number;
  asOf: string;
  items: ReviewItem[];
}

/** The reconcile run to export: the latest one for `asOf`, else the latest current one. */
async function pickRun(
  db: Kysely<Database>,
  asOf: string | undefined,
): Promise<{ runId: number; asOf: string }> {
  let q = db.selectFrom('reconcile_runs').select(['run_id', 'as_of']);
  q =
    asOf === undefined
      ? q.where('updated_lifecycle', '=', true).orderBy('as_of', 'desc')
      : q.where('as_of', '=', asOf);
  const row = await q.orderBy('run_id', 'desc').limit(1).executeTakeFirst();
  if (!row)
    throw new InputError(
      asOf === undefined
        ? '尚未執行過比對，無法匯出審閱檔（請先執行 odsync reconcile）'
        : `基準日 ${asOf} 沒有比對結果（請先執行 odsync reconcile --as-of ${asOf}）`,
    );
  return { runId: row.run_id, asOf: row.as_of };
}

export async function loadReviewItems(
  db: Kysely<Database>,
  options: { asOf?: string } = {},
): Promise<ReviewItems> {
  const run = await pickRun(db, options.asOf);
  const rows = await db
    .selectFrom('reconcile_item_statuses as s')
    .innerJoin('plan_items as p', 'p.plan_key', 's.plan_key')
    .leftJoin('reconcile_matches as m', (j) =>
      j.onRef('m.run_id', '=', 's.run_id').onRef('m.plan_key', '=', 's.plan_key'),
    )
    .leftJoin('datasets as d', 'd.dataset_id', 's.dataset_id')
    .select([
      's.plan_key',
      'p.seq',
      'p.label',
      'p.title',
      'p.unit',
      's.due_date',
      's.status',
      's.dataset_id',
      'd.title as dataset_title',
      'm.evidence',
    ])
    .where('s.run_id', '=', run.runId)
    .orderBy('p.label')
    .orderBy('p.seq')
    .execute();
  const [decisions, reviews] = await Promise.all([loadDecisionState(db), loadReviewStates(db)]);
  const confirmedIds = [
    ...new Set(rows.map((r) => confirmedOf(decisions, r.plan_key)).filter((x) => x !== null)),
  ];
  const titles = new Map(
    confirmedIds.length === 0
      ? []
      : (
          await db
            .selectFrom('datasets')
            .select(['dataset_id', 'title'])
            .where('dataset_id', 'in', confirmedIds)
            .execute()
        ).map((d) => [d.dataset_id, d.title]),
  );
  const items = rows.map((r): ReviewItem => {
    const status = r.status;
    const confirm = confirmedOf(decisions, r.plan_key);
    const review = reviews.get(r.plan_key);
    const shown = status !== 'needs_review' && r.dataset_id !== null;
    return {
      planKey: r.plan_key,
      seq: r.seq,
      title: r.title,
      unit: r.unit || null,
      dueDate: r.due_date,
      status,
      datasetId: shown ? r.dataset_id : null,
      datasetTitle: shown ? r.dataset_title : null,
      candidates: gatherCandidates({
        evidence: (r.evidence as unknown as MatchEvidence | null) ?? null,
        confirmed: confirm === null ? null : { datasetId: confirm, title: titles.get(confirm) ?? '' },
        rejected: rejectedOf(decisions, r.plan_key),
      }),
      confirm,
      reason: review?.reason ?? null,
      expectedDate: review?.expectedDate ?? null,
      remark: review?.remark ?? null,
    };
  });
  return { ...run, items };
}
