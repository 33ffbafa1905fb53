import { describe, expect, it } from 'vitest';
import {
  discrepancyId,
  parseUpdateFrequency,
  reconcile,
  staleness,
  type Discrepancy,
} from '../../src/reconcile/index.js';
import { makeComment, makeDataset, makePlanItem, makeRequest } from './builders.js';

const kinds = (ds: Discrepancy[]) => ds.map((d) => d.kind).sort();

describe('discrepancies', () => {
  const onTime = makePlanItem({ title: '職工福利委員會資料', dueDate: '2015-08-31' });
  const late = makePlanItem({ title: '托兒設施措施補助相關資料', dueDate: '2015-08-31' });
  const overdue = makePlanItem({ title: '訴願案件', dueDate: '2015-08-31' });
  const gone = makePlanItem({ title: '團體協約資料集', dueDate: '2015-08-31' });
  const review = makePlanItem({ title: '國內投資股票類別統計資訊', dueDate: '2015-08-31' });
  const datasets = [
    makeDataset({ datasetId: 'd-on', title: '職工福利委員會資料', publishedDate: '2015-08-01' }),
    makeDataset({ datasetId: 'd-late', title: '托兒設施措施補助相關資料', publishedDate: '2015-09-10' }),
    makeDataset({
      datasetId: 'd-gone',
      title: '團體協約',
      publishedDate: '2015-08-01',
      delistedDate: '2015-10-01',
    }),
    makeDataset({ datasetId: 'd-review', title: '勞動基金國內投資股票', publishedDate: '2015-08-01' }),
    makeDataset({ datasetId: 'd-extra', title: '基本工資之制定與調整經過', publishedDate: '2014-01-01' }),
  ];
  const input = { asOf: '2015-11-01', planItems: [onTime, late, overdue, gone, review], datasets };

  it("warns of a plan item's dataset scheduled for delisting, never of an unplanned or delisted one", () => {
    const scheduled = { scheduledDelisting: { scheduledOn: '2015-12-01' } };
    const r = reconcile({
      ...input,
      datasets: datasets.map((d) =>
        d.datasetId === 'd-on' || d.datasetId === 'd-extra' || d.datasetId === 'd-gone'
          ? { ...d, ...scheduled }
          : d,
      ),
    });
    const warned = r.discrepancies.filter((d) => d.kind === 'delisting_scheduled');
    expect(warned).toEqual([
      {
        id: discrepancyId('delisting_scheduled', onTime.planKey, 'd-on'),
        kind: 'delisting_scheduled',
        planKey: onTime.planKey,
        datasetId: 'd-on',
        detail: {
          seq: onTime.seq,
          title: onTime.title,
          datasetTitle: '職工福利委員會資料',
          scheduledOn: '2015-12-01',
        },
      },
    ]);
    // Scheduled is not delisted: the item stays published on time.
    expect(r.statuses.find((s) => s.planKey === onTime.planKey)?.status).toBe('published_on_time');
  });

  it('lists one discrepancy per problem, with the keys it is about', () => {
    const r = reconcile(input);
    expect(kinds(r.discrepancies)).toEqual([
      'missing',
      'needs_review',
      'overdue',
      'published_late',
      'unplanned',
    ]);
    const byKind = Object.fromEntries(r.discrepancies.map((d) => [d.kind, d]));
    expect(byKind.overdue).toMatchObject({
      planKey: overdue.planKey,
      datasetId: null,
      detail: { overdueDays: 62 },
    });
    expect(byKind.published_late).toMatchObject({
      planKey: late.planKey,
      datasetId: 'd-late',
      detail: { lagDays: 10 },
    });
    expect(byKind.missing).toMatchObject({
      planKey: gone.planKey,
      datasetId: 'd-gone',
      detail: { delistedDate: '2015-10-01' },
    });
    expect(byKind.needs_review).toMatchObject({ planKey: review.planKey, datasetId: 'd-review' });
    expect((byKind.needs_review!.detail.candidates as unknown[]).length).toBe(1);
    expect(byKind.unplanned).toMatchObject({ planKey: null, datasetId: 'd-extra' });
  });

  it('gives the same ids on every run, and different ids to different problems', () => {
    const a = reconcile(input).discrepancies.map((d) => d.id);
    const b = reconcile({ ...input, asOf: '2015-11-02' }).discrepancies.map((d) => d.id);
    expect(b).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
    expect(a.every((id) => /^[0-9a-f]{16}$/.test(id))).toBe(true);
    expect(discrepancyId('overdue', 'x')).not.toBe(discrepancyId('overdue', 'y'));
    expect(discrepancyId('overdue', 'x')).not.toBe(discrepancyId('needs_review', 'x'));
  });

  it('drops a problem once it is fixed', () => {
    const fixed = reconcile({
      ...input,
      datasets: [
        ...datasets,
        makeDataset({ datasetId: 'd-new', title: '訴願案件資料集', publishedDate: '2015-10-20' }),
      ],
    });
    expect(kinds(fixed.discrepancies)).toContain('published_late');
    expect(fixed.discrepancies.find((d) => d.kind === 'overdue')).toBeUndefined();
  });
});

describe('stale datasets', () => {
  it('parses update frequencies; irregular and unknown units never raise', () => {
    expect(parseUpdateFrequency('每1月')).toEqual({ kind: 'regular', count: 1, unit: '月', raw: '每1月' });
    expect(parseUpdateFrequency('每 ７ 日')).toMatchObject({ kind: 'regular', count: 7, unit: '日' });
    expect(parseUpdateFrequency('不定期更新')).toEqual({ kind: 'irregular', raw: '不定期更新' });
    expect(parseUpdateFrequency('每1光年')).toMatchObject({ kind: 'regular', unit: '光年' });
    expect(parseUpdateFrequency('隨時')).toEqual({ kind: 'unknown', raw: '隨時' });
    expect(parseUpdateFrequency(null)).toBeNull();
  });

  it('每1月 is stale after more than two months without an update, not on the day', () => {
    const d = makeDataset({
      title: 'x',
      updateFrequency: '每1月',
      publishedDate: '2015-01-01',
      modifiedDate: '2015-03-31',
    });
    expect(staleness(d, '2015-05-31', 2)).toBeNull();
    expect(staleness(d, '2015-06-01', 2)).toEqual({
      updateFrequency: '每1月',
      lastUpdate: '2015-03-31',
      expectedBy: '2015-05-31',
      daysSinceUpdate: 62,
    });
  });

  it.each([
    ['不定期更新', null],
    ['每1光年', null],
    ['每1年', '2017-01-02'],
    ['每7日', '2015-01-16'],
    ['每1分', '2015-01-03'],
  ] as const)('%s → first stale day %s', (freq, firstStale) => {
    const d = makeDataset({
      title: 'x',
      updateFrequency: freq,
      publishedDate: '2015-01-01',
      modifiedDate: null,
    });
    if (firstStale === null) {
      expect(staleness(d, '2030-01-01', 2)).toBeNull();
    } else {
      const dayBefore = new Date(Date.parse(`${firstStale}T00:00:00Z`) - 86_400_000)
        .toISOString()
        .slice(0, 10);
      expect(staleness(d, dayBefore, 2)).toBeNull();
      expect(staleness(d, firstStale, 2)).not.toBeNull();
    }
  });

  it('is reported as a discrepancy for listed datasets only', () => {
    const live = makeDataset({
      datasetId: 's1',
      title: '甲',
      updateFrequency: '每1月',
      publishedDate: '2015-01-01',
    });
    const delisted = { ...live, datasetId: 's2', delistedDate: '2015-02-01' };
    const r = reconcile({ asOf: '2016-01-01', planItems: [], datasets: [live, delisted] });
    expect(r.discrepancies.filter((d) => d.kind === 'stale').map((d) => d.datasetId)).toEqual(['s1']);
  });
});

describe('citizen voice', () => {
  const item = makePlanItem({ title: '職工福利委員會資料' });
  const d = makeDataset({ datasetId: 'c-d', title: '職工福利委員會資料' });

  it('unanswered_feedback after more than N days without an agency reply, linked to the plan item', () => {
    const comments = [
      makeComment({ commentId: 'c1', datasetId: 'c-d', firstSeenDate: '2015-09-01' }),
      makeComment({
        commentId: 'c2',
        datasetId: 'c-d',
        firstSeenDate: '2015-09-01',
        agencyReplyDate: '2015-09-03',
      }),
      makeComment({ commentId: 'c3', datasetId: 'c-d', firstSeenDate: '2015-09-10' }),
    ];
    const r = reconcile(
      { asOf: '2015-09-24', planItems: [item], datasets: [d], comments },
      { discrepancies: { feedbackReplyDays: 14 } },
    );
    const found = r.discrepancies.filter((x) => x.kind === 'unanswered_feedback');
    expect(found).toHaveLength(1); // c3 is exactly 14 days old: not yet
    expect(found[0]).toMatchObject({
      planKey: item.planKey,
      datasetId: 'c-d',
      detail: { commentId: 'c1', daysWaiting: 23 },
    });
    // A reply given after the as-of date did not exist yet on that date.
    const earlier = reconcile(
      { asOf: '2015-09-02', planItems: [item], datasets: [d], comments },
      { discrepancies: { feedbackReplyDays: 0 } },
    );
    expect(
      earlier.discrepancies.filter((x) => x.kind === 'unanswered_feedback').map((x) => x.detail.commentId),
    ).toEqual(['c1', 'c2']);
  });

  it('links requests to plan items and datasets by the same matcher, and flags open ones', () => {
    const requests = [
      makeRequest({ requestId: 'r1', title: '職工福利委員會相關資料', firstSeenDate: '2015-06-07' }),
      makeRequest({
        requestId: 'r2',
        title: '青年勞工就業狀況資料庫',
        firstSeenDate: '2015-06-07',
        replyDate: '2015-06-10',
      }),
    ];
    const r = reconcile({ asOf: '2015-08-01', planItems: [item], datasets: [d], requests });
    expect(r.requestLinks.map((l) => [l.requestId, l.target, l.planKey ?? l.datasetId])).toEqual([
      ['r1', 'plan_item', item.planKey],
      ['r1', 'dataset', 'c-d'],
    ]);
    expect(r.requestLinks[0]!.evidence).toMatchObject({
      requestTitle: '職工福利委員會相關資料',
      normalizedTargetTitle: '職工福利委員會',
    });
    expect(r.requestLinks.every((l) => l.confidence === 'high')).toBe(true);
    const open = r.discrepancies.filter((x) => x.kind === 'open_request');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      planKey: item.planKey,
      datasetId: 'c-d',
      detail: { requestId: 'r1', daysWaiting: 55 },
    });
  });
});

describe('request links', () => {
  it('marks a weak link as review and drops a link below the low threshold', () => {
    const item = makePlanItem({ title: '國內投資股票類別統計資訊' });
    const requests = [
      makeRequest({ requestId: 'weak', title: '勞動基金國內投資股票類別' }),
      makeRequest({ requestId: 'none', title: '捷運站出入口位置' }),
    ];
    const r = reconcile({ asOf: '2015-08-01', planItems: [item], datasets: [], requests });
    expect(r.requestLinks.map((l) => [l.requestId, l.target, l.confidence])).toEqual([
      ['weak', 'plan_item', 'review'],
    ]);
    expect(r.requestLinks[0]!.score).toBeLessThan(0.75);
  });
});
