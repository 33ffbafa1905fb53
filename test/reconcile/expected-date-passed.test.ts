import { describe, expect, it } from 'vitest';
import { discrepancyId, reconcile } from '../../src/reconcile/index.js';
import { makeDataset, makePlanItem } from './builders.js';

describe('expected_date_passed', () => {
  const overdue = makePlanItem({ planKey: 'p#1', title: '訴願案件', dueDate: '2015-08-31' });
  const published = makePlanItem({ planKey: 'p#2', title: '職工福利委員會資料', dueDate: '2015-08-31' });
  const datasets = [
    makeDataset({ datasetId: 'd1', title: '職工福利委員會資料', publishedDate: '2015-10-01' }),
  ];
  const run = (expectedDate: string | null, asOf = '2015-11-01') =>
    reconcile({
      asOf,
      planItems: [overdue, published],
      datasets,
      delayNotes: [
        { planKey: 'p#1', reason: '系統建置中', expectedDate },
        { planKey: 'p#2', reason: '晚了', expectedDate: '2015-09-15' },
      ],
    }).discrepancies.filter((d) => d.kind === 'expected_date_passed');

  it('flags an overdue item again once the unit’s expected date has passed', () => {
    const found = run('2015-10-15');
    expect(found).toEqual([
      {
        id: discrepancyId('expected_date_passed', 'p#1', '2015-10-15'),
        kind: 'expected_date_passed',
        planKey: 'p#1',
        datasetId: null,
        detail: {
          seq: overdue.seq,
          title: '訴願案件',
          dueDate: '2015-08-31',
          expectedDate: '2015-10-15',
          daysPastExpected: 17,
          reason: '系統建置中',
        },
      },
    ]);
  });

  it('not on or before the expected date, not without one, not for a published item', () => {
    expect(run('2015-11-01')).toEqual([]);
    expect(run('2015-12-31')).toEqual([]);
    expect(run(null)).toEqual([]);
  });

  it('a new expected date that passes again is a new discrepancy', () => {
    expect(run('2015-10-15')[0]!.id).not.toBe(run('2015-10-20')[0]!.id);
  });
});
