/**
 * The quarterly report's own wording (zh-TW default, en). Status labels are the report's
 * (src/report strings): one label per status in every output.
 */
import type { ReportLang } from '../report/index.js';

export interface QuarterlyStrings {
  title: (roc: string, western: string) => string;
  subtitle: (start: string, end: string, generated: string) => string;
  unknown: string;
  days: (n: number) => string;
  heading: { platform: string; feedback: string; requests: string; plan: string; trend: string };
  sheet: {
    platform: string;
    feedback: string;
    waiting: string;
    requestsByAgency: string;
    requests: string;
    planStatus: string;
    changed: string;
    overdue: string;
    items: string;
    trendStatus: string;
    trendDatasets: string;
  };
  col: Record<
    | 'agency'
    | 'datasets'
    | 'added'
    | 'delisted'
    | 'previous'
    | 'change'
    | 'figure'
    | 'value'
    | 'commentId'
    | 'datasetId'
    | 'datasetTitle'
    | 'firstSeen'
    | 'waitingDays'
    | 'body'
    | 'total'
    | 'serial'
    | 'requestTitle'
    | 'routedTo'
    | 'replyStatus'
    | 'replyDate'
    | 'submittedOn'
    | 'requestId'
    | 'status'
    | 'count'
    | 'planKey'
    | 'seq'
    | 'title'
    | 'unit'
    | 'dueDate'
    | 'from'
    | 'to'
    | 'overdueDays'
    | 'reason'
    | 'expectedDate'
    | 'quarter'
    | 'publishedDate',
    string
  >;
  figure: Record<
    'received' | 'cumulative' | 'answered' | 'unanswered' | 'medianReply' | 'longestReply' | 'observedSince',
    string
  >;
  subUnitPrefix: string;
  platformSentence: (
    end: string,
    total: number,
    parts: string,
    previousTotal: number,
    previousQuarter: string,
  ) => string;
  agencyPart: (agency: string, n: number) => string;
  platformScope: (since: string | null, undated: number) => string;
  feedbackSentence: (
    cumulative: number,
    received: number | null,
    answered: number,
    unanswered: number,
  ) => string;
  feedbackScope: (since: string | null) => string;
  replySentence: (median: number | null, longest: number | null) => string;
  requestsSentence: (end: string, cumulative: number, received: number | null, parts: string) => string;
  requestsScope: (since: string | null) => string;
  planSentence: (labels: string, n: number, parts: string, changed: number, overdue: number) => string;
  planScope: string;
  trendSentence: (from: string, to: string) => string;
  statusPart: (label: string, n: number) => string;
  none: string;
  chartStatus: string;
  chartDatasets: string;
  listSep: string;
}

const zh: QuarterlyStrings = {
  title: (roc) => `勞動部政府資料開放推動成果（${roc}）`,
  subtitle: (s, e, g) => `統計期間 ${s} 至 ${e}；產製時間 ${g}`,
  unknown: '無法得知',
  days: (n) => `${n} 天`,
  heading: {
    platform: '一、開放平台資料集',
    feedback: '二、民眾對本部開放資料集之回饋意見',
    requests: '三、民眾提出之額外開放需求',
    plan: '四、資料開放計畫（附件二）執行情形',
    trend: '五、歷季趨勢',
  },
  sheet: {
    platform: '1 平台資料集',
    feedback: '2 回饋意見',
    waiting: '2 待回覆意見',
    requestsByAgency: '3 需求按機關',
    requests: '3 附件一 需求清單',
    planStatus: '4 計畫狀態',
    changed: '4 本季狀態變動',
    overdue: '4 逾期項目',
    items: '4 附件二 各項目',
    trendStatus: '5 歷季計畫狀態',
    trendDatasets: '5 歷季資料集數',
  },
  col: {
    agency: '機關',
    datasets: '資料集數',
    added: '本季新增',
    delisted: '本季下架',
    previous: '上季底',
    change: '較上季增減',
    figure: '項目',
    value: '數值',
    commentId: '意見編號',
    datasetId: '資料集編號',
    datasetTitle: '資料集名稱',
    firstSeen: '首次觀察日',
    waitingDays: '等待天數',
    body: '意見內容',
    total: '合計',
    serial: '序號',
    requestTitle: '建議資料集名稱',
    routedTo: '派發機關',
    replyStatus: '回復狀態',
    replyDate: '回復日期',
    submittedOn: '提出日期',
    requestId: '需求編號',
    status: '狀態',
    count: '項數',
    planKey: '計畫項目',
    seq: '序號',
    title: '資料集名稱',
    unit: '管理單位',
    dueDate: '預計開放日',
    from: '上季底狀態',
    to: '本季底狀態',
    overdueDays: '逾期天數',
    reason: '延遲原因',
    expectedDate: '新預計上架日期',
    quarter: '季別',
    publishedDate: '上架日期',
  },
  figure: {
    received: '本季收到',
    cumulative: '累計',
    answered: '已回覆',
    unanswered: '尚未回覆',
    medianReply: '回覆天數中位數',
    longestReply: '最長回覆天數',
    observedSince: 'odsync 開始觀察日',
  },
  subUnitPrefix: '　└ ',
  platformSentence: (end, total, parts, prev, pq) =>
    `截至 ${end}，本部及所屬機關於政府資料開放平台開放資料集共 ${total} 項，其中${parts}（上季 ${pq} 底 ${prev} 項）。`,
  agencyPart: (a, n) => `${a} ${n} 項`,
  platformScope: (since, undated) =>
    (since === null
      ? '說明：依各資料集之上架日期與下架日期推算；odsync 尚未同步過平台目錄。'
      : `說明：依各資料集之上架日期與下架日期推算；odsync 自 ${since} 起同步平台目錄，此前已下架且平台未列下架紀錄者無法得知。`) +
    (undated > 0 ? `另有 ${undated} 項僅見於平台下架清單、上架日期無法得知，未計入。` : ''),
  feedbackSentence: (cum, rec, ans, un) =>
    `對於本部開放資料集之民眾回饋意見，累計共 ${cum} 項，本季收到 ${rec === null ? '無法得知' : `${rec} 項`}；已回覆 ${ans} 項，尚未回覆 ${un} 項。`,
  feedbackScope: (since) =>
    since === null
      ? '說明：平台未提供意見之發表日期，odsync 尚未同步過意見，本季收到件數無法得知。'
      : `說明：平台未提供意見之發表日期，以 odsync 首次觀察日計；odsync 自 ${since} 起同步意見，此前之季別「本季收到」無法得知。`,
  replySentence: (m, l) =>
    m === null
      ? '回覆天數：無法得知（無 odsync 觀察到發表與回覆之意見）。'
      : `回覆天數中位數 ${m} 天，最長 ${l ?? m} 天（僅計 odsync 觀察到發表與回覆者）。`,
  requestsSentence: (end, cum, rec, parts) =>
    `對於本部開放資料集之民眾所提出額外開放需求，截至 ${end} 止，計有 ${cum} 項，本季提出 ${rec === null ? '無法得知' : `${rec} 項`}${parts ? `；${parts}` : ''}，如附件一。`,
  requestsScope: (since) =>
    since === null
      ? '說明：odsync 尚未取得民眾需求資料。'
      : `說明：依各需求之提出日期計；odsync 自 ${since} 起取得需求資料，此前已自平台移除之需求無法得知。`,
  planSentence: (labels, n, parts, changed, overdue) =>
    `資料開放計畫（${labels}）共 ${n} 項，截至本季底：${parts}；本季狀態變動 ${changed} 項，逾期未上架 ${overdue} 項。`,
  planScope:
    '說明：各項目狀態依季底當日之平台資料集與計畫版本重新計算；延遲原因與新預計上架日期為各單位填答。',
  trendSentence: (from, to) => `自計畫首個預計開放季（${from}）至 ${to} 各季季底之計畫狀態與資料集數。`,
  statusPart: (label, n) => `${label} ${n} 項`,
  none: '（無）',
  chartStatus: '各季季底計畫項目狀態（堆疊長條圖）',
  chartDatasets: '各季季底各機關資料集數（堆疊長條圖）',
  listSep: '、',
};

const en: QuarterlyStrings = {
  title: (_roc, w) => `Ministry of Labor open data progress, ${w}`,
  subtitle: (s, e, g) => `Period ${s} to ${e}; generated ${g}`,
  unknown: 'unknown',
  days: (n) => `${n} days`,
  heading: {
    platform: '1. Datasets on the platform',
    feedback: '2. Citizen comments on our datasets',
    requests: '3. Citizen dataset requests',
    plan: '4. The release plan',
    trend: '5. Trend',
  },
  sheet: {
    platform: '1 Platform',
    feedback: '2 Comments',
    waiting: '2 Comments waiting',
    requestsByAgency: '3 Requests by agency',
    requests: '3 Requests',
    planStatus: '4 Plan status',
    changed: '4 Changed',
    overdue: '4 Overdue',
    items: '4 Plan items',
    trendStatus: '5 Status trend',
    trendDatasets: '5 Dataset trend',
  },
  col: {
    agency: 'Agency',
    datasets: 'Datasets',
    added: 'Added',
    delisted: 'Delisted',
    previous: 'Previous quarter',
    change: 'Change',
    figure: 'Figure',
    value: 'Value',
    commentId: 'Comment',
    datasetId: 'Dataset id',
    datasetTitle: 'Dataset',
    firstSeen: 'First seen',
    waitingDays: 'Waiting days',
    body: 'Comment text',
    total: 'Total',
    serial: 'No.',
    requestTitle: 'Requested dataset',
    routedTo: 'Routed to',
    replyStatus: 'Reply status',
    replyDate: 'Reply date',
    submittedOn: 'Submitted',
    requestId: 'Request id',
    status: 'Status',
    count: 'Items',
    planKey: 'Plan key',
    seq: 'No.',
    title: 'Title',
    unit: 'Unit',
    dueDate: 'Due',
    from: 'Previous status',
    to: 'Status',
    overdueDays: 'Days overdue',
    reason: 'Reason for delay',
    expectedDate: 'New expected date',
    quarter: 'Quarter',
    publishedDate: 'Published',
  },
  figure: {
    received: 'Received in the quarter',
    cumulative: 'Cumulative',
    answered: 'Answered',
    unanswered: 'Unanswered',
    medianReply: 'Median reply days',
    longestReply: 'Longest reply days',
    observedSince: 'Observed by odsync since',
  },
  subUnitPrefix: '  - ',
  platformSentence: (end, total, parts, prev, pq) =>
    `On ${end}, the family had ${total} datasets on the platform: ${parts} (end of ${pq}: ${prev}).`,
  agencyPart: (a, n) => `${a} ${n}`,
  platformScope: (since, undated) =>
    (since === null
      ? 'Counted from each dataset’s publication and delisting dates; odsync has not synced the catalogue yet.'
      : `Counted from each dataset’s publication and delisting dates; odsync syncs the catalogue since ${since} (datasets delisted before without a platform record are unknown).`) +
    (undated > 0
      ? ` ${undated} dataset(s) known only from the platform’s delisting list have no publication date and are not counted.`
      : ''),
  feedbackSentence: (cum, rec, ans, un) =>
    `Citizen comments on our datasets: ${cum} in all, ${rec === null ? 'unknown' : rec} received in the quarter; ${ans} answered, ${un} unanswered.`,
  feedbackScope: (since) =>
    since === null
      ? 'The platform gives no post date and odsync has not synced comments yet: received in the quarter is unknown.'
      : `The platform gives no post date: a comment counts from the day odsync first saw it; comments are synced since ${since}, so earlier quarters’ received figures are unknown.`,
  replySentence: (m, l) =>
    m === null
      ? 'Reply time: unknown (no comment seen both posted and answered).'
      : `Reply time: median ${m} days, longest ${l ?? m} days (comments odsync saw posted and answered).`,
  requestsSentence: (end, cum, rec, parts) =>
    `Citizen requests routed to the family by ${end}: ${cum}, ${rec === null ? 'unknown' : rec} submitted in the quarter${parts ? `; ${parts}` : ''}.`,
  requestsScope: (since) =>
    since === null
      ? 'odsync holds no request data yet.'
      : `Counted by submission date; odsync holds requests since ${since} (requests removed from the platform before are unknown).`,
  planSentence: (labels, n, parts, changed, overdue) =>
    `The plan (${labels}) has ${n} items; at the quarter’s end: ${parts}; ${changed} changed status in the quarter, ${overdue} overdue.`,
  planScope:
    'Statuses are recomputed for the quarter’s last day from the platform and the plan version in force then; reasons and expected dates are the units’ answers.',
  trendSentence: (from, to) => `Plan status and datasets at the end of every quarter from ${from} to ${to}.`,
  statusPart: (label, n) => `${label} ${n}`,
  none: '(none)',
  chartStatus: 'Plan item status at the end of each quarter (stacked bars)',
  chartDatasets: 'Datasets per agency at the end of each quarter (stacked bars)',
  listSep: ', ',
};

export function quarterlyStrings(lang: ReportLang): QuarterlyStrings {
  return lang === 'en' ? en : zh;
}
