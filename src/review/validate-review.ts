/**
 * Validation of a returned review sheet, before anything is written: unknown 計畫項目鍵, a dataset
 * id that is not one of ours, 確認 and 否決 on one row, more than one 確認, an unparseable date, a
 * key twice with different answers. Each problem names file, sheet, row and column. Pure: the
 * caller looks up which keys and ids exist.
 */
import { isoDateSchema } from '../../schemas/report.js';
import type { InputProblem } from '../errors.js';
import type { RawCell } from '../plan/index.js';
import { COLUMN_INDEX, REVIEW_COLUMNS, type ReviewColumnKey } from './review-columns.js';
import type { ReviewSheet } from './read-workbook.js';

export interface ReviewAnswer {
  file: string;
  sheet: string;
  row: number;
  planKey: string;
  confirm: string | null;
  rejects: string[];
  reason: string | null;
  expectedDate: string | null;
  remark: string | null;
  reviewer: string | null;
}

export interface KnownReferences {
  planKeys: ReadonlySet<string>;
  datasetIds: ReadonlySet<string>;
}

const MAX_TEXT = 2000;
const ROC_OFFSET = 1911;

/**
 * A cell as stored text: control characters dropped, trimmed, and the `'` odsync puts before
 * formula-like text on export removed again (so a re-import compares equal). A formula stays
 * its formula text: it is data, never evaluated.
 */
export function cellText(c: RawCell | undefined): string {
  if (!c) return '';
  const t = c.text
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .trim();
  return /^'[=+\-@]/.test(t) ? t.slice(1) : t;
}

/** Dataset ids of a cell: separated by commas, 、, semicolons or spaces. */
export function datasetIds(text: string): string[] {
  return [...new Set(text.split(/[,，、;；\s]+/).filter((x) => x !== ''))];
}

/** `YYYY-MM-DD` from a date cell, ISO or slashed Gregorian, or ROC (115/7/1, 民國115年7月1日); null if none. */
export function parseExpectedDate(c: RawCell | undefined): string | null | undefined {
  const fromCell = c?.dateValue?.slice(0, 10);
  if (fromCell && isoDateSchema.safeParse(fromCell).success) return fromCell;
  const t = cellText(c).normalize('NFKC').replace(/\s+/g, '');
  if (t === '') return null;
  const m =
    /^(?:民國)?(\d{2,4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|年(\d{1,2})月(\d{1,2})日?)$/.exec(t) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return undefined;
  let year = Number(m[1]);
  if (m[1]!.length <= 3) year += ROC_OFFSET;
  const month = Number(m[2] ?? m[4]);
  const day = Number(m[3] ?? m[5]);
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isoDateSchema.safeParse(iso).success && year >= 2000 && year <= 2200 ? iso : undefined;
}

function columnName(sheet: ReviewSheet, key: ReviewColumnKey): string {
  const i = sheet.columns[key] ?? COLUMN_INDEX[key];
  let letters = '';
  for (let x = i + 1; x > 0; x = Math.floor((x - 1) / 26))
    letters = String.fromCharCode(65 + ((x - 1) % 26)) + letters;
  return `${letters}（${REVIEW_COLUMNS[COLUMN_INDEX[key]]!.header}）`;
}

/** Every answer of the sheet, or every problem found. Rows without a key and without answers are skipped. */
export function validateReviewSheet(
  sheet: ReviewSheet,
  known: KnownReferences,
): { answers: ReviewAnswer[]; problems: InputProblem[] } {
  const answers: ReviewAnswer[] = [];
  const problems: InputProblem[] = [];
  const byKey = new Map<string, ReviewAnswer>();
  for (const r of sheet.rows) {
    const problem = (key: ReviewColumnKey, message: string) =>
      problems.push({
        file: sheet.file,
        sheet: sheet.sheet,
        row: r.row,
        column: columnName(sheet, key),
        message,
      });
    const value = (key: ReviewColumnKey) => cellText(r.cells[key]);
    const planKey = value('planKey');
    const confirmText = value('confirm');
    const rejectText = value('reject');
    const filled = (['confirm', 'reject', 'reason', 'expectedDate', 'remark'] as const).some(
      (k) => value(k) !== '',
    );
    if (planKey === '') {
      if (filled) problem('planKey', '缺少計畫項目鍵（此列有填答，但無法對應到計畫項目）');
      continue;
    }
    const before = problems.length;
    if (!known.planKeys.has(planKey)) problem('planKey', `找不到計畫項目鍵「${planKey}」`);
    const confirms = datasetIds(confirmText);
    const rejects = datasetIds(rejectText);
    if (confirms.length > 0 && rejects.length > 0)
      problem('reject', '同一列不可同時填寫「確認資料集識別碼」與「否決資料集識別碼」');
    if (confirms.length > 1)
      problem('confirm', `「確認資料集識別碼」只能填一個，收到 ${confirms.join('、')}`);
    for (const [key, ids] of [
      ['confirm', confirms],
      ['reject', rejects],
    ] as const) {
      for (const id of ids)
        if (!known.datasetIds.has(id)) problem(key, `資料集識別碼「${id}」不是我們已同步的資料集`);
    }
    const expectedDate = parseExpectedDate(r.cells.expectedDate);
    if (expectedDate === undefined)
      problem('expectedDate', `無法辨識的日期「${value('expectedDate')}」（請填 2026-07-01 或 115/7/1）`);
    for (const key of ['reason', 'remark', 'reviewer'] as const)
      if (value(key).length > MAX_TEXT) problem(key, `內容超過 ${MAX_TEXT} 字`);
    if (problems.length > before) continue;
    const answer: ReviewAnswer = {
      file: sheet.file,
      sheet: sheet.sheet,
      row: r.row,
      planKey,
      confirm: confirms[0] ?? null,
      rejects,
      reason: value('reason') || null,
      expectedDate: expectedDate ?? null,
      remark: value('remark') || null,
      reviewer: value('reviewer') || null,
    };
    const earlier = byKey.get(planKey);
    if (earlier) {
      if (!sameAnswer(earlier, answer))
        problem('planKey', `計畫項目鍵「${planKey}」在第 ${earlier.row} 列已出現，且填答不同`);
      continue;
    }
    byKey.set(planKey, answer);
    answers.push(answer);
  }
  return { answers, problems };
}

function sameAnswer(a: ReviewAnswer, b: ReviewAnswer): boolean {
  return (
    a.confirm === b.confirm &&
    a.rejects.join() === b.rejects.join() &&
    a.reason === b.reason &&
    a.expectedDate === b.expectedDate &&
    a.remark === b.remark
  );
}
