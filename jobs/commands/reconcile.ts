/** `odsync reconcile [--as-of] [--known-on]` and `odsync match confirm|reject|list`. */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { matchList, recordDecision, resolvePlanItem } from '../../src/reconcile-store/index.js';
import type { CliIo } from '../cli-io.js';
import {
  formatMatchList,
  formatReconcileSummary,
  formatSynonymSuggestions,
  runReconcile,
  suggestSynonyms,
} from '../reconcile.js';
import { withRuntime, type RuntimeOptions } from '../runtime.js';

export function registerReconcileCommands(
  program: Command,
  options: RuntimeOptions,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  program
    .command('reconcile')
    .description('match plan items to platform datasets and record statuses and discrepancies')
    .option('--as-of <date>', 'the state of this day, YYYY-MM-DD (default today in ODSYNC_TIMEZONE)')
    .option('--known-on <date>', 'as odsync could have on the evening of this day (history only)')
    .action(async (opts: { asOf?: string; knownOn?: string }) => {
      await withRuntime(options, async (rt) => {
        const r = await runReconcile(rt, {
          ...(opts.asOf === undefined ? {} : { asOf: opts.asOf }),
          ...(opts.knownOn === undefined ? {} : { knownOn: opts.knownOn }),
        });
        io.stdout(formatReconcileSummary(r));
        for (const note of r.notes) io.stderr(`odsync: ${note}\n`);
        if (r.empty) setExit(3);
      });
    });

  const match = program.command('match').description('manual match decisions and the matcher’s candidates');
  const decide =
    (decision: 'confirm' | 'reject') =>
    async (itemRef: string, datasetId: string, opts: { note?: string; by?: string }) => {
      await withRuntime(options, async (rt) => {
        const item = await resolvePlanItem(rt.handle.db, itemRef);
        const saved = await recordDecision(rt.handle.db, {
          planKey: item.planKey,
          datasetId,
          decision,
          decidedBy: opts.by ?? currentUser(),
          decidedAt: rt.clock.now(),
          note: opts.note ?? null,
        });
        const verb = decision === 'confirm' ? '已確認' : '已排除';
        io.stdout(
          `${verb}：${item.planKey}「${item.title}」↔ 資料集 ${datasetId.trim()}「${saved.datasetTitle}」` +
            `${saved.delisted ? '（注意：此資料集已下架，狀態將為 missing）' : ''}\n` +
            '下次執行 odsync reconcile 時生效，並持續有效。\n',
        );
      });
    };
  match
    .command('confirm <planKeyOrSeq> <datasetId>')
    .description('confirm that a dataset publishes a plan item (wins over the matcher, persists)')
    .option('--note <text>', 'why (kept with the decision)')
    .option('--by <name>', 'who decided (default: the OS user)')
    .action(decide('confirm'));
  match
    .command('reject <planKeyOrSeq> <datasetId>')
    .description('reject a pair: the matcher never proposes it again')
    .option('--note <text>', 'why (kept with the decision)')
    .option('--by <name>', 'who decided (default: the OS user)')
    .action(decide('reject'));
  match
    .command('suggest-synonyms')
    .description('abbreviations and renames that would have made confirmed pairs automatic')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      await withRuntime(options, async (rt) => {
        const list = await suggestSynonyms(rt);
        io.stdout(opts.json ? JSON.stringify(list, null, 2) + '\n' : formatSynonymSuggestions(list));
      });
    });
  match
    .command('list')
    .description('the latest reconciliation per plan item, with candidates and scores')
    .option('--needs-review', 'only items waiting for a person')
    .option('--json', 'machine-readable output')
    .action(async (opts: { needsReview?: boolean; json?: boolean }) => {
      await withRuntime(options, async (rt) => {
        const list = await matchList(rt.handle.db, { needsReviewOnly: opts.needsReview === true });
        io.stdout(
          opts.json
            ? JSON.stringify(list ?? { runId: null, asOf: null, entries: [] }, null, 2) + '\n'
            : formatMatchList(list, opts.needsReview === true),
        );
      });
    });
}

function currentUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
