/**
 * `odsync review export` and `odsync review import`: the units' round trip by spreadsheet
 * (src/review). Import validates every file before the database is written; each import is a
 * `review-import` run in the journal (file names, sha256, rows applied).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isoDateSchema } from '../schemas/report.js';
import { InputError } from '../src/errors.js';
import {
  applyReviewImport,
  exportReviewWorkbooks,
  prepareReviewImport,
  type ExportReviewResult,
  type ReviewFileInput,
  type ReviewFormat,
  type ReviewImportResult,
} from '../src/review/index.js';
import { runJob } from '../src/runs/index.js';
import type { Runtime } from './runtime.js';

export const IMPORT_JOB = 'review-import';

export interface ReviewExportArgs {
  asOf?: string;
  unit?: string;
  format?: ReviewFormat;
  out?: string;
}

export async function runReviewExport(rt: Runtime, args: ReviewExportArgs): Promise<ExportReviewResult> {
  if (args.asOf !== undefined && !isoDateSchema.safeParse(args.asOf).success)
    throw new InputError(`--as-of 必須是日期 YYYY-MM-DD，收到「${args.asOf}」`);
  return exportReviewWorkbooks(rt.handle.db, {
    ...(args.asOf === undefined ? {} : { asOf: args.asOf }),
    ...(args.unit === undefined ? {} : { unit: args.unit }),
    format: args.format ?? 'xlsx',
    generatedAt: rt.clock.now(),
    outDir: (asOf) => path.resolve(args.out ?? path.join('reports', 'review', asOf)),
  });
}

export async function readReviewFiles(files: readonly string[]): Promise<ReviewFileInput[]> {
  const out: ReviewFileInput[] = [];
  for (const f of files) {
    try {
      out.push({ name: path.basename(f), bytes: await readFile(f) });
    } catch (err) {
      throw new InputError(`無法讀取檔案 ${f}：${(err as Error).message}`, { cause: err });
    }
  }
  return out;
}

/** Validate, then apply in one transaction as a `review-import` run. Throws FileInputError (exit 2). */
export async function runReviewImport(
  rt: Runtime,
  files: readonly ReviewFileInput[],
  options: { by?: string } = {},
): Promise<ReviewImportResult & { runId: number }> {
  const prepared = await prepareReviewImport(rt.handle.db, files);
  let result: ReviewImportResult | undefined;
  const outcome = await runJob(
    rt.runDeps,
    IMPORT_JOB,
    async (ctx) => {
      result = await applyReviewImport(rt.handle.db, prepared, {
        runId: ctx.runId,
        now: rt.clock.now(),
        by: options.by ?? null,
      });
      return {
        status: 'succeeded',
        counters: {
          files: result.files.map((f) => ({
            name: f.name,
            sha256: f.sha256,
            rowsRead: f.rowsRead,
            rowsApplied: f.rowsApplied,
          })),
          rowsApplied: result.rowsApplied,
          confirmations: result.files.reduce((n, f) => n + f.confirmations, 0),
          rejections: result.files.reduce((n, f) => n + f.rejections, 0),
          notes: result.files.reduce((n, f) => n + f.notes, 0),
          conflicts: result.conflicts,
        },
      };
    },
    { args: { files: prepared.map((f) => ({ name: f.name, sha256: f.sha256 })), by: options.by ?? null } },
  );
  if (!result) throw new Error('review import finished without a result');
  return { ...result, runId: outcome.runId };
}

export function formatImportSummary(r: ReviewImportResult & { runId: number }): string {
  const lines = r.files.map(
    (f) =>
      `${f.name}：讀取 ${f.rowsRead} 列，變更 ${f.rowsApplied} 列（確認 ${f.confirmations}、否決 ${f.rejections}、延遲原因／預計日期 ${f.notes}）` +
      (f.conflicts.length
        ? `；與先前其他檔案的填答衝突 ${f.conflicts.length} 項（以本檔為準）：${f.conflicts.join('、')}`
        : ''),
  );
  lines.push(
    `匯入完成（執行編號 ${r.runId}）：共變更 ${r.rowsApplied} 列（${r.rowsApplied} changed）` +
      (r.rowsApplied > 0 ? '；下次執行 odsync reconcile 時生效' : ''),
  );
  return lines.join('\n') + '\n';
}
