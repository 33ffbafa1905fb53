/**
 * Discrepancies: what a person should look at, each with a stable id so reports can tell what is
 * new since the last run and what got resolved. `unplanned` is informational.
 */
import { daysBetween, maxDate } from './dates.js';
import { discrepancyId } from './discrepancy-id.js';
import { addFrequency, parseUpdateFrequency } from './update-frequency.js';
import type {
  CommentInput,
  DatasetInput,
  DelayNoteInput,
  Discrepancy,
  ItemMatch,
  ItemStatus,
  PlanItemInput,
  RequestInput,
  RequestLink,
} from './types.js';

export interface DiscrepancyOptions {
  /** A citizen comment without an agency reply for more than this many days is unanswered_feedback. */
  feedbackReplyDays: number;
  /** A request still 未回復 after more than this many days is open_request. */
  requestReplyDays: number;
  /** Stale when no update for more than this many declared periods (每1月 × 2 = 2 months). */
  staleFactor: number;
}

export const DEFAULT_DISCREPANCY_OPTIONS: DiscrepancyOptions = Object.freeze({
  feedbackReplyDays: 14,
  requestReplyDays: 30,
  staleFactor: 2,
});

export interface DiscrepancyInput {
  asOf: string;
  items: readonly PlanItemInput[];
  matches: readonly ItemMatch[];
  statuses: readonly ItemStatus[];
  /** The as-of view of the datasets (only ours). */
  datasets: readonly DatasetInput[];
  comments: readonly CommentInput[];
  requests: readonly RequestInput[];
  requestLinks: readonly RequestLink[];
  /** The units' expected dates: an overdue item whose expected date has passed is flagged again. */
  delayNotes?: readonly DelayNoteInput[];
}

export function computeDiscrepancies(input: DiscrepancyInput, options: DiscrepancyOptions): Discrepancy[] {
  const { asOf } = input;
  const out: Discrepancy[] = [];
  const itemByKey = new Map(input.items.map((i) => [i.planKey, i]));
  const matchByKey = new Map(input.matches.map((m) => [m.planKey, m]));
  const datasetById = new Map(input.datasets.map((d) => [d.datasetId, d]));
  const titleOf = (planKey: string) => itemByKey.get(planKey)?.title ?? null;
  const matchedItemOf = new Map<string, string>();
  for (const m of input.matches) {
    if (m.outcome === 'matched' && m.datasetId !== null && !matchedItemOf.has(m.datasetId)) {
      matchedItemOf.set(m.datasetId, m.planKey);
    }
  }
  const planKeyOfDataset = (datasetId: string) => matchedItemOf.get(datasetId) ?? null;

  const noteByKey = new Map((input.delayNotes ?? []).map((n) => [n.planKey, n]));

  // Plan items.
  for (const s of input.statuses) {
    const title = titleOf(s.planKey);
    const seq = itemByKey.get(s.planKey)?.seq ?? null;
    switch (s.status) {
      case 'overdue':
        out.push({
          id: discrepancyId('overdue', s.planKey),
          kind: 'overdue',
          planKey: s.planKey,
          datasetId: null,
          detail: { seq, title, dueDate: s.dueDate, overdueDays: s.overdueDays },
        });
        {
          const note = noteByKey.get(s.planKey);
          // Keyed by the date too: a new promise that passes again is a new discrepancy.
          if (note?.expectedDate && note.expectedDate < asOf) {
            out.push({
              id: discrepancyId('expected_date_passed', s.planKey, note.expectedDate),
              kind: 'expected_date_passed',
              planKey: s.planKey,
              datasetId: null,
              detail: {
                seq,
                title,
                dueDate: s.dueDate,
                expectedDate: note.expectedDate,
                daysPastExpected: daysBetween(note.expectedDate, asOf),
                reason: note.reason,
              },
            });
          }
        }
        break;
      case 'published_late':
        out.push({
          id: discrepancyId('published_late', s.planKey, s.datasetId),
          kind: 'published_late',
          planKey: s.planKey,
          datasetId: s.datasetId,
          detail: {
            seq,
            title,
            datasetTitle: datasetById.get(s.datasetId ?? '')?.title ?? null,
            dueDate: s.dueDate,
            publishedDate: s.publishedDate,
            lagDays: s.lagDays,
          },
        });
        break;
      case 'missing': {
        const d = datasetById.get(s.datasetId ?? '');
        out.push({
          id: discrepancyId('missing', s.planKey, s.datasetId),
          kind: 'missing',
          planKey: s.planKey,
          datasetId: s.datasetId,
          detail: {
            seq,
            title,
            datasetTitle: d?.title ?? null,
            delistedDate: d?.delistedDate ?? null,
            ...(d?.delistedBound
              ? { delistedAfter: d.delistedBound.lastSeen, delistedBy: d.delistedBound.firstMissed }
              : {}),
            vanished: d === undefined,
            method: s.method,
          },
        });
        break;
      }
      case 'needs_review': {
        const m = matchByKey.get(s.planKey);
        out.push({
          id: discrepancyId('needs_review', s.planKey),
          kind: 'needs_review',
          planKey: s.planKey,
          datasetId: s.datasetId,
          detail: {
            seq,
            title,
            reason: m?.evidence.reason ?? null,
            candidates: (m?.evidence.candidates ?? []).map((c) => ({
              datasetId: c.datasetId,
              title: c.title,
              score: c.score,
              agency: c.components.agency,
              takenBy: c.takenBy,
            })),
          },
        });
        break;
      }
      default:
        break;
    }
  }

  // Datasets: unplanned (no plan item holds or reviews it) and stale.
  const planned = new Set<string>();
  for (const m of input.matches) if (m.datasetId !== null) planned.add(m.datasetId);
  for (const d of input.datasets) {
    if (d.delistedDate !== null) continue;
    if (!planned.has(d.datasetId)) {
      out.push({
        id: discrepancyId('unplanned', null, d.datasetId),
        kind: 'unplanned',
        planKey: null,
        datasetId: d.datasetId,
        detail: { datasetTitle: d.title, publisherName: d.publisherName, publishedDate: d.publishedDate },
      });
    }
    const planKey = planKeyOfDataset(d.datasetId);
    // Early warning: a plan item's dataset the platform will delist (it becomes `missing` once it is).
    if (d.scheduledDelisting && planKey !== null) {
      out.push({
        id: discrepancyId('delisting_scheduled', planKey, d.datasetId),
        kind: 'delisting_scheduled',
        planKey,
        datasetId: d.datasetId,
        detail: {
          seq: itemByKey.get(planKey)?.seq ?? null,
          title: titleOf(planKey),
          datasetTitle: d.title,
          scheduledOn: d.scheduledDelisting.scheduledOn,
        },
      });
    }
    const stale = staleness(d, asOf, options.staleFactor);
    if (stale) {
      out.push({
        id: discrepancyId('stale', null, d.datasetId),
        kind: 'stale',
        planKey: planKeyOfDataset(d.datasetId),
        datasetId: d.datasetId,
        detail: { datasetTitle: d.title, ...stale },
      });
    }
  }

  // Citizen voice.
  for (const c of input.comments) {
    if (c.agencyReplyDate !== null) continue;
    const days = daysBetween(c.firstSeenDate, asOf);
    if (days <= options.feedbackReplyDays) continue;
    out.push({
      id: discrepancyId('unanswered_feedback', null, c.datasetId, c.commentId),
      kind: 'unanswered_feedback',
      planKey: planKeyOfDataset(c.datasetId),
      datasetId: c.datasetId,
      detail: {
        commentId: c.commentId,
        datasetTitle: datasetById.get(c.datasetId)?.title ?? null,
        firstSeenDate: c.firstSeenDate,
        daysWaiting: days,
      },
    });
  }
  for (const r of input.requests) {
    if (r.replyDate !== null) continue;
    const days = daysBetween(r.firstSeenDate, asOf);
    if (days <= options.requestReplyDays) continue;
    const links = input.requestLinks.filter((l) => l.requestId === r.requestId);
    out.push({
      id: discrepancyId('open_request', null, null, r.requestId),
      kind: 'open_request',
      planKey: links.find((l) => l.target === 'plan_item')?.planKey ?? null,
      datasetId: links.find((l) => l.target === 'dataset')?.datasetId ?? null,
      detail: { requestId: r.requestId, title: r.title, firstSeenDate: r.firstSeenDate, daysWaiting: days },
    });
  }
  return out;
}

/** Stale when the declared period × factor has passed since the last known update. */
export function staleness(
  d: DatasetInput,
  asOf: string,
  factor: number,
): { updateFrequency: string; lastUpdate: string; expectedBy: string; daysSinceUpdate: number } | null {
  const freq = parseUpdateFrequency(d.updateFrequency);
  if (freq?.kind !== 'regular' || freq.count <= 0) return null;
  const last = maxDate(d.modifiedDate, d.publishedDate);
  if (last === null || last > asOf) return null;
  const expectedBy = addFrequency(last, freq.count * factor, freq.unit);
  if (expectedBy === null || asOf <= expectedBy) return null;
  return {
    updateFrequency: freq.raw,
    lastUpdate: last,
    expectedBy,
    daysSinceUpdate: daysBetween(last, asOf),
  };
}
