/**
 * The quarterly figures from in-memory fixtures: each expectation is recomputed here from the
 * fixture rows (published and delisting dates, comment sightings, request dates), not copied.
 */
import { describe, expect, it } from 'vitest';
import { quarterlySchema } from '../../schemas/quarterly.js';
import { MOL_FAMILY, agencyOf } from '../../src/publishers/index.js';
import { daysBetween } from '../../src/reconcile/index.js';
import {
  lastCompletedQuarter,
  parseQuarter,
  quarterEnd,
  quarterName,
  quarterStart,
  quarterlyFigures,
  rocQuarterName,
  type QuarterComment,
  type QuarterDataset,
  type QuarterRequest,
  type QuarterlyInput,
} from '../../src/quarterly/index.js';

interface Row {
  id: string;
  title: string;
  publisher: string;
  published: string | null;
  /** Platform delisting date. */
  delisted?: string;
  firstObserved: string;
}

const ROWS: Row[] = [
  {
    id: 'a',
    title: '勞資會議資料集',
    publisher: '勞動部',
    published: '2016-02-10',
    firstObserved: '2015-12-20',
  },
  {
    id: 'b',
    title: '職訓課程',
    publisher: '勞動部勞動力發展署北基宜花金馬分署',
    published: '2015-05-01',
    firstObserved: '2015-12-20',
  },
  {
    id: 'c',
    title: '勞保給付統計',
    publisher: '勞動部勞工保險局',
    published: '2016-01-15',
    delisted: '2016-03-10',
    firstObserved: '2016-01-20',
  },
  {
    id: 'd',
    title: '未知上架日期',
    publisher: '勞動部職業安全衛生署',
    published: null,
    firstObserved: '2016-03-20',
  },
  {
    id: 'e',
    title: '下一季才上架',
    publisher: '勞動部',
    published: '2016-04-02',
    firstObserved: '2016-04-03',
  },
];

function dataset(r: Row): QuarterDataset {
  return {
    input: {
      datasetId: r.id,
      title: r.title,
      description: null,
      publisherName: r.publisher,
      updateFrequency: '不定期更新',
      publishedDate: r.published,
      modifiedDate: null,
      delistedDate: null,
      firstObserved: r.firstObserved,
    },
    events: [
      { event: 'listed', observed: r.firstObserved, lastSeen: null },
      ...(r.delisted ? [{ event: 'delisted' as const, observed: r.delisted, lastSeen: r.delisted }] : []),
    ],
    platformDelistings: r.delisted ? [r.delisted] : [],
  };
}

const COMMENTS: QuarterComment[] = [
  {
    commentId: 'c1',
    datasetId: 'a',
    body: '首次同步即存在',
    firstSeenDate: '2015-12-20',
    replyDate: '2016-01-05',
    removedDate: null,
  },
  {
    commentId: 'c2',
    datasetId: 'a',
    body: '本季',
    firstSeenDate: '2016-02-01',
    replyDate: '2016-02-11',
    removedDate: null,
  },
  {
    commentId: 'c3',
    datasetId: 'b',
    body: '=1+1',
    firstSeenDate: '2016-03-01',
    replyDate: null,
    removedDate: null,
  },
  {
    commentId: 'c4',
    datasetId: 'b',
    body: '已移除',
    firstSeenDate: '2016-03-15',
    replyDate: null,
    removedDate: '2016-03-20',
  },
  {
    commentId: 'c5',
    datasetId: 'b',
    body: '下一季',
    firstSeenDate: '2016-04-02',
    replyDate: null,
    removedDate: null,
  },
];

const REQUESTS: QuarterRequest[] = [
  {
    requestId: 'r1',
    title: '職訓成果',
    agencyName: '勞動部勞動力發展署',
    status: '已回復',
    submittedOn: '2015-11-01',
    repliedOn: '2016-01-10',
    firstSeenDate: '2015-12-20',
  },
  {
    requestId: 'r2',
    title: '工會名冊',
    agencyName: '勞動部',
    status: '未回復',
    submittedOn: '2016-02-01',
    repliedOn: null,
    firstSeenDate: '2016-02-02',
  },
  {
    requestId: 'r3',
    title: '職災統計',
    agencyName: '勞動部職業安全衛生署南區職業安全衛生中心',
    status: '已回復',
    submittedOn: '2016-02-15',
    repliedOn: '2016-04-01',
    firstSeenDate: '2016-02-16',
  },
  {
    requestId: 'r4',
    title: '下一季',
    agencyName: '勞動部',
    status: '未回復',
    submittedOn: '2016-05-01',
    repliedOn: null,
    firstSeenDate: '2016-05-02',
  },
];

function input(quarter: string, over: Partial<QuarterlyInput> = {}): QuarterlyInput {
  return {
    quarter: parseQuarter(quarter)!,
    generatedAt: new Date('2016-04-05T00:00:00Z'),
    publishers: MOL_FAMILY,
    planItems: [
      {
        planKey: 'p#1',
        seq: 1,
        title: '勞資會議資料集',
        description: null,
        unit: '勞動關係司',
        agency: '勞動部',
        dueDate: '2015-12-31',
      },
      {
        planKey: 'p#2',
        seq: 2,
        title: '完全不相干的計畫項目甲',
        description: null,
        unit: '統計處',
        agency: '勞動部',
        dueDate: '2016-06-30',
      },
      {
        planKey: 'p#3',
        seq: 3,
        title: '另一個不存在的資料乙',
        description: null,
        unit: '統計處',
        agency: '勞動部',
        dueDate: '2015-11-30',
      },
    ],
    planLabels: ['p'],
    datasets: ROWS.map(dataset),
    decisions: [],
    delayNotes: [{ planKey: 'p#3', reason: '系統改版', expectedDate: '2016-09-30' }],
    comments: COMMENTS,
    requests: REQUESTS,
    observed: { comments: '2015-12-20', requests: '2015-12-20', catalogue: '2015-12-20' },
    ...over,
  };
}

/** Independent: listed at the end of `day` by the rows' own dates (undated rows from first sight). */
function expectedListed(day: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of ROWS) {
    const from = r.published ?? r.firstObserved;
    if (from > day || (r.delisted !== undefined && r.delisted <= day)) continue;
    const a = agencyOf(r.publisher, MOL_FAMILY)!;
    out[a] = (out[a] ?? 0) + 1;
  }
  return out;
}

describe('quarter names', () => {
  it('reads Western and ROC names and knows each quarter’s days', () => {
    for (const name of ['2026Q3', '115Q3', '115年第3季', '2026-q3'])
      expect(quarterName(parseQuarter(name)!)).toBe('2026Q3');
    expect(quarterName(parseQuarter('104Q3')!)).toBe('2015Q3');
    expect(rocQuarterName(parseQuarter('2015Q3')!)).toBe('104年第3季');
    expect(parseQuarter('2026Q5')).toBeNull();
    expect(parseQuarter('nonsense')).toBeNull();
    const q = parseQuarter('2024Q1')!;
    expect([quarterStart(q), quarterEnd(q)]).toEqual(['2024-01-01', '2024-03-31']);
    expect(quarterEnd(parseQuarter('2026Q2')!)).toBe('2026-06-30');
    expect(quarterName(lastCompletedQuarter('2026-10-01'))).toBe('2026Q3');
    expect(quarterName(lastCompletedQuarter('2026-09-30'))).toBe('2026Q2');
    expect(quarterName(lastCompletedQuarter('2026-01-01'))).toBe('2025Q4');
  });
});

describe('quarterly figures', () => {
  const f = quarterlyFigures(input('2016Q1'));
  const j = f.json;
  const start = '2016-01-01';
  const end = '2016-03-31';

  it('counts datasets per agency at the quarter’s end from published and delisting dates, sub-units rolled up', () => {
    expect(quarterlySchema.parse(j)).toEqual(j);
    const want = expectedListed(end);
    expect(
      Object.fromEntries(
        j.platform.byAgency.filter((a) => a.datasets > 0).map((a) => [a.agency, a.datasets]),
      ),
    ).toEqual(want);
    expect(j.platform.total).toBe(Object.values(want).reduce((a, b) => a + b, 0));
    expect(j.platform.previousTotal).toBe(
      Object.values(expectedListed('2015-12-31')).reduce((a, b) => a + b, 0),
    );
    const wda = j.platform.byAgency.find((a) => a.agency === '勞動部勞動力發展署')!;
    expect(wda.subUnits).toEqual([{ name: '勞動部勞動力發展署北基宜花金馬分署', datasets: 1 }]);
    const added = ROWS.filter((r) => r.published !== null && r.published >= start && r.published <= end);
    const delisted = ROWS.filter((r) => r.delisted !== undefined && r.delisted >= start && r.delisted <= end);
    expect(j.platform.byAgency.reduce((n, a) => n + a.added, 0)).toBe(added.length);
    expect(j.platform.byAgency.reduce((n, a) => n + a.delisted, 0)).toBe(delisted.length);
  });

  it('counts comments present on the last day, new ones only after the first sync, reply days of those', () => {
    const present = COMMENTS.filter(
      (c) => c.firstSeenDate <= end && (c.removedDate === null || c.removedDate > end),
    );
    const answered = present.filter((c) => c.replyDate !== null && c.replyDate <= end);
    const fresh = answered.filter((c) => c.firstSeenDate > '2015-12-20');
    expect(j.feedback).toEqual({
      received: present.filter((c) => c.firstSeenDate >= start).length,
      cumulative: present.length,
      answered: answered.length,
      unanswered: present.length - answered.length,
      medianReplyDays: daysBetween(fresh[0]!.firstSeenDate, fresh[0]!.replyDate!),
      observedSince: '2015-12-20',
    });
    expect(f.feedback.waiting.map((w) => w.commentId)).toEqual(['c3']);
    // The quarter the first sync fell in: what was new then is unknown, not 0.
    expect(quarterlyFigures(input('2015Q4')).json.feedback.received).toBeNull();
  });

  it('counts requests by their submission day, with the status as it stood at the quarter’s end', () => {
    const then = REQUESTS.filter((r) => r.submittedOn! <= end);
    expect(j.requests.cumulative).toBe(then.length);
    expect(j.requests.received).toBe(then.filter((r) => r.submittedOn! >= start).length);
    const repliedBy = then.filter((r) => r.repliedOn !== null && r.repliedOn <= end).length;
    expect(j.requests.byStatus).toEqual({ 已回復: repliedBy, 未回復: then.length - repliedBy });
    expect(j.requests.items.find((r) => r.requestId === 'r3')).toMatchObject({
      status: '未回復',
      repliedOn: null,
      agency: '勞動部職業安全衛生署',
    });
    // A request without a submission day first seen in the quarter may belong to it: unknown.
    const undated = quarterlyFigures(
      input('2016Q1', { requests: [...REQUESTS, { ...REQUESTS[1]!, requestId: 'r5', submittedOn: null }] }),
    );
    expect(undated.json.requests.received).toBeNull();
  });

  it('gives every plan item’s status at each quarter’s end, the changes and the overdue items with reasons', () => {
    // p#1 is due on 2015-12-31 (pending that day) and published on 2016-02-10: late at 2016Q1.
    expect(j.trend.map((x) => x.quarter)).toEqual(['2015Q4', '2016Q1']);
    expect(j.trend[0]!.byStatus).toMatchObject({ overdue: 1, pending: 2, published_late: 0 });
    expect(j.trend[1]!.byStatus).toMatchObject({ overdue: 1, pending: 1, published_late: 1 });
    expect(j.plan.byStatus).toEqual(j.trend[1]!.byStatus);
    expect(j.plan.changed).toEqual([{ planKey: 'p#1', from: 'pending', to: 'published_late' }]);
    // An item added to the plan in the quarter was in no plan at the previous quarter's end.
    const added = quarterlyFigures(input('2016Q1', { previousPlanKeys: ['p#1', 'p#3'] })).json.plan.changed;
    expect(added).toEqual([
      { planKey: 'p#1', from: 'pending', to: 'published_late' },
      { planKey: 'p#2', from: null, to: 'pending' },
    ]);
    expect(j.plan.overdue).toEqual([
      {
        planKey: 'p#3',
        seq: 3,
        title: '另一個不存在的資料乙',
        unit: '統計處',
        dueDate: '2015-11-30',
        overdueDays: daysBetween('2015-11-30', end),
        reason: '系統改版',
        expectedDate: '2016-09-30',
      },
    ]);
    expect(f.datasetTrend.map((x) => x.total)).toEqual(
      ['2015-12-31', end].map((d) => Object.values(expectedListed(d)).reduce((a, b) => a + b, 0)),
    );
  });
});
