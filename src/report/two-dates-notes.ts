/**
 * The caveats of a report in valid time ("as of D" = the state of day D by what odsync knows on
 * the evening of the knowledge day): what the day precedes, and what only observation could have
 * revealed. Pure; the loader gathers the facts.
 */
import type { DatasetInput } from '../reconcile/index.js';
import type { ReportLang } from './strings.js';

export interface TwoDatesFacts {
  asOf: string;
  /** `--known-on`, when the report replays an earlier day's knowledge. */
  knownOn: string | null;
  /** Plan versions in force (label, version, effective date, whether D precedes every version). */
  plans: ReadonlyArray<{ label: string; versionId: string; effectiveDate: string; beforeEffective: boolean }>;
  /** Every dataset known by the knowledge cut-off (the loader's view, before the core's as-of cut). */
  datasets: readonly DatasetInput[];
  /** Day of the first comment sync (local date), or null when comments were never synced. */
  firstCommentSync: string | null;
}

export interface TwoDatesNotes {
  notes: string[];
  /** Set when the day precedes everything odsync knows: the command exits 3 with this reason. */
  empty: string | null;
}

const list = (ids: readonly string[]) => ids.slice(0, 5).join('、') + (ids.length > 5 ? ' …' : '');

export function twoDatesNotes(f: TwoDatesFacts, lang: ReportLang = 'zh-TW'): TwoDatesNotes {
  const en = lang === 'en';
  const notes: string[] = [];
  const present = f.datasets.filter((d) => d.publishedDate === null || d.publishedDate <= f.asOf);
  const observedByThen = f.datasets.filter((d) => d.firstObserved !== undefined && d.firstObserved <= f.asOf);
  const onPlatform = present.filter((d) => d.delistedDate === null || d.delistedDate > f.asOf);
  if (f.knownOn !== null)
    notes.push(
      en
        ? `Replay: as odsync could have answered on the evening of ${f.knownOn} (--known-on); later observations, plan versions and decisions are left out.`
        : `重現：依 odsync 於 ${f.knownOn} 當晚所知作答（--known-on），其後的觀測、計畫版本與人工判定均不計入。`,
    );
  for (const p of f.plans.filter((x) => x.beforeEffective))
    notes.push(
      en
        ? `${f.asOf} precedes every version of plan ${p.label}: its earliest version (${p.versionId}, effective ${p.effectiveDate}) stands in.`
        : `基準日 ${f.asOf} 早於計畫 ${p.label} 所有版本的生效日：以最早的版本（第 ${p.versionId} 版，${p.effectiveDate} 生效）代替。`,
    );
  const later = present.filter((d) => d.firstObserved !== undefined && d.firstObserved > f.asOf);
  if (later.length > 0)
    notes.push(
      en
        ? `${later.length} dataset(s) published by ${f.asOf} were first synced later: their title and metadata on that day are those of the earliest version observed (${list(later.map((d) => d.datasetId))}).`
        : `${later.length} 個於基準日前已上架的資料集，odsync 在基準日之後才首次同步：當日的標題與詮釋資料以最早觀測到的版本代替（${list(later.map((d) => d.datasetId))}）。`,
    );
  const uncertain = f.datasets.filter((d) => d.delistedDate === null && d.delistedBound);
  if (uncertain.length > 0)
    notes.push(
      en
        ? `${uncertain.length} dataset(s) may already have been delisted on ${f.asOf}; the platform gives no date, only observations bound it: ${list(uncertain.map((d) => `${d.datasetId} (${boundText(d.delistedBound!, true)})`))}.`
        : `${uncertain.length} 個資料集在基準日是否已下架無法確定（平臺未提供下架日期，僅能由觀測推定）：${list(uncertain.map((d) => `${d.datasetId}（${boundText(d.delistedBound!, false)}）`))}。`,
    );
  const undated = onPlatform.filter((d) => d.publishedDate === null);
  if (undated.length > 0)
    notes.push(
      en
        ? `${undated.length} dataset(s) have no 上架日期 (known only from the platform's delisting lists): whether an item they publish was late is judged by the as-of day (${list(undated.map((d) => d.datasetId))}).`
        : `${undated.length} 個資料集沒有上架日期（odsync 只在平臺的下架清單中見過）：其計畫項目是否逾期只能依基準日判斷（${list(undated.map((d) => d.datasetId))}）。`,
    );
  if (f.firstCommentSync !== null && f.asOf < f.firstCommentSync)
    notes.push(
      en
        ? `Comments carry no date on the platform and are aged from when odsync first saw them; ${f.asOf} precedes the first comment sync (${f.firstCommentSync}), so comments of that day are unknown.`
        : `平臺留言沒有日期，等待天數自 odsync 首次看到起算；基準日 ${f.asOf} 早於第一次留言同步（${f.firstCommentSync}），當日的留言無從得知。`,
    );
  const missing: string[] = [];
  if (f.plans.length === 0) missing.push(en ? 'no plan version is known' : '沒有已知的開放計畫版本');
  if (f.datasets.length === 0) missing.push(en ? 'no dataset has been observed' : '沒有觀測到任何資料集');
  else if (onPlatform.length === 0 && observedByThen.length === 0 && f.plans.every((p) => p.beforeEffective))
    missing.push(
      en
        ? 'the day precedes every plan version and every dataset odsync knows'
        : '基準日早於所有已知的計畫版本與資料集',
    );
  let empty: string | null = null;
  if (missing.length > 0) {
    empty = en
      ? `${f.asOf} precedes everything odsync knows${f.knownOn ? ` as of ${f.knownOn}` : ''}: ${missing.join('; ')}.`
      : `基準日 ${f.asOf} 早於 odsync${f.knownOn ? ` 於 ${f.knownOn}` : ''} 所知的一切：${missing.join('；')}。`;
    notes.unshift(empty);
  }
  return { notes, empty };
}

/** "下架於 A 至 B 之間" (or "B 之前" when never seen listed). */
export function boundText(b: { lastSeen: string | null; firstMissed: string }, en: boolean): string {
  if (en)
    return b.lastSeen === null
      ? `delisted on or before ${b.firstMissed}`
      : `delisted between ${b.lastSeen} and ${b.firstMissed}`;
  return b.lastSeen === null
    ? `下架於 ${b.firstMissed} 之前`
    : `下架於 ${b.lastSeen} 至 ${b.firstMissed} 之間`;
}
