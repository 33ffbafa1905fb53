/** `odsync review export` and `odsync review import` (jobs/review.ts). */
import path from 'node:path';
import { Option, type Command } from 'commander';
import { FileInputError } from '../../src/errors.js';
import { formatProblemZh } from '../../src/plan/index.js';
import { REVIEW_FORMATS, type ReviewFormat } from '../../src/review/index.js';
import type { CliIo } from '../cli-io.js';
import { formatImportSummary, readReviewFiles, runReviewExport, runReviewImport } from '../review.js';
import { withRuntime, type RuntimeOptions } from '../runtime.js';

export function registerReviewCommands(
  program: Command,
  options: RuntimeOptions,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const review = program
    .command('review')
    .description('units’ review round trip by spreadsheet: export workbooks per unit, import answers');
  review
    .command('export')
    .description('one workbook per 管理單位 (and review-all) with every plan item, candidates and open cells')
    .option('--unit <unit>', 'only this 管理單位')
    .addOption(new Option('--format <format>', 'workbook format').choices(REVIEW_FORMATS).default('xlsx'))
    .option('--as-of <date>', 'the reconciliation of this day (default: the latest)')
    .option('--out <dir>', 'output directory (default ./reports/review/<as-of>/)')
    .action(async (opts: { unit?: string; format?: ReviewFormat; asOf?: string; out?: string }) => {
      await withRuntime(options, async (rt) => {
        const r = await runReviewExport(rt, opts);
        io.stdout(
          `審閱檔已匯出（基準日 ${r.asOf}，比對執行編號 ${r.runId}）：${r.dir}\n` +
            r.files.map((f) => `  ${path.basename(f.path)}：${f.items} 項\n`).join(''),
        );
      });
    });
  review
    .command('import <files...>')
    .description('import returned workbooks: decisions, reasons for delay, expected dates (all or nothing)')
    .option('--by <name>', 'who decided, when a row has no 填表人 (default: the file name)')
    .action(async (files: string[], opts: { by?: string }) => {
      const inputs = await readReviewFiles(files);
      await withRuntime(options, async (rt) => {
        try {
          io.stdout(formatImportSummary(await runReviewImport(rt, inputs, opts)));
        } catch (err) {
          if (!(err instanceof FileInputError)) throw err;
          io.stderr(
            `odsync: 匯入失敗，共 ${err.problems.length} 個問題，未寫入任何資料：\n` +
              err.problems.map((p) => `  ${formatProblemZh(p)}\n`).join(''),
          );
          setExit(err.exitCode);
        }
      });
    });
}
