/**
 * Every human-facing label of the reports, in Traditional Chinese (default) and English.
 * Renderers never hard-code text; they look it up here.
 */
import type { DiscrepancyKind, PlanItemStatus } from '../../schemas/report.js';
import { KIND_LABELS, STATUS_LABELS } from '../labels/index.js';
import type { AgeingBucket } from './report-model.js';

export const REPORT_LANGS = ['zh-TW', 'en'] as const;
export type ReportLang = (typeof REPORT_LANGS)[number];

export interface ReportStrings {
  htmlLang: string;
  title: string;
  subtitle: string;
  status: Readonly<Record<PlanItemStatus, string>>;
  kind: Readonly<Record<DiscrepancyKind, string>>;
  bucket: Record<AgeingBucket, string>;
  /** Headline counts of open discrepancies by what they are about. */
  group: { plan: string; upkeep: string; planHint: string; upkeepHint: string };
  section: {
    headline: string;
    chart: string;
    overdue: string;
    late: string;
    missing: string;
    needsReview: string;
    changes: string;
    newSince: string;
    resolvedSince: string;
    comments: string;
    requests: string;
    items: string;
    discrepancies: string;
    summary: string;
    units: string;
    agencies: string;
  };
  col: {
    planKey: string;
    seq: string;
    title: string;
    unit: string;
    agency: string;
    subUnit: string;
    datasets: string;
    plannedRaw: string;
    dueDate: string;
    status: string;
    datasetId: string;
    datasetTitle: string;
    publishedDate: string;
    lagDays: string;
    overdueDays: string;
    bucket: string;
    matchMethod: string;
    matchScore: string;
    comments: string;
    unanswered: string;
    requests: string;
    id: string;
    kind: string;
    firstSeen: string;
    lastSeen: string;
    resolvedAt: string;
    detail: string;
    candidates: string;
    publisher: string;
    score: string;
    commentId: string;
    author: string;
    body: string;
    waitingDays: string;
    requestId: string;
    requestStatus: string;
    submittedOn: string;
    total: string;
    metric: string;
    value: string;
    delayReason: string;
    expectedDate: string;
  };
  match: { auto: string; manual: string };
  scope: {
    asOf: string;
    publishers: string;
    allPublishers: string;
    plans: string;
    planVersion: (label: string, versionId: string, items: number) => string;
    noPlans: string;
    platformDatasets: string;
    reportRun: string;
    reconcileRun: string;
    recomputed: string;
    previous: string;
    firstReport: string;
    generatedAt: string;
  };
  planItems: string;
  notes: string;
  statusMismatch: (n: number, runId: string, keys: string) => string;
  none: string;
  noCandidates: string;
  /** Label of an overdue item's best guesses below the matching threshold. */
  possibleMatch: string;
  /** Label of the further datasets of an item published as several. */
  alsoPublishedAs: string;
  commentsNote: string;
  firstReportNote: string;
  days: (n: number) => string;
  footer: string;
  chartAria: string;
  moreItems: (n: number) => string;
  reviewConflict: (n: number, keys: string) => string;
}

const zh: ReportStrings = {
  htmlLang: 'zh-Hant-TW',
  title: '勞動部開放資料釋出計畫執行報告',
  subtitle: '計畫項目與政府資料開放平臺（data.gov.tw）比對結果',
  status: STATUS_LABELS.zh,
  kind: KIND_LABELS.zh,
  group: {
    plan: '計畫差異',
    upkeep: '資料集維護',
    planHint: '逾期、逾期上架、下架、待確認、已過預計日期、預計下架',
    upkeepHint: '未依頻率更新、計畫外資料集',
  },
  bucket: {
    d1_30: '1–30 天',
    d31_90: '31–90 天',
    d91_180: '91–180 天',
    d181_365: '181–365 天',
    d366_plus: '超過 1 年',
  },
  section: {
    headline: '重點數字',
    chart: '各管理單位執行狀況',
    overdue: '逾期未上架（依逾期天數排序）',
    late: '逾期上架',
    missing: '已下架或消失的資料集',
    needsReview: '待人工確認的比對',
    changes: '與前次報告比較',
    newSince: '新增的差異',
    resolvedSince: '已解決的差異',
    comments: '待回覆的民眾留言',
    requests: '待回覆的民眾資料集提議',
    items: '全部計畫項目',
    discrepancies: '未解決的差異',
    summary: '摘要',
    units: '各單位統計',
    agencies: '各機關資料集',
  },
  col: {
    planKey: '計畫項目鍵',
    seq: '序號',
    title: '資料集名稱',
    unit: '管理單位',
    agency: '提供機關',
    subUnit: '所屬單位',
    datasets: '資料集數',
    plannedRaw: '預計開放年月',
    dueDate: '到期日',
    status: '狀態',
    datasetId: '資料集識別碼',
    datasetTitle: '平臺資料集名稱',
    publishedDate: '上架日期',
    lagDays: '上架延遲天數',
    overdueDays: '逾期天數',
    bucket: '逾期區間',
    matchMethod: '比對方式',
    matchScore: '比對分數',
    comments: '留言數',
    unanswered: '未回覆留言',
    requests: '相關民眾提議',
    id: '差異編號',
    kind: '差異類型',
    firstSeen: '首次發現',
    lastSeen: '最後發現',
    resolvedAt: '解決日期',
    detail: '說明',
    candidates: '候選資料集',
    publisher: '提供機關',
    score: '分數',
    commentId: '留言編號',
    author: '留言者',
    body: '留言內容',
    waitingDays: '等待天數',
    requestId: '提議編號',
    requestStatus: '處理狀態',
    submittedOn: '提議日期',
    total: '合計',
    metric: '項目',
    value: '數值',
    delayReason: '延遲原因',
    expectedDate: '預計上架日期',
  },
  match: { auto: '自動', manual: '人工確認' },
  scope: {
    asOf: '資料基準日',
    publishers: '統計機關',
    allPublishers: '全部機關',
    plans: '計畫版本',
    planVersion: (label, versionId, items) => `${label}（版本 ${versionId}，${items} 項）`,
    noPlans: '尚未匯入計畫',
    platformDatasets: '平臺上架資料集',
    reportRun: '報告執行編號',
    reconcileRun: '比對執行編號',
    recomputed: '依歷史資料重新計算',
    previous: '前次報告',
    firstReport: '無（首次報告）',
    generatedAt: '產製時間',
  },
  planItems: '計畫項目',
  notes: '注意',
  statusMismatch: (n, runId, keys) =>
    `本報告依基準日重新計算的狀態有 ${n} 項與比對執行 ${runId} 記錄的不同（${keys}）：比對之後資料已有變動，請重新執行 odsync reconcile。`,
  none: '無',
  noCandidates: '無候選資料集',
  possibleMatch: '可能相符',
  alsoPublishedAs: '另含',
  commentsNote: '平臺未提供留言日期，等待天數自 odsync 首次看到該留言起算。',
  firstReportNote: '這是第一份報告：所有未解決的差異都列為新增。',
  days: (n) => `${n} 天`,
  footer: '本報告由 odsync 自動產生；平臺與民眾提供的文字均原樣呈現並經過跳脫處理。',
  chartAria: '各管理單位計畫項目狀態堆疊長條圖',
  moreItems: (n) => `另有 ${n} 項，請見試算表。`,
  reviewConflict: (n, keys) =>
    `${n} 個計畫項目收到互相矛盾的單位填答（${keys}）：以較晚匯入的檔案為準，請與填表單位確認。`,
};

const en: ReportStrings = {
  htmlLang: 'en',
  title: 'Ministry of Labor open-data release plan report',
  subtitle: 'Plan items reconciled with the national open data platform (data.gov.tw)',
  status: STATUS_LABELS.en,
  kind: KIND_LABELS.en,
  group: {
    plan: 'Plan discrepancies',
    upkeep: 'Catalogue upkeep',
    planHint: 'overdue, late, missing, needs review, expected date passed, delisting scheduled',
    upkeepHint: 'stale, unplanned datasets',
  },
  bucket: {
    d1_30: '1–30 days',
    d31_90: '31–90 days',
    d91_180: '91–180 days',
    d181_365: '181–365 days',
    d366_plus: 'over 1 year',
  },
  section: {
    headline: 'Key figures',
    chart: 'Status by unit',
    overdue: 'Overdue (by days overdue)',
    late: 'Published late',
    missing: 'Missing datasets',
    needsReview: 'Matches needing review',
    changes: 'Since the previous report',
    newSince: 'New discrepancies',
    resolvedSince: 'Resolved discrepancies',
    comments: 'Citizen comments awaiting reply',
    requests: 'Citizen requests awaiting reply',
    items: 'All plan items',
    discrepancies: 'Open discrepancies',
    summary: 'Summary',
    units: 'By unit',
    agencies: 'Datasets by agency',
  },
  col: {
    planKey: 'Plan key',
    seq: 'No.',
    title: 'Title',
    unit: 'Unit',
    agency: 'Agency',
    subUnit: 'Sub-unit',
    datasets: 'Datasets',
    plannedRaw: 'Planned (as written)',
    dueDate: 'Due date',
    status: 'Status',
    datasetId: 'Dataset id',
    datasetTitle: 'Platform title',
    publishedDate: 'Published',
    lagDays: 'Lag (days)',
    overdueDays: 'Days overdue',
    bucket: 'Ageing',
    matchMethod: 'Match',
    matchScore: 'Score',
    comments: 'Comments',
    unanswered: 'Unanswered',
    requests: 'Citizen requests',
    id: 'Id',
    kind: 'Kind',
    firstSeen: 'First seen',
    lastSeen: 'Last seen',
    resolvedAt: 'Resolved',
    detail: 'Detail',
    candidates: 'Candidates',
    publisher: 'Publisher',
    score: 'Score',
    commentId: 'Comment id',
    author: 'Author',
    body: 'Comment',
    waitingDays: 'Days waiting',
    requestId: 'Request id',
    requestStatus: 'Status',
    submittedOn: 'Submitted',
    total: 'Total',
    metric: 'Metric',
    value: 'Value',
    delayReason: 'Reason for delay',
    expectedDate: 'Expected date',
  },
  match: { auto: 'automatic', manual: 'confirmed by a person' },
  scope: {
    asOf: 'As of',
    publishers: 'Publishers',
    allPublishers: 'all publishers',
    plans: 'Plan versions',
    planVersion: (label, versionId, items) => `${label} (version ${versionId}, ${items} items)`,
    noPlans: 'no plan imported',
    platformDatasets: 'Platform datasets',
    reportRun: 'Report run',
    reconcileRun: 'Reconciliation run',
    recomputed: 'recomputed from history',
    previous: 'Previous report',
    firstReport: 'none (first report)',
    generatedAt: 'Generated',
  },
  planItems: 'Plan items',
  notes: 'Note',
  statusMismatch: (n, runId, keys) =>
    `${n} status(es) recomputed for this date differ from reconciliation run ${runId} (${keys}): data changed after it ran; run odsync reconcile again.`,
  none: 'None',
  noCandidates: 'no candidates',
  possibleMatch: 'Possible match',
  alsoPublishedAs: 'also',
  commentsNote:
    'The platform gives no comment dates: days waiting count from when odsync first saw the comment.',
  firstReportNote: 'This is the first report: every open discrepancy is listed as new.',
  days: (n) => `${n} day${n === 1 ? '' : 's'}`,
  footer: 'Generated by odsync. Text from the platform and from citizens is shown as written, escaped.',
  chartAria: 'Stacked bar chart of plan item status by unit',
  moreItems: (n) => `${n} more in the spreadsheet.`,
  reviewConflict: (n, keys) =>
    `${n} plan item(s) got conflicting answers from the units (${keys}): the later import wins; check with the units.`,
};

export function reportStrings(lang: ReportLang): ReportStrings {
  return lang === 'en' ? en : zh;
}
