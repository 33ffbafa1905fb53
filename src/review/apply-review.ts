/**
 * `review import`: read and validate every file first (nothing is written when any problem is
 * found), then apply all of them in one transaction, file by file in the given order (a later
 * file wins over an earlier one). An answer is compared with what is recorded: a confirmation or
 * rejection already in force, and a reason, date or remark already stored, change nothing, so the
 * same file imported again changes 0 rows. A blank cell keeps what is recorded.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, ReviewConflict } from '../db/index.js';
import { FileInputError, type InputProblem } from '../errors.js';
import { readReviewWorkbook, type ReviewSheet } from './read-workbook.js';
import {
  applyDecision,
  confirmedOf,
  loadDecisionState,
  loadReviewStates,
  pairDecisions,
  type ItemReviewState,
} from './review-state.js';
import { cellText, datasetIds, validateReviewSheet, type ReviewAnswer } from './validate-review.js';

export interface ReviewFileInput {
  /** File name as given (its base name is what is recorded). */
  name: string;
  bytes: Uint8Array;
}

export interface PreparedReviewFile {
  name: string;
  sha256: string;
  sheet: string;
  answers: ReviewAnswer[];
}

export interface ReviewFileResult {
  name: string;
  sha256: string;
  rowsRead: number;
  rowsApplied: number;
  confirmations: number;
  rejections: number;
  notes: number;
  conflicts: string[];
}

export interface ReviewImportResult {
  files: ReviewFileResult[];
  rowsApplied: number;
  conflicts: number;
}

const CHUNK = 500;

async function existing(
  db: Kysely<Database>,
  table: 'plan_items' | 'datasets',
  values: string[],
): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < values.length; i += CHUNK) {
    const chunk = values.slice(i, i + CHUNK);
    const rows =
      table === 'plan_items'
        ? await db.selectFrom('plan_items').select('plan_key as k').where('plan_key', 'in', chunk).execute()
        : await db
            .selectFrom('datasets')
            .select('dataset_id as k')
            .where('dataset_id', 'in', chunk)
            .execute();
    for (const r of rows) out.add(r.k);
  }
  return out;
}

/** Read and validate every file; throws FileInputError listing every problem (nothing written). */
export async function prepareReviewImport(
  db: Kysely<Database>,
  files: readonly ReviewFileInput[],
): Promise<PreparedReviewFile[]> {
  const problems: InputProblem[] = [];
  const sheets: { file: ReviewFileInput; sheet: ReviewSheet }[] = [];
  for (const f of files) {
    const read = await readReviewWorkbook(f.name, f.bytes);
    if ('problem' in read) problems.push(read.problem);
    else sheets.push({ file: f, sheet: read.sheet });
  }
  const keys = new Set<string>();
  const ids = new Set<string>();
  for (const { sheet } of sheets) {
    for (const r of sheet.rows) {
      keys.add(cellText(r.cells.planKey));
      for (const id of datasetIds(cellText(r.cells.confirm))) ids.add(id);
      for (const id of datasetIds(cellText(r.cells.reject))) ids.add(id);
    }
  }
  keys.delete('');
  const known = {
    planKeys: await existing(db, 'plan_items', [...keys]),
    datasetIds: await existing(db, 'datasets', [...ids]),
  };
  const prepared: PreparedReviewFile[] = [];
  for (const { file, sheet } of sheets) {
    const v = validateReviewSheet(sheet, known);
    problems.push(...v.problems);
    prepared.push({
      name: file.name,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      sheet: sheet.sheet,
      answers: v.answers,
    });
  }
  if (problems.length > 0) throw new FileInputError(problems);
  return prepared;
}

const EMPTY: ItemReviewState = {
  reason: null,
  expectedDate: null,
  remark: null,
  confirm: null,
  rejects: [],
  sourceFile: null,
};

function conflictFields(prev: ItemReviewState, a: ReviewAnswer): string[] {
  const fields: string[] = [];
  if (
    a.confirm !== null &&
    ((prev.confirm !== null && prev.confirm !== a.confirm) || prev.rejects.includes(a.confirm))
  )
    fields.push('confirm');
  if (prev.confirm !== null && a.rejects.includes(prev.confirm)) fields.push('reject');
  if (a.reason !== null && prev.reason !== null && a.reason !== prev.reason) fields.push('reason');
  if (a.expectedDate !== null && prev.expectedDate !== null && a.expectedDate !== prev.expectedDate)
    fields.push('expectedDate');
  return fields;
}

/** Apply validated files in one transaction. `runId` is the import's run in the journal. */
export async function applyReviewImport(
  db: Kysely<Database>,
  files: readonly PreparedReviewFile[],
  options: { runId: number; now: Date; by: string | null },
): Promise<ReviewImportResult> {
  return db.transaction().execute(async (trx) => {
    const decisions = await loadDecisionState(trx);
    const reviews = await loadReviewStates(trx);
    const results: ReviewFileResult[] = [];
    for (const f of files) {
      const fileName = baseName(f.name);
      const result: ReviewFileResult = {
        name: fileName,
        sha256: f.sha256,
        rowsRead: f.answers.length,
        rowsApplied: 0,
        confirmations: 0,
        rejections: 0,
        notes: 0,
        conflicts: [],
      };
      for (const a of f.answers) {
        const prev = reviews.get(a.planKey) ?? EMPTY;
        const decidedBy = a.reviewer ?? options.by ?? fileName;
        const note = `審閱檔 ${fileName} 第 ${a.row} 列`;
        const pairs = pairDecisions(decisions, a.planKey);
        const writes: { datasetId: string; decision: 'confirm' | 'reject' }[] = [];
        if (a.confirm !== null && confirmedOf(decisions, a.planKey) !== a.confirm)
          writes.push({ datasetId: a.confirm, decision: 'confirm' });
        for (const id of a.rejects)
          if (pairs.get(id) !== 'reject') writes.push({ datasetId: id, decision: 'reject' });
        const merged: ItemReviewState = {
          reason: a.reason ?? prev.reason,
          expectedDate: a.expectedDate ?? prev.expectedDate,
          remark: a.remark ?? prev.remark,
          confirm:
            a.confirm ?? (prev.confirm !== null && a.rejects.includes(prev.confirm) ? null : prev.confirm),
          rejects: [...new Set([...prev.rejects, ...a.rejects])].filter((id) => id !== a.confirm).sort(),
          sourceFile: fileName,
        };
        const notesChanged =
          merged.reason !== prev.reason ||
          merged.expectedDate !== prev.expectedDate ||
          merged.remark !== prev.remark;
        if (writes.length === 0 && !notesChanged) continue;
        const fields =
          prev.sourceFile !== null && prev.sourceFile !== fileName ? conflictFields(prev, a) : [];
        const conflict: ReviewConflict | null = fields.length > 0 ? { file: prev.sourceFile!, fields } : null;
        for (const w of writes) {
          await trx
            .insertInto('match_decisions')
            .values({
              plan_key: a.planKey,
              dataset_id: w.datasetId,
              decision: w.decision,
              decided_by: decidedBy,
              decided_at: options.now,
              note,
            })
            .execute();
          applyDecision(decisions, a.planKey, w.datasetId, w.decision);
          if (w.decision === 'confirm') result.confirmations++;
          else result.rejections++;
        }
        await trx
          .insertInto('plan_item_reviews')
          .values({
            plan_key: a.planKey,
            reason: merged.reason,
            expected_date: merged.expectedDate,
            remark: merged.remark,
            confirm_dataset_id: merged.confirm,
            reject_dataset_ids: JSON.stringify(merged.rejects),
            reviewed_by: decidedBy,
            source_file: fileName,
            source_sha256: f.sha256,
            source_sheet: f.sheet,
            source_row: a.row,
            run_id: options.runId,
            recorded_at: options.now,
            conflict: conflict === null ? null : JSON.stringify(conflict),
          })
          .execute();
        reviews.set(a.planKey, merged);
        if (notesChanged) result.notes++;
        if (conflict) result.conflicts.push(a.planKey);
        result.rowsApplied++;
      }
      results.push(result);
    }
    return {
      files: results,
      rowsApplied: results.reduce((n, r) => n + r.rowsApplied, 0),
      conflicts: results.reduce((n, r) => n + r.conflicts.length, 0),
    };
  });
}

function baseName(name: string): string {
  return name.split(/[\\/]/).pop() || name;
}
