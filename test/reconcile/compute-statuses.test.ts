import { describe, expect, it } from 'vitest';
import { daysBetween, reconcile, type ItemStatus } from '../../src/reconcile/index.js';
import { confirm, makeDataset, makePlanItem } from './builders.js';

/** One item with an exact-title dataset published on `published` (or no dataset), due 2015-08-31. */
function statusOf(options: {
  published?: string;
  asOf: string;
  due?: string;
  delisted?: string | null;
}): ItemStatus {
  const item = makePlanItem({ title: '職工福利委員會資料', dueDate: options.due ?? '2015-08-31' });
  const datasets =
    options.published === undefined
      ? []
      : [
          makeDataset({
            title: '職工福利委員會資料',
            publishedDate: options.published,
            delistedDate: options.delisted ?? null,
          }),
        ];
  return reconcile({ asOf: options.asOf, planItems: [item], datasets }).statuses[0]!;
}

describe('statuses at the boundaries (due 2015-08-31)', () => {
  it.each([
    // published, as-of, status, lagDays
    ['2015-08-31', '2015-09-30', 'published_on_time', 0],
    ['2015-09-01', '2015-09-30', 'published_late', 1],
    ['2015-08-30', '2015-09-30', 'published_on_time', -1],
    ['2015-01-15', '2015-09-30', 'published_on_time', -228],
    ['2016-03-01', '2016-03-01', 'published_late', 183],
  ] as const)('published %s, as of %s → %s, lagDays %i', (published, asOf, status, lagDays) => {
    expect(statusOf({ published, asOf })).toMatchObject({
      status,
      lagDays,
      overdueDays: null,
      publishedDate: published,
    });
  });

  it.each([
    // as-of, status, overdueDays
    ['2015-08-31', 'pending', null],
    ['2015-09-01', 'overdue', 1],
    ['2015-08-01', 'pending', null],
    ['2016-08-31', 'overdue', 366],
  ] as const)('no dataset, as of %s → %s, overdueDays %s', (asOf, status, overdueDays) => {
    expect(statusOf({ asOf })).toMatchObject({ status, overdueDays, datasetId: null, lagDays: null });
  });

  it('a dataset published after the as-of date did not exist yet (history recomputes)', () => {
    expect(statusOf({ published: '2015-10-01', asOf: '2015-09-15' })).toMatchObject({
      status: 'overdue',
      overdueDays: 15,
    });
    expect(statusOf({ published: '2015-10-01', asOf: '2015-10-01' })).toMatchObject({
      status: 'published_late',
      lagDays: 31,
    });
  });

  it('a matched dataset delisted by the as-of date is missing and keeps its id', () => {
    const s = statusOf({ published: '2015-08-01', asOf: '2016-01-01', delisted: '2015-12-01' });
    expect(s.status).toBe('missing');
    expect(s.datasetId).not.toBeNull();
    // Before the delisting it was simply on time.
    expect(statusOf({ published: '2015-08-01', asOf: '2015-11-30', delisted: '2015-12-01' }).status).toBe(
      'published_on_time',
    );
  });

  it('a confirmed dataset that vanished from the catalogue is missing', () => {
    const item = makePlanItem({ title: '職工福利委員會資料' });
    const r = reconcile({
      asOf: '2016-01-01',
      planItems: [item],
      datasets: [],
      decisions: [confirm(item.planKey, '424242')],
    });
    expect(r.statuses[0]).toMatchObject({ status: 'missing', datasetId: '424242', method: 'manual' });
  });

  it('needs_review is never counted as published, even with a due date long past', () => {
    const item = makePlanItem({ title: '國內投資股票類別統計資訊', dueDate: '2015-01-31' });
    const d = makeDataset({ title: '勞動基金國內投資股票' });
    const r = reconcile({ asOf: '2016-01-01', planItems: [item], datasets: [d] });
    expect(r.statuses[0]).toMatchObject({ status: 'needs_review', datasetId: d.datasetId, lagDays: null });
    expect(r.summary.byStatus).toMatchObject({ needs_review: 1, published_on_time: 0, published_late: 0 });
  });

  it('uses the first publication date, not a later metadata change', () => {
    const item = makePlanItem({ title: '職工福利委員會資料', dueDate: '2015-08-31' });
    const d = makeDataset({
      title: '職工福利委員會資料',
      publishedDate: '2015-08-20',
      modifiedDate: '2016-05-05',
    });
    expect(reconcile({ asOf: '2016-06-01', planItems: [item], datasets: [d] }).statuses[0]).toMatchObject({
      status: 'published_on_time',
      lagDays: -11,
    });
  });

  it('rejects a malformed as-of date', () => {
    expect(() => reconcile({ asOf: '2015-02-30', planItems: [], datasets: [] })).toThrow(/YYYY-MM-DD/);
    expect(daysBetween('2016-02-28', '2016-03-01')).toBe(2);
  });
});
