/**
 * The quarterly report as a document (pure): 報告事項-style sections, each sentences with their
 * figures and typed tables, plus the trend's chart series. Every renderer (HTML, Markdown, docx,
 * xlsx, ods) renders this one structure, so the formats cannot disagree.
 */
import { PLAN_ITEM_STATUSES } from '../../schemas/report.js';
import {
  dateCell as date,
  numberCell as num,
  reportStrings,
  sheetName,
  textCell as text,
  type ReportLang,
  type ReportTable,
  type TableCell,
} from '../report/index.js';
import type { QuarterlyFigures } from './quarterly-figures.js';
import { quarterlyStrings } from './quarterly-strings.js';

export interface ChartSeries {
  title: string;
  /** x labels (quarters). */
  categories: string[];
  /** Stacked series, bottom first. */
  series: { name: string; values: number[] }[];
}

export interface QuarterlySection {
  id: 'platform' | 'feedback' | 'requests' | 'plan' | 'trend';
  heading: string;
  paragraphs: string[];
  /** What the figures count and since when odsync observes them. */
  scope: string;
  tables: ReportTable[];
  charts: ChartSeries[];
}

export interface QuarterlyDocument {
  lang: ReportLang;
  title: string;
  subtitle: string;
  sections: QuarterlySection[];
}

function table(
  id: string,
  name: string,
  headers: string[],
  rows: TableCell[][],
  widths?: number[],
): ReportTable {
  return {
    id,
    name: sheetName(name),
    headers,
    widths: widths ?? headers.map((h) => Math.max(10, h.length * 2 + 2)),
    rows,
  };
}

export function quarterlyDocument(f: QuarterlyFigures, lang: ReportLang = 'zh-TW'): QuarterlyDocument {
  const t = quarterlyStrings(lang);
  const st = reportStrings(lang).status;
  const c = t.col;
  const j = f.json;
  const unknownOr = (n: number | null): TableCell => (n === null ? text(t.unknown) : num(n));

  // 1. Platform.
  const agencyRows: TableCell[][] = [];
  for (const a of j.platform.byAgency) {
    const prev = f.previousByAgency[a.agency] ?? 0;
    agencyRows.push([
      text(a.agency),
      num(a.datasets),
      num(a.added),
      num(a.delisted),
      num(prev),
      num(a.datasets - prev),
    ]);
    for (const s of a.subUnits)
      agencyRows.push([text(`${t.subUnitPrefix}${s.name}`), num(s.datasets), null, null, null, null]);
  }
  agencyRows.push([
    text(c.total),
    num(j.platform.total),
    num(j.platform.byAgency.reduce((x, a) => x + a.added, 0)),
    num(j.platform.byAgency.reduce((x, a) => x + a.delisted, 0)),
    num(j.platform.previousTotal),
    num(j.platform.total - j.platform.previousTotal),
  ]);
  const platform: QuarterlySection = {
    id: 'platform',
    heading: t.heading.platform,
    paragraphs: [
      t.platformSentence(
        j.periodEnd,
        j.platform.total,
        j.platform.byAgency.map((a) => t.agencyPart(a.agency, a.datasets)).join(t.listSep) || t.none,
        j.platform.previousTotal,
        f.previousQuarter,
      ),
    ],
    scope: t.platformScope(f.observed.catalogue, f.undatedDatasets),
    tables: [
      table(
        'platform',
        t.sheet.platform,
        [c.agency, c.datasets, c.added, c.delisted, c.previous, c.change],
        agencyRows,
        [40, 10, 10, 10, 10, 12],
      ),
    ],
    charts: [],
  };

  // 2. Comments.
  const fb = j.feedback;
  const feedback: QuarterlySection = {
    id: 'feedback',
    heading: t.heading.feedback,
    paragraphs: [
      t.feedbackSentence(fb.cumulative, fb.received, fb.answered, fb.unanswered),
      t.replySentence(fb.medianReplyDays, f.feedback.longestReplyDays),
    ],
    scope: t.feedbackScope(fb.observedSince),
    tables: [
      table(
        'feedback',
        t.sheet.feedback,
        [c.figure, c.value],
        [
          [text(t.figure.received), unknownOr(fb.received)],
          [text(t.figure.cumulative), num(fb.cumulative)],
          [text(t.figure.answered), num(fb.answered)],
          [text(t.figure.unanswered), num(fb.unanswered)],
          [text(t.figure.medianReply), unknownOr(fb.medianReplyDays)],
          [text(t.figure.longestReply), unknownOr(f.feedback.longestReplyDays)],
          [
            text(t.figure.observedSince),
            fb.observedSince === null ? text(t.unknown) : date(fb.observedSince),
          ],
        ],
        [24, 14],
      ),
      table(
        'feedback-waiting',
        t.sheet.waiting,
        [c.commentId, c.datasetId, c.datasetTitle, c.firstSeen, c.waitingDays, c.body],
        f.feedback.waiting.map((w) => [
          text(w.commentId),
          text(w.datasetId),
          text(w.datasetTitle),
          date(w.firstSeen),
          num(w.waitingDays),
          text(w.body),
        ]),
        [14, 12, 36, 12, 10, 60],
      ),
    ],
    charts: [],
  };

  // 3. Requests.
  const rq = j.requests;
  const statuses = f.requestStatuses;
  const requests: QuarterlySection = {
    id: 'requests',
    heading: t.heading.requests,
    paragraphs: [
      t.requestsSentence(
        j.periodEnd,
        rq.cumulative,
        rq.received,
        statuses.map((s) => t.statusPart(s, rq.byStatus[s] ?? 0)).join(t.listSep),
      ),
    ],
    scope: t.requestsScope(f.observed.requests),
    tables: [
      table(
        'requests-by-agency',
        t.sheet.requestsByAgency,
        [c.routedTo, ...statuses, c.total],
        f.requestsByAgency.map((r) => [
          text(r.agency),
          ...statuses.map((s) => num(r.byStatus[s] ?? 0)),
          num(r.total),
        ]),
      ),
      table(
        'requests',
        t.sheet.requests,
        [c.serial, c.requestTitle, c.routedTo, c.replyStatus, c.replyDate, c.submittedOn, c.requestId],
        rq.items.map((r, i) => [
          num(i + 1),
          text(r.title),
          text(r.agency),
          text(r.status),
          date(r.repliedOn),
          date(r.submittedOn),
          text(r.requestId),
        ]),
        [6, 40, 28, 10, 12, 12, 14],
      ),
    ],
    charts: [],
  };

  // 4. Plan.
  const pl = j.plan;
  const plan: QuarterlySection = {
    id: 'plan',
    heading: t.heading.plan,
    paragraphs: [
      t.planSentence(
        f.planLabels.join(t.listSep) || t.none,
        pl.planItems,
        PLAN_ITEM_STATUSES.filter((s) => pl.byStatus[s] > 0)
          .map((s) => t.statusPart(st[s], pl.byStatus[s]))
          .join(t.listSep) || t.none,
        pl.changed.length,
        pl.overdue.length,
      ),
    ],
    scope: t.planScope,
    tables: [
      table(
        'plan-status',
        t.sheet.planStatus,
        [c.status, c.count],
        PLAN_ITEM_STATUSES.map((s) => [text(st[s]), num(pl.byStatus[s])]),
        [20, 8],
      ),
      table(
        'plan-changed',
        t.sheet.changed,
        [c.planKey, c.seq, c.title, c.from, c.to],
        pl.changed.map((x) => {
          const item = f.items.find((i) => i.planKey === x.planKey);
          return [
            text(x.planKey),
            num(item?.seq),
            text(item?.title),
            text(x.from ? st[x.from] : null),
            text(st[x.to]),
          ];
        }),
        [12, 6, 40, 16, 16],
      ),
      table(
        'plan-overdue',
        t.sheet.overdue,
        [c.seq, c.title, c.unit, c.dueDate, c.overdueDays, c.reason, c.expectedDate, c.planKey],
        pl.overdue.map((o) => [
          num(o.seq),
          text(o.title),
          text(o.unit),
          date(o.dueDate),
          num(o.overdueDays),
          text(o.reason),
          date(o.expectedDate),
          text(o.planKey),
        ]),
        [6, 40, 18, 12, 10, 40, 14, 12],
      ),
      table(
        'plan-items',
        t.sheet.items,
        [c.seq, c.title, c.unit, c.dueDate, c.status, c.datasetId, c.publishedDate, c.planKey],
        f.items.map((i) => [
          num(i.seq),
          text(i.title),
          text(i.unit),
          date(i.dueDate),
          text(st[i.status]),
          text(i.datasetId),
          date(i.publishedDate),
          text(i.planKey),
        ]),
        [6, 40, 18, 12, 16, 12, 12, 12],
      ),
    ],
    charts: [],
  };

  // 5. Trend.
  const quarters = j.trend.map((x) => x.quarter);
  const trend: QuarterlySection = {
    id: 'trend',
    heading: t.heading.trend,
    paragraphs: [t.trendSentence(quarters[0] ?? j.quarter, j.quarter)],
    scope: t.planScope,
    tables: [
      table(
        'trend-status',
        t.sheet.trendStatus,
        [c.quarter, ...PLAN_ITEM_STATUSES.map((s) => st[s])],
        j.trend.map((x) => [text(x.quarter), ...PLAN_ITEM_STATUSES.map((s) => num(x.byStatus[s]))]),
      ),
      table(
        'trend-datasets',
        t.sheet.trendDatasets,
        [c.quarter, ...f.agencies, c.total],
        f.datasetTrend.map((x) => [
          text(x.quarter),
          ...f.agencies.map((a) => num(x.byAgency[a] ?? 0)),
          num(x.total),
        ]),
      ),
    ],
    charts: [
      {
        title: t.chartStatus,
        categories: quarters,
        series: PLAN_ITEM_STATUSES.map((s) => ({ name: st[s], values: j.trend.map((x) => x.byStatus[s]) })),
      },
      {
        title: t.chartDatasets,
        categories: f.datasetTrend.map((x) => x.quarter),
        series: f.agencies.map((a) => ({ name: a, values: f.datasetTrend.map((x) => x.byAgency[a] ?? 0) })),
      },
    ],
  };

  return {
    lang,
    title: t.title(j.rocQuarter, j.quarter),
    subtitle: t.subtitle(j.periodStart, j.periodEnd, j.generatedAt),
    sections: [platform, feedback, requests, plan, trend],
  };
}
