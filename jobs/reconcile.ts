/**
 * `odsync reconcile [--as-of]` and `odsync match confirm|reject|list`: wire the reconciliation
 * (pure core in src/reconcile, storage in src/reconcile-store) to the CLI. Output for the IT office
 * is Traditional Chinese.
 */
import { z } from 'zod';
import { localDate } from '../src/time/index.js';
import { InputError } from '../src/errors.js';
import { displayText } from '../src/plan/index.js';
import { kindLabel, statusLabel } from '../src/labels/index.js';
import type { ScoredCandidate, SynonymSuggestion } from '../src/reconcile/index.js';
import {
  synonymSuggestions,
  reconcileOptions,
  runReconcileStage,
  type MatchList,
  type ReconcileStageResult,
} from '../src/reconcile-store/index.js';
import { asOfNotes, type TwoDatesNotes } from '../src/report/index.js';
import { runJob } from '../src/runs/index.js';
import type { Runtime } from './runtime.js';

export const JOB_NAME = 'reconcile';

const asOfSchema = z.iso.date({ message: '--as-of 必須是日期 YYYY-MM-DD' });

const REASON_LABELS: Record<string, string> = {
  auto: '自動配對',
  confirmed: '人工確認',
  confirmed_not_found: '人工確認（資料集已不在目錄中）',
  below_high: '分數未達自動配對門檻',
  ambiguous: '有相近的其他候選，無法自動判定',
  contested: '候選資料集亦被其他項目考慮中',
  agency_mismatch: '候選資料集的提供機關與計畫不符',
  candidates_taken: '候選資料集已配對給其他項目',
  no_candidate: '平台上找不到相符的資料集',
  displaced: '最佳候選已配對給其他項目，此為次佳配對',
  group: '一項計畫分為多個資料集公開（自動配對）',
  group_below_high: '一項計畫分為多個資料集公開，分數未達自動配對門檻',
};

export interface ReconcileArgs {
  asOf?: string;
  /** Knowledge time: as odsync could have reconciled on the evening of this day. */
  knownOn?: string;
  parentId?: number;
}

export type ReconcileRunResult = ReconcileStageResult & {
  runId: number;
  /** Valid-time caveats of the as-of day (also in the run's log). */
  notes: string[];
  /** Set when the day precedes everything odsync knows (exit 3). */
  empty: string | null;
};

/** Run the reconcile stage as the `reconcile` job (also the nightly's stage). */
export async function runReconcile(rt: Runtime, args: ReconcileArgs = {}): Promise<ReconcileRunResult> {
  const today = localDate(rt.clock.now(), rt.config.timeZone);
  const knownOn = args.knownOn ?? null;
  if (knownOn !== null && !asOfSchema.safeParse(knownOn).success)
    throw new InputError(`--known-on 必須是日期 YYYY-MM-DD，收到「${knownOn}」`);
  if (knownOn !== null && knownOn > today) throw new InputError(`--known-on ${knownOn} 晚於今天 ${today}`);
  const asOf = args.asOf ?? knownOn ?? today;
  const parsed = asOfSchema.safeParse(asOf);
  if (!parsed.success) throw new InputError(`--as-of 必須是日期 YYYY-MM-DD，收到「${asOf}」`);
  if (knownOn !== null && asOf > knownOn)
    throw new InputError(`--as-of ${asOf} 晚於 --known-on ${knownOn}：當時對該日一無所知`);
  let stage: ReconcileStageResult | undefined;
  let notes: TwoDatesNotes | undefined;
  const outcome = await runJob(
    rt.runDeps,
    JOB_NAME,
    async (ctx) => {
      stage = await runReconcileStage(rt.handle.db, ctx.runId, {
        asOf,
        timeZone: rt.config.timeZone,
        options: reconcileOptions(rt.config),
        today,
        knownOn,
      });
      const s = stage.result.summary;
      ctx.logger.info({ asOf, knownOn, byStatus: s.byStatus }, 'reconciled');
      notes = await asOfNotes(rt.handle.db, {
        asOf,
        knownOn,
        timeZone: rt.config.timeZone,
        datasets: stage.datasets,
        lang: 'zh-TW',
      });
      for (const note of notes.notes) ctx.logger.warn({ note }, 'as-of note');
      return {
        status: notes.empty ? 'partial' : 'succeeded',
        ...(notes.empty ? { reason: notes.empty } : {}),
        counters: {
          asOf,
          planItems: s.planItems,
          datasets: s.datasets,
          ...s.byStatus,
          discrepancies: stage.result.discrepancies.length,
          newDiscrepancies: stage.newDiscrepancies,
          resolvedDiscrepancies: stage.resolvedDiscrepancies,
          history: !stage.updatedLifecycle,
        },
      };
    },
    {
      args: { asOf, ...(knownOn === null ? {} : { knownOn }) },
      ...(args.parentId === undefined ? {} : { parentId: args.parentId }),
    },
  );
  if (!stage || !notes) throw new Error('reconcile finished without a result');
  return { ...stage, runId: outcome.runId, notes: notes.notes, empty: notes.empty };
}

export function formatReconcileSummary(r: ReconcileStageResult & { runId: number }): string {
  const s = r.result.summary;
  const lines = [
    `比對完成（執行編號 ${r.runId}，基準日 ${r.result.asOf}）：計畫項目 ${s.planItems} 項，平台資料集 ${s.datasets} 筆`,
    ...Object.entries(s.byStatus).map(([k, n]) => `  ${statusLabel(k)}（${k}）：${n}`),
    `差異 ${r.result.discrepancies.length} 筆` +
      (r.updatedLifecycle
        ? `（新增 ${r.newDiscrepancies}，已解決 ${r.resolvedDiscrepancies}）`
        : '（基準日早於最近一次比對或晚於今天：僅記錄歷史，不更新差異狀態）'),
  ];
  for (const [kind, n] of Object.entries(s.byDiscrepancy))
    lines.push(`  ${kindLabel(kind)}（${kind}）：${n}`);
  return lines.join('\n') + '\n';
}

const pct = (score: number | null) => (score === null ? '—' : score.toFixed(2));

function candidateLine(c: ScoredCandidate): string {
  const extra = [
    c.components.agency === 'different' ? `提供機關不同：${c.publisherName ?? '—'}` : null,
    c.takenBy ? `已配對給 ${c.takenBy}` : null,
    c.delisted ? '已下架' : null,
  ].filter(Boolean);
  const k = c.components;
  const more = [
    k.summaryTitle == null ? null : `概述作標題 ${k.summaryTitle}`,
    k.spelledOut ? '完整包含計畫標題' : null,
    k.unit == null ? null : `管理單位 ${k.unit === 1 ? '相符' : '未見'}`,
    k.timing == null ? null : `上架時間 ${k.timing}`,
  ].filter(Boolean);
  return `      - ${c.datasetId}「${c.title}」分數 ${pct(c.score)}（標題 Dice ${k.titleDice}，涵蓋 ${k.titleCoverage}，原標題 ${k.rawDice}，概述 ${k.description ?? '—'}${more.length ? `，${more.join('，')}` : ''}）${extra.length ? `；${extra.join('；')}` : ''}`;
}

export function formatMatchList(list: MatchList | null, needsReviewOnly: boolean): string {
  if (!list) return '尚未執行過比對（請先執行 odsync reconcile）\n';
  const lines = [
    `比對結果（執行編號 ${list.runId}，基準日 ${list.asOf}）${needsReviewOnly ? '：待人工確認項目' : ''}，共 ${list.entries.length} 項`,
  ];
  for (const e of list.entries) {
    const head = `${e.planKey}（序號 ${e.seq ?? '—'}）「${e.title}」→ ${statusLabel(e.status)}`;
    const dataset =
      e.outcome === 'matched'
        ? `${e.method === 'manual' ? '人工確認' : '自動配對'} ${e.datasetId}「${e.datasetTitle ?? e.evidence.chosen?.title ?? '—'}」分數 ${pct(e.score)}`
        : (REASON_LABELS[e.reason] ?? e.reason);
    lines.push(`${head}：${dataset}`);
    lines.push(`    正規化標題：${e.evidence.normalizedItemTitle}`);
    if (e.delayReason !== null || e.expectedDate !== null)
      lines.push(
        `    延遲原因：${e.delayReason === null ? '—' : displayText(e.delayReason)}；預計上架日期：${e.expectedDate ?? '—'}`,
      );
    if (e.evidence.group && e.evidence.group.length > 1)
      lines.push(`    分為多個資料集：${e.evidence.group.join('、')}（狀態依最早上架者）`);
    if (e.evidence.possible && e.evidence.possible.length > 0) {
      lines.push('    可能相符（分數低於門檻，請人工確認）：');
      for (const c of e.evidence.possible) lines.push(candidateLine(c));
    }
    if (e.outcome !== 'matched' || e.evidence.runnerUp) {
      const listed = new Set((e.evidence.possible ?? []).map((c) => c.datasetId));
      const shown =
        e.outcome === 'matched'
          ? e.evidence.runnerUp
            ? [e.evidence.runnerUp]
            : []
          : e.evidence.candidates.filter((c) => !listed.has(c.datasetId));
      if (shown.length > 0) {
        lines.push(e.outcome === 'matched' ? '    次佳候選：' : '    候選資料集：');
        for (const c of shown) lines.push(candidateLine(c));
      }
    }
  }
  return lines.join('\n') + '\n';
}

/** Abbreviations and renames that would have made the confirmed pairs automatic. */
export async function suggestSynonyms(rt: Runtime): Promise<SynonymSuggestion[]> {
  return synonymSuggestions(rt.handle.db, {
    asOf: localDate(rt.clock.now(), rt.config.timeZone),
    timeZone: rt.config.timeZone,
    options: reconcileOptions(rt.config),
  });
}

/** The suggestions, and the JSON an operator can merge into the ODSYNC_MATCH_SYNONYMS file. */
export function formatSynonymSuggestions(list: readonly SynonymSuggestion[]): string {
  if (list.length === 0)
    return '沒有可建議的同義詞（已確認的配對都已能自動配對，或差異不是單一縮寫或更名）\n';
  const lines = [`建議新增的同義詞 ${list.length} 項（加入同義詞表後，下列已確認配對即可自動配對）：`];
  for (const s of list) {
    lines.push(`  "${s.from}": "${s.to}"`);
    for (const p of s.pairs)
      lines.push(
        `    ${p.planKey}「${p.planTitle}」↔ ${p.datasetId}「${p.datasetTitle}」分數 ${pct(p.before)} → ${pct(p.after)}`,
      );
  }
  lines.push(
    `可併入 ODSYNC_MATCH_SYNONYMS 指定的 JSON 檔：${JSON.stringify(Object.fromEntries(list.map((s) => [s.from, s.to])))}`,
  );
  return lines.join('\n') + '\n';
}
