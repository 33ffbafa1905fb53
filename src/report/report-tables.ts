/**
 * The report's sections as typed tables, shared by the XLSX, ODS and CSV renderers (one sheet per
 * section). Cells carry their type so dates become real dates and counts real numbers; text cells
 * are neutralised against formula injection by each renderer.
 */
import { htmlToText } from '../text/index.js';
import type { ReportModel } from './report-model.js';
import { PLAN_ITEM_STATUSES } from '../../schemas/report.js';
import { reportStrings, type ReportLang } from './strings.js';

export type TableCell =
  | { kind: 'text'; value: string }
  | { kind: 'number'; value: number }
  /** A calendar date `YYYY-MM-DD`. */
  | { kind: 'date'; value: string }
  | null;

export interface ReportTable {
  /** Stable machine id (also the CSV/test handle). */
  id: string;
  /** Sheet name (localised, ≤ 31 characters, no `[]:*?/\`). */
  name: string;
  headers: string[];
  /** Column widths in characters (spreadsheets). */
  widths: number[];
  rows: TableCell[][];
}

// Cells of each kind; null or undefined is an empty cell.
const text = (v: string | null | undefined): TableCell =>
  v === null || v === undefined ? null : { kind: 'text', value: v };
const num = (v: number | null | undefined): TableCell =>
  v === null || v === undefined ? null : { kind: 'number', value: v };
const date = (v: string | null | undefined): TableCell =>
  v === null || v === undefined ? null : { kind: 'date', value: v };
export { text as textCell, num as numberCell, date as dateCell };

/** Every section as a table, in sheet order. */
export function reportTables(model: ReportModel, lang: ReportLang = 'zh-TW'): ReportTable[] {
  const t = reportStrings(lang);
  const c = t.col;
  const r = model.report;
  const tables: ReportTable[] = [];

  const summaryRows: TableCell[][] = [
    [text(t.scope.asOf), date(r.asOf)],
    [text(t.scope.generatedAt), text(r.generatedAt)],
    [text(t.scope.reportRun), text(r.runId)],
    [text(t.scope.reconcileRun), text(model.reconcileRunId ?? t.scope.recomputed)],
    [
      text(t.scope.previous),
      text(model.previous ? `${model.previous.asOf} (#${model.previous.runId})` : t.scope.firstReport),
    ],
    [
      text(t.scope.publishers),
      text(
        r.scope.publishers.length === 1 && r.scope.publishers[0] === '*'
          ? t.scope.allPublishers
          : r.scope.publishers.join('、'),
      ),
    ],
    ...r.scope.plans.map((p): TableCell[] => [
      text(t.scope.plans),
      text(t.scope.planVersion(p.label, p.versionId, p.items)),
    ]),
    [text(t.scope.platformDatasets), num(r.scope.platformDatasets)],
    ...model.notes.map((n): TableCell[] => [text(t.notes), text(n)]),
    [text(t.planItems), num(r.summary.planItems)],
    ...PLAN_ITEM_STATUSES.map((s): TableCell[] => [text(t.status[s]), num(r.summary.byStatus[s])]),
    [text(t.section.discrepancies), num(r.discrepancies.length)],
    [text(t.section.comments), num(model.comments.length)],
    [text(t.section.requests), num(model.requests.length)],
  ];
  tables.push({
    id: 'summary',
    name: t.section.summary,
    headers: [c.metric, c.value],
    widths: [28, 40],
    rows: summaryRows,
  });

  tables.push({
    id: 'items',
    name: t.section.items,
    headers: [
      c.planKey,
      c.seq,
      c.title,
      c.unit,
      c.agency,
      c.plannedRaw,
      c.dueDate,
      c.status,
      'status',
      c.datasetId,
      c.datasetTitle,
      c.publishedDate,
      c.lagDays,
      c.overdueDays,
      c.matchMethod,
      c.matchScore,
      c.comments,
      c.unanswered,
      c.requests,
      c.delayReason,
      c.expectedDate,
    ],
    widths: [12, 6, 40, 16, 20, 12, 12, 12, 18, 12, 40, 12, 10, 10, 10, 8, 8, 8, 16, 40, 12],
    rows: r.items.map((i) => [
      text(i.planKey),
      num(i.seq),
      text(i.title),
      text(i.unit),
      text(i.agency),
      text(i.plannedRaw),
      date(i.dueDate),
      text(t.status[i.status]),
      text(i.status),
      text(i.datasetId),
      text(i.datasetTitle),
      date(i.publishedDate),
      num(i.lagDays),
      num(i.overdueDays),
      text(i.match ? t.match[i.match.method] : null),
      num(i.match?.score),
      num(i.feedback.comments),
      num(i.feedback.unanswered),
      text(i.requests.length ? i.requests.join(', ') : null),
      text(i.reason),
      date(i.expectedDate),
    ]),
  });

  tables.push({
    id: 'overdue',
    name: t.status.overdue,
    headers: [
      c.planKey,
      c.seq,
      c.title,
      c.unit,
      c.plannedRaw,
      c.dueDate,
      c.overdueDays,
      c.bucket,
      c.delayReason,
      c.expectedDate,
    ],
    widths: [12, 6, 40, 16, 12, 12, 10, 12, 40, 12],
    rows: model.overdue.map(({ item: i, bucket }) => [
      text(i.planKey),
      num(i.seq),
      text(i.title),
      text(i.unit),
      text(i.plannedRaw),
      date(i.dueDate),
      num(i.overdueDays),
      text(t.bucket[bucket]),
      text(i.reason),
      date(i.expectedDate),
    ]),
  });

  tables.push({
    id: 'late',
    name: t.status.published_late,
    headers: [
      c.planKey,
      c.seq,
      c.title,
      c.unit,
      c.dueDate,
      c.publishedDate,
      c.lagDays,
      c.datasetId,
      c.datasetTitle,
    ],
    widths: [12, 6, 40, 16, 12, 12, 10, 12, 40],
    rows: model.late.map((i) => [
      text(i.planKey),
      num(i.seq),
      text(i.title),
      text(i.unit),
      date(i.dueDate),
      date(i.publishedDate),
      num(i.lagDays),
      text(i.datasetId),
      text(i.datasetTitle),
    ]),
  });

  tables.push({
    id: 'missing',
    name: t.status.missing,
    headers: [c.planKey, c.seq, c.title, c.unit, c.dueDate, c.datasetId, c.datasetTitle, c.publishedDate],
    widths: [12, 6, 40, 16, 12, 12, 40, 12],
    rows: model.missing.map((i) => [
      text(i.planKey),
      num(i.seq),
      text(i.title),
      text(i.unit),
      date(i.dueDate),
      text(i.datasetId),
      text(i.datasetTitle),
      date(i.publishedDate),
    ]),
  });

  tables.push({
    id: 'needs_review',
    name: t.status.needs_review,
    headers: [
      c.planKey,
      c.seq,
      c.title,
      c.unit,
      c.dueDate,
      c.datasetId,
      c.datasetTitle,
      c.publisher,
      c.score,
    ],
    widths: [12, 6, 40, 16, 12, 12, 40, 20, 8],
    rows: model.needsReview.flatMap(({ item: i, candidates }) =>
      (candidates.length ? candidates : [null]).map((cand): TableCell[] => [
        text(i.planKey),
        num(i.seq),
        text(i.title),
        text(i.unit),
        date(i.dueDate),
        text(cand?.datasetId),
        text(cand?.title),
        text(cand?.publisher),
        num(cand?.score),
      ]),
    ),
  });

  const newIds = new Set(model.newSincePrevious.map((d) => d.id));
  tables.push({
    id: 'discrepancies',
    name: t.section.discrepancies,
    headers: [c.id, c.kind, 'kind', c.planKey, c.datasetId, c.firstSeen, t.section.newSince, c.detail],
    widths: [10, 16, 18, 12, 12, 12, 10, 60],
    rows: r.discrepancies.map((d) => [
      text(d.id),
      text(t.kind[d.kind]),
      text(d.kind),
      text(d.planKey),
      text(d.datasetId),
      date(d.firstSeen),
      text(newIds.has(d.id) ? '✓' : null),
      text(d.detail),
    ]),
  });

  tables.push({
    id: 'resolved',
    name: t.section.resolvedSince,
    headers: [c.id, c.kind, 'kind', c.planKey, c.datasetId, c.firstSeen, c.resolvedAt, c.detail],
    widths: [10, 16, 18, 12, 12, 12, 12, 60],
    rows: model.resolvedSincePrevious.map((d) => [
      text(d.id),
      text(t.kind[d.kind]),
      text(d.kind),
      text(d.planKey),
      text(d.datasetId),
      date(d.firstSeen),
      date(d.resolvedAt),
      text(d.detail),
    ]),
  });

  tables.push({
    id: 'units',
    name: t.section.units,
    headers: [c.unit, c.total, ...PLAN_ITEM_STATUSES.map((s) => t.status[s])],
    widths: [20, 8, ...PLAN_ITEM_STATUSES.map(() => 12)],
    rows: model.unitSummary.map((u) => [
      text(u.unit),
      num(u.total),
      ...PLAN_ITEM_STATUSES.map((s) => num(u.byStatus[s])),
    ]),
  });

  tables.push({
    id: 'agencies',
    name: t.section.agencies,
    headers: [c.agency, c.subUnit, c.datasets],
    widths: [30, 40, 10],
    rows: model.agencySummary.flatMap((a) => [
      [text(a.agency), null, num(a.datasets)],
      ...a.subUnits.map((s): TableCell[] => [text(a.agency), text(s.name), num(s.datasets)]),
    ]),
  });

  tables.push({
    id: 'comments',
    name: t.section.comments,
    headers: [
      c.commentId,
      c.datasetId,
      c.datasetTitle,
      c.author,
      c.body,
      c.firstSeen,
      c.waitingDays,
      c.planKey,
    ],
    widths: [12, 12, 30, 14, 60, 12, 10, 12],
    rows: model.comments.map((m) => [
      text(m.commentId),
      text(m.datasetId),
      text(m.datasetTitle),
      text(m.author),
      text(m.body),
      date(m.firstSeen),
      num(m.waitingDays),
      text(m.planKey),
    ]),
  });

  tables.push({
    id: 'requests',
    name: t.section.requests,
    headers: [
      c.requestId,
      c.title,
      c.agency,
      c.requestStatus,
      c.submittedOn,
      c.waitingDays,
      c.planKey,
      c.datasetId,
    ],
    widths: [12, 40, 20, 10, 12, 10, 12, 12],
    rows: model.requests.map((q) => [
      text(q.requestId),
      text(htmlToText(q.title)),
      text(q.agency),
      text(q.status),
      date(q.submittedOn),
      num(q.waitingDays),
      text(q.planKey),
      text(q.datasetId),
    ]),
  });

  return tables.map((tb) => ({ ...tb, name: sheetName(tb.name) }));
}

/** Excel sheet-name rules: ≤ 31 characters, none of `[]:*?/\`. */
export function sheetName(name: string): string {
  return Array.from(name.replace(/[[\]:*?/\\]/g, ' '))
    .slice(0, 31)
    .join('');
}
