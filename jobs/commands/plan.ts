/**
 * `odsync plan import|list|history`. The file is read and validated before the database is touched;
 * the import itself runs as the `plan-import` job.
 */
import { Option, type Command } from 'commander';
import { FileInputError } from '../../src/errors.js';
import {
  PLAN_ENCODINGS,
  PLAN_FORMATS,
  changeSentence,
  displayText,
  formatImportResult,
  formatProblemZh,
  listPlan,
  planHistory,
  type PlanEncoding,
  type PlanFormat,
  type PreparedPlan,
} from '../../src/plan/index.js';
import type { CliIo } from '../cli-io.js';
import { prepare, store } from '../plan-import.js';
import { loadBasics, withRuntime, type RuntimeOptions } from '../runtime.js';

export function registerPlanCommands(
  program: Command,
  options: RuntimeOptions,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const plan = program.command('plan').description("the advisory group's release plan (開放計畫)");

  plan
    .command('import')
    .description('import a plan file (TSV, CSV, XLSX, ODS or the meeting minutes) as a new version')
    .argument('<file>', 'plan file')
    .option('--label <label>', 'plan label, e.g. 104-1 (default: the file name without extension)')
    .addOption(
      new Option('--encoding <encoding>', 'text encoding (default: detected)').choices(PLAN_ENCODINGS),
    )
    .addOption(
      new Option('--format <format>', 'file format (default: from extension/content)').choices(PLAN_FORMATS),
    )
    .option(
      '--effective <date>',
      'the day this version takes effect, YYYY-MM-DD (default: the minutes’ meeting date, else today)',
    )
    .option('--json', 'machine-readable output')
    .action(
      async (
        file: string,
        opts: {
          label?: string;
          encoding?: PlanEncoding;
          format?: PlanFormat;
          effective?: string;
          json?: boolean;
        },
      ) => {
        // The file is validated before the database is opened: a bad file changes nothing.
        let plan: PreparedPlan;
        try {
          plan = await prepare(loadBasics(options).config, { file, ...opts });
        } catch (err) {
          if (!(err instanceof FileInputError)) throw err;
          io.stderr(
            `odsync: 匯入失敗，共 ${err.problems.length} 個問題，未匯入任何資料：\n` +
              err.problems.map((p) => `  ${formatProblemZh(p)}\n`).join(''),
          );
          setExit(err.exitCode);
          return;
        }
        await withRuntime(options, async (rt) => {
          const result = await store(rt, plan);
          io.stdout(opts.json ? JSON.stringify(result, null, 2) + '\n' : formatImportResult(result, file));
        });
      },
    );

  plan
    .command('list')
    .description('plan versions and items (removed items included)')
    .option('--label <label>', 'only this plan label')
    .option('--json', 'machine-readable output')
    .action(async (opts: { label?: string; json?: boolean }) => {
      await withRuntime(options, async (rt) => {
        const listing = await listPlan(rt.handle.db, opts.label === undefined ? {} : { label: opts.label });
        if (opts.json) {
          io.stdout(JSON.stringify(listing, null, 2) + '\n');
          return;
        }
        if (listing.versions.length === 0) {
          io.stdout('尚未匯入任何開放計畫（odsync plan import <檔案>）\n');
          return;
        }
        const lines = ['版本：'];
        for (const v of listing.versions) {
          lines.push(
            `  第 ${v.id} 版  ${displayText(v.label)}  ${displayText(v.file_name)}  ${v.format}  ` +
              `${v.item_count} 項  ${v.imported_at.toISOString()}  ` +
              `生效 ${v.effective_date ?? '（匯入日）'}  sha256:${v.checksum.slice(0, 12)}`,
          );
        }
        lines.push('項目：');
        for (const i of listing.items) {
          lines.push(
            `  ${displayText(i.plan_key).padEnd(10)} ${displayText(i.planned_raw)} (${i.due_date})  ` +
              `${displayText(i.unit)} → ${i.agency === null ? '（機關未知）' : displayText(i.agency)}  ` +
              `${displayText(i.title)}${i.removed_at ? '  [已移除]' : ''}`,
          );
        }
        io.stdout(lines.join('\n') + '\n');
      });
    });

  plan
    .command('history')
    .description('change history of one item: plan key (104-1#5) or 序號 (5)')
    .argument('<planKeyOrSeq>', 'plan key or 序號')
    .option('--label <label>', 'with a bare 序號: only this plan label')
    .option('--json', 'machine-readable output')
    .action(async (key: string, opts: { label?: string; json?: boolean }) => {
      await withRuntime(options, async (rt) => {
        const history = await planHistory(
          rt.handle.db,
          key,
          opts.label === undefined ? {} : { label: opts.label },
        );
        if (opts.json) {
          io.stdout(JSON.stringify(history, null, 2) + '\n');
          return;
        }
        if (history.items.length === 0) {
          io.stdout(`找不到計畫項目「${displayText(key)}」\n`);
          setExit(2);
          return;
        }
        const lines: string[] = [];
        for (const item of history.items) {
          lines.push(
            `${displayText(item.plan_key)} ${displayText(item.title)}（目前預計 ${displayText(item.planned_raw)}，` +
              `${item.removed_at ? '已移除' : '仍在計畫中'}）`,
          );
          for (const c of history.changes.filter((h) => h.plan_key === item.plan_key)) {
            lines.push(
              `  第 ${c.versionId} 版 ${c.importedAt.toISOString().slice(0, 10)} ${displayText(c.fileName)}：` +
                changeSentence(c.kind, c.old_value, c.new_value),
            );
          }
        }
        io.stdout(lines.join('\n') + '\n');
      });
    });
}
