/**
 * The status of every plan item as of a date, from its match outcome and the datasets' state on
 * that date. Day counts are calendar days: lagDays = published − due (0 on the due date, negative
 * when early), overdueDays = as-of − due (1 the day after the due date).
 */
import { daysBetween } from './dates.js';
import type { DatasetInput, ItemMatch, ItemStatus, PlanItemInput } from './types.js';

/**
 * `datasets` must already be the view as of `asOf` (see reconcile.ts): a delistedDate means
 * delisted by then; a confirmed dataset that is not in the list at all has vanished.
 */
export function computeStatuses(
  items: readonly PlanItemInput[],
  matches: readonly ItemMatch[],
  datasets: ReadonlyMap<string, DatasetInput>,
  asOf: string,
): ItemStatus[] {
  const byKey = new Map(matches.map((m) => [m.planKey, m]));
  return items.map((item): ItemStatus => {
    const match = byKey.get(item.planKey);
    const due = item.dueDate;
    const base = {
      planKey: item.planKey,
      dueDate: due,
      method: match?.method ?? null,
      score: match?.score ?? null,
    };
    if (match?.outcome === 'matched' && match.datasetId !== null) {
      const dataset = datasets.get(match.datasetId) ?? null;
      const published = dataset?.publishedDate ?? null;
      const lagDays = published !== null && due !== null ? daysBetween(due, published) : null;
      if (dataset === null || dataset.delistedDate !== null) {
        return {
          ...base,
          status: 'missing',
          datasetId: match.datasetId,
          publishedDate: published,
          lagDays,
          overdueDays: null,
        };
      }
      // An unknown first-publication date cannot be late by a known number of days: judge by as-of.
      const late = lagDays !== null ? lagDays > 0 : due !== null && published === null && asOf > due;
      return {
        ...base,
        status: late ? 'published_late' : 'published_on_time',
        datasetId: match.datasetId,
        publishedDate: published,
        lagDays,
        overdueDays: null,
      };
    }
    if (match?.outcome === 'needs_review') {
      return {
        ...base,
        status: 'needs_review',
        datasetId: match.datasetId,
        publishedDate: null,
        lagDays: null,
        overdueDays: null,
      };
    }
    const overdueDays = due !== null ? daysBetween(due, asOf) : null;
    const overdue = overdueDays !== null && overdueDays > 0;
    return {
      ...base,
      method: null,
      score: null,
      status: overdue ? 'overdue' : 'pending',
      datasetId: null,
      publishedDate: null,
      lagDays: null,
      overdueDays: overdue ? overdueDays : null,
    };
  });
}
