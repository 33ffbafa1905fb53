import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { formatReconcileSummary } from '../../jobs/reconcile.js';
import { alertText, type AlertDigest } from '../../src/alerts/index.js';
import { KIND_LABELS, STATUS_LABELS, kindLabel, statusLabel } from '../../src/labels/index.js';
import { ITEM_STATUSES } from '../../src/reconcile/index.js';
import { reportStrings } from '../../src/report/index.js';
import { ITEMS_SHEET, REVIEW_COLUMNS, buildReviewXlsx, type ReviewItem } from '../../src/review/index.js';
import { DISCREPANCY_KINDS, PLAN_ITEM_STATUSES } from '../../schemas/report.js';

describe('one label table', () => {
  it('names every status and every discrepancy kind, distinctly, in both languages', () => {
    expect([...ITEM_STATUSES].sort()).toEqual([...PLAN_ITEM_STATUSES].sort());
    for (const lang of ['zh', 'en'] as const) {
      const statuses = PLAN_ITEM_STATUSES.map((s) => STATUS_LABELS[lang][s]);
      const kinds = DISCREPANCY_KINDS.map((k) => KIND_LABELS[lang][k]);
      for (const l of [...statuses, ...kinds]) expect(l).toMatch(/\S/);
      expect(new Set(statuses).size).toBe(statuses.length);
      expect(new Set(kinds).size).toBe(kinds.length);
    }
    // A discrepancy that is a status is named as the status is.
    for (const k of ['overdue', 'published_late', 'needs_review'] as const)
      expect(KIND_LABELS.zh[k]).toBe(STATUS_LABELS.zh[k]);
    expect(statusLabel('retired_status')).toBe('retired_status');
  });

  it('the report uses the table', () => {
    expect(reportStrings('zh-TW').status).toEqual(STATUS_LABELS.zh);
    expect(reportStrings('zh-TW').kind).toEqual(KIND_LABELS.zh);
    expect(reportStrings('en').status).toEqual(STATUS_LABELS.en);
    expect(reportStrings('en').kind).toEqual(KIND_LABELS.en);
  });

  it('the alerts use the table', () => {
    const digest: AlertDigest = {
      runId: 1,
      status: 'succeeded',
      summary: 'ok',
      startedAt: new Date('2026-11-26T18:30:00Z'),
      timeZone: 'Asia/Taipei',
      stages: [],
      reportDir: null,
      newDiscrepancies: DISCREPANCY_KINDS.map((kind, i) => ({
        id: `${kind}:${i}`,
        kind,
        planKey: `p1:${i}`,
        datasetId: null,
        title: `項目 ${i}`,
      })),
    };
    const text = alertText(digest);
    for (const kind of DISCREPANCY_KINDS) expect(text).toContain(`- [${kindLabel(kind)}] `);
  });

  it('the reconcile command uses the table', () => {
    const text = formatReconcileSummary({
      runId: 3,
      result: {
        asOf: '2026-11-27',
        discrepancies: [],
        summary: {
          planItems: 6,
          datasets: 10,
          byStatus: Object.fromEntries(PLAN_ITEM_STATUSES.map((s) => [s, 1])),
          byDiscrepancy: Object.fromEntries(DISCREPANCY_KINDS.map((k) => [k, 1])),
        },
      },
      updatedLifecycle: true,
      newDiscrepancies: 0,
      resolvedDiscrepancies: 0,
    } as unknown as Parameters<typeof formatReconcileSummary>[0]);
    for (const s of PLAN_ITEM_STATUSES) expect(text).toContain(`  ${statusLabel(s)}（${s}）：1`);
    for (const k of DISCREPANCY_KINDS) expect(text).toContain(`  ${kindLabel(k)}（${k}）：1`);
  });

  it('the review workbook uses the table', async () => {
    const items: ReviewItem[] = PLAN_ITEM_STATUSES.map((status, i) => ({
      planKey: `p1:${i + 1}`,
      seq: i + 1,
      title: `項目 ${i + 1}`,
      unit: '職安署',
      dueDate: '2026-06-30',
      status,
      datasetId: null,
      datasetTitle: null,
      candidates: [],
      confirm: null,
      reason: null,
      expectedDate: null,
      remark: null,
    }));
    const buf = await buildReviewXlsx(items, { asOf: '2026-11-27', generatedAt: new Date(0), unit: null });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const column = REVIEW_COLUMNS.findIndex((c) => c.key === 'status') + 1;
    const cells = PLAN_ITEM_STATUSES.map(
      (_, r) =>
        wb
          .getWorksheet(ITEMS_SHEET)!
          .getRow(r + 2)
          .getCell(column).text,
    );
    expect(cells).toEqual(PLAN_ITEM_STATUSES.map((s) => STATUS_LABELS.zh[s]));
  });
});
