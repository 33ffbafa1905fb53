/**
 * One reconciliation with both new shapes of evidence: an item published as one dataset per fund
 * (a group match) and an overdue item with a look-alike below the threshold (可能相符).
 */
import { MOL_FAMILY } from '../../src/publishers/index.js';
import { reconcile } from '../../src/reconcile/index.js';
import { makeDataset, makePlanItem } from './builders.js';

export function groupAndOverdueCase() {
  const items = [
    makePlanItem({
      title: '國內投資股票類別統計資訊',
      agency: '勞動部勞動基金運用局',
      dueDate: '2016-12-31',
    }),
    makePlanItem({ title: '勞保資料管理資料', dueDate: '2015-10-31' }),
  ];
  const datasets = [
    makeDataset({
      title: '勞工退休基金國內投資股票類別',
      publisherName: '勞動部勞動基金運用局',
      publishedDate: '2016-11-02',
    }),
    makeDataset({
      title: '勞工保險基金國內投資股票類別',
      publisherName: '勞動部勞動基金運用局',
      publishedDate: '2016-10-20',
    }),
    makeDataset({ title: '勞工保險給付統計', publishedDate: '2015-09-01' }),
  ];
  const result = reconcile(
    { asOf: '2017-06-30', planItems: items, datasets },
    { match: { agencies: MOL_FAMILY } },
  );
  return { items, datasets, result };
}
