/**
 * What an alert says: a short Traditional Chinese digest of one nightly run and the discrepancies
 * not alerted before, rendered as odsync's own JSON document, a Slack/Teams `{text}` payload, a
 * Teams MessageCard or a plain-text e-mail. Pure: no I/O.
 */

export type RunOutcome = 'succeeded' | 'partial' | 'failed';

export interface AlertDiscrepancy {
  /** Stable id from the reconciliation (the key of "alerted once"). */
  id: string;
  kind: string;
  planKey: string | null;
  datasetId: string | null;
  /** Human title (plan item or dataset), untrusted text. */
  title: string | null;
}

export interface AlertStage {
  name: string;
  status: RunOutcome | 'skipped';
  reason?: string | null;
}

export interface NightlyAlertInput {
  runId: number;
  status: RunOutcome;
  /** The nightly run's one-line summary. */
  summary: string;
  startedAt: Date;
  timeZone: string;
  stages: AlertStage[];
  reportDir: string | null;
}

export interface AlertDigest extends NightlyAlertInput {
  /** Discrepancies this channel has not been told about yet. */
  newDiscrepancies: AlertDiscrepancy[];
}

/** Shown per digest; the rest is counted ("另有 N 筆"), the report has them all. */
export const DIGEST_LIST_LIMIT = 30;

const STATUS_ZH: Record<AlertStage['status'], string> = {
  succeeded: '成功',
  partial: '部分完成',
  failed: '失敗',
  skipped: '未執行',
};

const KIND_ZH: Record<string, string> = {
  overdue: '逾期未開放',
  published_late: '延遲開放',
  missing: '資料集已下架或消失',
  needs_review: '待人工確認',
  unplanned: '計畫外資料集',
  stale: '未依更新頻率更新',
  unanswered_feedback: '民眾意見未回覆',
  open_request: '民眾資料集提案未回覆',
  expected_date_passed: '已過預計上架日期',
  delisting_scheduled: '資料集預計下架',
};

function localTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}

export function alertSubject(d: NightlyAlertInput & { newDiscrepancies?: AlertDiscrepancy[] }): string {
  const n = d.newDiscrepancies?.length ?? 0;
  return `[odsync] 每夜作業 #${d.runId}：${STATUS_ZH[d.status]}${n > 0 ? `，新增差異 ${n} 筆` : ''}`;
}

function discrepancyLine(d: AlertDiscrepancy): string {
  const what = [
    d.planKey === null ? null : `計畫項目 ${d.planKey}`,
    d.datasetId === null ? null : `資料集 ${d.datasetId}`,
  ]
    .filter(Boolean)
    .join('，');
  const title = d.title ? `「${d.title}」` : '';
  return `- [${KIND_ZH[d.kind] ?? d.kind}] ${title}${what ? `（${what}）` : ''}`;
}

/** The digest as plain text lines (untrusted titles are included verbatim: escape per channel). */
export function alertText(d: AlertDigest): string {
  const lines = [
    alertSubject(d),
    `開始時間：${localTime(d.startedAt, d.timeZone)}（${d.timeZone}）`,
    `摘要：${d.summary}`,
    '各階段：',
    ...d.stages.map((s) => `- ${s.name}：${STATUS_ZH[s.status]}${s.reason ? `（${s.reason}）` : ''}`),
  ];
  if (d.newDiscrepancies.length > 0) {
    lines.push(`新發現的差異 ${d.newDiscrepancies.length} 筆：`);
    for (const x of d.newDiscrepancies.slice(0, DIGEST_LIST_LIMIT)) lines.push(discrepancyLine(x));
    if (d.newDiscrepancies.length > DIGEST_LIST_LIMIT) {
      lines.push(`…另有 ${d.newDiscrepancies.length - DIGEST_LIST_LIMIT} 筆，詳見報告。`);
    }
  } else {
    lines.push('沒有新發現的差異。');
  }
  if (d.reportDir) lines.push(`報告：${d.reportDir}`);
  return lines.join('\n');
}

/** Slack mrkdwn control characters (`<!channel>`, `<url|text>`) must not come from untrusted text. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export type WebhookFormat = 'json' | 'slack' | 'teams';

/** The body POSTed to the webhook. */
export function webhookPayload(d: AlertDigest, format: WebhookFormat): unknown {
  const text = alertText(d);
  if (format === 'slack') return { text: escapeSlack(text) };
  if (format === 'teams') {
    return {
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      summary: alertSubject(d),
      themeColor: d.status === 'succeeded' ? '2DA44E' : d.status === 'partial' ? 'BF8700' : 'CF222E',
      title: alertSubject(d),
      // MessageCard text is Markdown with HTML: escape it and keep the line breaks.
      text: escapeSlack(text).split('\n').slice(1).join('<br>'),
    };
  }
  return {
    source: 'odsync',
    event: 'nightly',
    runId: String(d.runId),
    status: d.status,
    summary: d.summary,
    startedAt: d.startedAt.toISOString(),
    stages: d.stages.map((s) => ({ name: s.name, status: s.status, reason: s.reason ?? null })),
    newDiscrepancyCount: d.newDiscrepancies.length,
    newDiscrepancies: d.newDiscrepancies.map((x) => ({
      id: x.id,
      kind: x.kind,
      planKey: x.planKey,
      datasetId: x.datasetId,
      title: x.title,
    })),
    reportDir: d.reportDir,
    text,
  };
}
