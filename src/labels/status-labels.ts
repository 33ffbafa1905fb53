/**
 * The one table of names for item statuses and discrepancy kinds, shared by the CLI, the reports,
 * the review workbook and the alerts: a reader who sees a word in an alert finds it in the report.
 */
import type { DiscrepancyKind, ItemStatusKind } from '../reconcile/index.js';

export type LabelLanguage = 'zh' | 'en';

export const STATUS_LABELS: Readonly<Record<LabelLanguage, Readonly<Record<ItemStatusKind, string>>>> = {
  zh: {
    published_on_time: '如期上架',
    published_late: '逾期上架',
    overdue: '逾期未上架',
    pending: '尚未到期',
    missing: '已下架或消失',
    needs_review: '待人工確認',
  },
  en: {
    published_on_time: 'Published on time',
    published_late: 'Published late',
    overdue: 'Overdue',
    pending: 'Pending',
    missing: 'Missing (delisted)',
    needs_review: 'Needs review',
  },
};

export const KIND_LABELS: Readonly<Record<LabelLanguage, Readonly<Record<DiscrepancyKind, string>>>> = {
  zh: {
    overdue: STATUS_LABELS.zh.overdue,
    published_late: STATUS_LABELS.zh.published_late,
    missing: STATUS_LABELS.zh.missing,
    needs_review: STATUS_LABELS.zh.needs_review,
    unplanned: '計畫外資料集',
    stale: '未依頻率更新',
    unanswered_feedback: '留言未回覆',
    open_request: '民眾提議未回覆',
    expected_date_passed: '已過預計上架日期',
    delisting_scheduled: '資料集預計下架',
  },
  en: {
    overdue: STATUS_LABELS.en.overdue,
    published_late: STATUS_LABELS.en.published_late,
    missing: 'Missing',
    needs_review: STATUS_LABELS.en.needs_review,
    unplanned: 'Unplanned dataset',
    stale: 'Stale (update lapsed)',
    unanswered_feedback: 'Unanswered comment',
    open_request: 'Open citizen request',
    expected_date_passed: 'Expected date passed',
    delisting_scheduled: 'Delisting scheduled',
  },
};

/** The label of a status (or its code when it is not one: rows read back from older data). */
export function statusLabel(status: string, language: LabelLanguage = 'zh'): string {
  return (STATUS_LABELS[language] as Record<string, string>)[status] ?? status;
}

/** The label of a discrepancy kind (or its code when it is not one). */
export function kindLabel(kind: string, language: LabelLanguage = 'zh'): string {
  return (KIND_LABELS[language] as Record<string, string>)[kind] ?? kind;
}
