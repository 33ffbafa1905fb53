/** The report input's pure assembly, from hand-built sources (no database). */
import { describe, expect, it } from 'vitest';
import type { PlanItemInForce } from '../../src/plan/index.js';
import type { PlanItemInput } from '../../src/reconcile/index.js';
import { assembleReportInput, reportStrings, type ReportSources } from '../../src/report/index.js';
import { makeComment, makeDataset, makePlanItem } from '../reconcile/builders.js';

const AS_OF = '2015-11-01';
const OPTIONS = {
  asOf: AS_OF,
  timeZone: 'Asia/Taipei',
  publishers: ['勞動部'],
  runId: '42',
  generatedAt: new Date('2015-11-01T10:00:00Z'),
};

const late = makePlanItem({ planKey: 'p#1', seq: 1, title: '訴願案件', dueDate: '2015-08-31' });
const onTime = makePlanItem({ planKey: 'p#2', seq: 2, title: '職工福利委員會資料', dueDate: '2015-08-31' });
const dataset = makeDataset({ datasetId: 'd1', title: '職工福利委員會資料', publishedDate: '2015-08-20' });

/** The plan table's row of a reconcile plan item. */
function row(p: PlanItemInput): PlanItemInForce {
  return {
    plan_key: p.planKey,
    label: 'p',
    seq: p.seq ?? 0,
    title: p.title,
    description: p.description ?? '',
    unit: p.unit ?? '',
    agency: p.agency,
    planned_raw: '104年8月',
    due_date: p.dueDate ?? '',
    version_id: 1,
  };
}

function sources(overrides: Partial<ReportSources> = {}): ReportSources {
  return {
    planItems: [row(late), row(onTime)],
    plans: [
      { label: 'p', versionId: '1', fileName: 'p.tsv', importedAt: '2015-06-01T00:00:00.000Z', items: 2 },
    ],
    reconcileInput: {
      asOf: AS_OF,
      planItems: [late, onTime],
      datasets: [dataset],
      comments: [
        makeComment({ commentId: 'c1', datasetId: 'd1', firstSeenDate: '2015-09-01', agencyReplyDate: null }),
        makeComment({
          commentId: 'c2',
          datasetId: 'd1',
          firstSeenDate: '2015-09-01',
          agencyReplyDate: '2015-09-03',
        }),
      ],
    },
    comments: [
      {
        comment_id: 'c1',
        dataset_id: 'd1',
        body_text: '請補欄位說明',
        first_seen_at: new Date('2015-09-01T02:00:00Z'),
        answered: false,
      },
      {
        comment_id: 'c2',
        dataset_id: 'd1',
        body_text: '謝謝',
        first_seen_at: new Date('2015-09-01T02:00:00Z'),
        answered: true,
      },
    ],
    requests: [],
    previous: null,
    twoDates: { notes: [], empty: null },
    lifecycle: [],
    resolvedDetails: [],
    reconcileRunId: null,
    storedStatuses: null,
    ...overrides,
  };
}

describe('assembleReportInput', () => {
  it('statuses are recomputed from the reconciliation input as of the day', () => {
    const input = assembleReportInput(sources(), OPTIONS);
    const byKey = new Map(input.items.map((i) => [i.planKey, i]));
    expect(byKey.get('p#1')).toMatchObject({ status: 'overdue', datasetId: null, overdueDays: 62 });
    expect(byKey.get('p#2')).toMatchObject({
      status: 'published_on_time',
      datasetId: 'd1',
      datasetTitle: '職工福利委員會資料',
      publishedDate: '2015-08-20',
      feedback: { comments: 2, unanswered: 1 },
    });
    expect(input.platformDatasets).toBe(1);
    expect(input.reconcileRunId).toBeNull();
    // Only the comment without a reply by the as-of day is waiting, linked to its plan item.
    expect(input.comments).toEqual([
      expect.objectContaining({ commentId: 'c1', planKey: 'p#2', firstSeen: '2015-09-01', waitingDays: 61 }),
    ]);
    expect(input.discrepancies.map((d) => d.kind)).toContain('overdue');
  });

  it('the same day earlier: the dataset is not published yet, so nothing is on time', () => {
    const input = assembleReportInput(
      sources({ reconcileInput: { ...sources().reconcileInput, asOf: '2015-08-10' } }),
      { ...OPTIONS, asOf: '2015-08-10' },
    );
    expect(input.items.map((i) => i.status)).toEqual(['pending', 'pending']);
    expect(input.platformDatasets).toBe(0);
  });

  it('a stored run that disagrees is named in a note; the recomputed statuses stand', () => {
    const stored = [
      { planKey: 'p#1', status: 'pending', datasetId: null },
      { planKey: 'p#2', status: 'published_on_time', datasetId: 'd1' },
    ];
    const input = assembleReportInput(sources({ reconcileRunId: '7', storedStatuses: stored }), OPTIONS);
    expect(input.items.find((i) => i.planKey === 'p#1')?.status).toBe('overdue');
    expect(input.reconcileRunId).toBe('7');
    expect(input.notes).toEqual([reportStrings('zh-TW').statusMismatch(1, '7', 'p#1')]);

    const agreeing = stored.map((s) => (s.planKey === 'p#1' ? { ...s, status: 'overdue' } : s));
    expect(
      assembleReportInput(sources({ reconcileRunId: '7', storedStatuses: agreeing }), OPTIONS).notes,
    ).toEqual([]);
    // No stored statuses (a replay, or no run that day): nothing to compare with.
    expect(assembleReportInput(sources({ reconcileRunId: '7' }), OPTIONS).notes).toEqual([]);
  });

  it('resolved discrepancies come from the stored life cycle, up to the as-of day', () => {
    const gone = {
      id: 'x-resolved',
      kind: 'missing' as const,
      planKey: null,
      datasetId: 'd9',
      detail: { title: '舊資料集' },
    };
    const later = { ...gone, id: 'x-later' };
    const input = assembleReportInput(
      sources({
        lifecycle: [
          { id: 'x-resolved', firstSeen: '2015-09-01', lastSeen: '2015-10-01', resolvedAt: '2015-10-02' },
          { id: 'x-later', firstSeen: '2015-09-01', lastSeen: '2015-11-01', resolvedAt: '2015-11-05' },
        ],
        resolvedDetails: [gone, later],
      }),
      OPTIONS,
    );
    const resolved = input.discrepancies.filter((d) => d.resolvedAt !== null);
    expect(resolved).toEqual([
      expect.objectContaining({ id: 'x-resolved', resolvedAt: '2015-10-02', firstSeen: '2015-09-01' }),
    ]);
  });

  it('an open discrepancy keeps its stored first-seen day, never a later one', () => {
    const first = assembleReportInput(sources(), OPTIONS).discrepancies.find((d) => d.kind === 'overdue')!;
    expect(first.firstSeen).toBe(AS_OF);
    const lifecycle = [{ id: first.id, firstSeen: '2015-09-15', lastSeen: '2015-10-31', resolvedAt: null }];
    const again = assembleReportInput(sources({ lifecycle }), OPTIONS).discrepancies.find(
      (d) => d.id === first.id,
    );
    expect(again).toMatchObject({ firstSeen: '2015-09-15', lastSeen: AS_OF, resolvedAt: null });
  });
});
