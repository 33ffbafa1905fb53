/** IT-office text (Traditional Chinese) for plan imports and changes. Pure. */
import type { InputProblem } from '../errors.js';
import type { PlanWarning } from './build-plan.js';
import type { PlanChangeKind } from './diff-plan.js';
import { parseRocDate } from './roc-date.js';
import type { PlanImportResult } from './store-plan.js';

/** Make untrusted cell text safe for one terminal line: control characters shown as \uXXXX. */
export function displayText(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const where = (p: { row?: number; column?: string }) =>
  [p.row === undefined ? '' : `第 ${p.row} 列`, p.column ? `「${displayText(p.column)}」欄` : '']
    .filter(Boolean)
    .join('');

export function formatWarning(w: PlanWarning): string {
  const at = where(w);
  return `警告：${at ? `${at}：` : ''}${displayText(w.message)}`;
}

export function formatProblemZh(p: InputProblem): string {
  const at = [p.file ? displayText(p.file) : '', p.sheet ? `工作表「${displayText(p.sheet)}」` : '', where(p)]
    .filter(Boolean)
    .join(' ');
  return `${at ? `${at}：` : ''}${displayText(p.message)}`;
}

export function changeSentence(
  kind: PlanChangeKind,
  oldValue: string | null,
  newValue: string | null,
): string {
  const o = displayText(oldValue ?? '');
  const n = displayText(newValue ?? '');
  switch (kind) {
    case 'added':
      return `新增「${n}」`;
    case 'removed':
      return `移除「${o}」`;
    case 'renamed':
      return `名稱由「${o}」改為「${n}」`;
    case 'due_moved':
      return `預計開放由 ${o} 改為 ${n}${moveDirection(oldValue, newValue)}`;
    case 'description_changed':
      return '資料集概述變更';
    case 'unit_changed':
      return `管理單位由「${o}」改為「${n}」`;
  }
}

/** `已匯入 48 項，新增 48、移除 0、改期 0、更名 0、概述變更 0、單位變更 0` plus one line per change and warning. */
export function formatImportResult(result: PlanImportResult, fileName: string): string {
  const lines: string[] = [];
  const c = result.counts;
  if (result.status === 'unchanged') {
    lines.push(
      `計畫 ${displayText(result.label)}：檔案 ${displayText(fileName)} 與最近一版（第 ${result.versionId} 版）相同，未做任何變更`,
    );
  } else if (result.status === 'skipped') {
    lines.push(`已有匯入的計畫，未匯入 ${displayText(fileName)}`);
  } else {
    lines.push(
      `計畫 ${displayText(result.label)} 第 ${result.versionId} 版（${displayText(fileName)}）：` +
        `已匯入 ${result.itemCount} 項，新增 ${c.added}、移除 ${c.removed}、改期 ${c.dueMoved}、` +
        `更名 ${c.renamed}、概述變更 ${c.descriptionChanged}、單位變更 ${c.unitChanged}`,
    );
    if (result.previousVersionId !== null) {
      for (const ch of result.changes) {
        lines.push(`  序號 ${ch.seq}：${changeSentence(ch.kind, ch.oldValue, ch.newValue)}`);
      }
    }
  }
  for (const w of result.warnings) lines.push(formatWarning(w));
  return lines.join('\n') + '\n';
}

/** `（延後）` / `（提前）` from the two raw planned dates, when both parse. */
function moveDirection(oldRaw: string | null, newRaw: string | null): string {
  const before = parseRocDate(oldRaw ?? '');
  const after = parseRocDate(newRaw ?? '');
  if (!before.ok || !after.ok || before.value.dueDate === after.value.dueDate) return '';
  return before.value.dueDate < after.value.dueDate ? '（延後）' : '（提前）';
}
