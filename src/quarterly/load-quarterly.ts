/**
 * One load for the quarterly report: the reconciliation's inputs at the quarter's end (plan in
 * force, datasets, decisions, delay notes), every dataset's listing history (the delisting of any
 * earlier quarter's end is derived from it), comments, requests and when odsync began observing each.
 */
import { sql, type Kysely } from 'kysely';
import { htmlToText } from '../text/index.js';
import { localDate } from '../time/index.js';
import type { Database } from '../db/index.js';
import { firstOwnAgency } from '../feedback/index.js';
import type { ListingEvent } from '../catalog/index.js';
import { planInForce } from '../plan/index.js';
import type { Publisher } from '../publishers/index.js';
import type { MatchOptions } from '../reconcile/index.js';
import { KNOWN_NOW, loadReconcileInput } from '../reconcile-store/index.js';
import { previousQuarter, quarterEnd, type Quarter } from './quarter.js';
import type { QuarterComment, QuarterDataset, QuarterRequest, QuarterlyInput } from './quarterly-figures.js';

export interface LoadQuarterlyOptions {
  quarter: Quarter;
  timeZone: string;
  generatedAt: Date;
  publishers: readonly Publisher[];
  match?: Partial<MatchOptions>;
}

const ANSWERED = new Set(['已回復', '再回復']);

export async function loadQuarterlyInput(
  db: Kysely<Database>,
  options: LoadQuarterlyOptions,
): Promise<QuarterlyInput> {
  const { timeZone } = options;
  const end = quarterEnd(options.quarter);
  const day = (d: Date | string) => localDate(new Date(d), timeZone);
  const prevEnd = quarterEnd(previousQuarter(options.quarter));
  const [
    input,
    versions,
    previousPlan,
    events,
    platformDates,
    comments,
    requests,
    firstComment,
    firstRequest,
    firstPass,
  ] = await Promise.all([
    loadReconcileInput(db, end, timeZone, null, options.match?.agencies),
    planInForce(db, { asOf: end, knownUntil: KNOWN_NOW, timeZone }),
    planInForce(db, { asOf: prevEnd, knownUntil: KNOWN_NOW, timeZone }),
    sql<{ dataset_id: string; event: ListingEvent['event']; at: Date; last_seen_at: Date | null }>`
        select dataset_id, event, at, last_seen_at from dataset_events
        order by dataset_id, at, id`.execute(db),
    sql<{ dataset_id: string; delisted_on: string }>`
        select dataset_id, delisted_on::text as delisted_on from dataset_delisting_dates`.execute(db),
    db
      .selectFrom('dataset_comments')
      .select(['comment_id', 'dataset_id', 'body_text', 'first_seen_at', 'answered', 'answered_seen_at'])
      .select('removed_seen_at')
      .orderBy('comment_id')
      .execute(),
    db
      .selectFrom('citizen_requests as r')
      .select((eb) => [
        'r.request_id',
        'r.title',
        'r.dataset_name',
        'r.status',
        'r.posted_at',
        'r.replied_at',
        'r.answered_seen_at',
        'r.first_seen_at',
        firstOwnAgency(eb.ref('r.request_id')).as('agency'),
      ])
      .where('r.ours', '=', true)
      .orderBy('r.request_id')
      .execute(),
    db
      .selectFrom('dataset_comments')
      .select((eb) => eb.fn.min('first_seen_at').as('first'))
      .executeTakeFirst(),
    db
      .selectFrom('citizen_requests')
      .select((eb) => eb.fn.min('first_seen_at').as('first'))
      .where('ours', '=', true)
      .executeTakeFirst(),
    db
      .selectFrom('catalog_passes')
      .select((eb) => eb.fn.min('observed_at').as('first'))
      .executeTakeFirst(),
  ]);

  const eventsOf = new Map<string, ListingEvent[]>();
  for (const e of events.rows) {
    const list = eventsOf.get(e.dataset_id) ?? [];
    list.push({ event: e.event, observed: day(e.at), lastSeen: e.last_seen_at ? day(e.last_seen_at) : null });
    eventsOf.set(e.dataset_id, list);
  }
  const datesOf = new Map<string, string[]>();
  for (const p of platformDates.rows)
    datesOf.set(p.dataset_id, [...(datesOf.get(p.dataset_id) ?? []), p.delisted_on]);
  const datasets: QuarterDataset[] = input.datasets.map((d) => ({
    input: d,
    // A delisting stored without events (older databases) keeps the day the core computed.
    events:
      eventsOf.get(d.datasetId) ??
      (d.delistedDate ? [{ event: 'delisted' as const, observed: d.delistedDate, lastSeen: null }] : []),
    platformDelistings: datesOf.get(d.datasetId) ?? [],
  }));

  const quarterComments: QuarterComment[] = comments.map((c) => ({
    commentId: c.comment_id,
    datasetId: c.dataset_id,
    body: c.body_text,
    firstSeenDate: day(c.first_seen_at),
    // Answered when first seen (no separate sighting of the reply): answered from the start.
    replyDate: c.answered ? day(c.answered_seen_at ?? c.first_seen_at) : null,
    removedDate: c.removed_seen_at ? day(c.removed_seen_at) : null,
  }));
  const quarterRequests: QuarterRequest[] = requests.map((r) => {
    const answeredAt =
      r.replied_at ?? r.answered_seen_at ?? (ANSWERED.has(r.status ?? '') ? r.first_seen_at : null);
    return {
      requestId: r.request_id,
      // Stored as the platform gave them (HTML-ish), like the report's request titles.
      title: htmlToText(r.dataset_name && r.dataset_name !== r.title ? r.dataset_name : r.title),
      agencyName: r.agency,
      status: r.status,
      submittedOn: r.posted_at ? day(r.posted_at) : null,
      repliedOn: answeredAt ? day(answeredAt) : null,
      firstSeenDate: day(r.first_seen_at),
    };
  });
  const first = (x: { first: Date | string | null } | undefined) => (x?.first ? day(x.first) : null);

  return {
    quarter: options.quarter,
    generatedAt: options.generatedAt,
    publishers: options.publishers,
    planItems: input.planItems,
    planLabels: versions.versions.map((v) => v.label),
    previousPlanKeys: previousPlan.items.map((i) => i.plan_key),
    datasets,
    decisions: input.decisions ?? [],
    delayNotes: input.delayNotes ?? [],
    comments: quarterComments,
    requests: quarterRequests,
    observed: { comments: first(firstComment), requests: first(firstRequest), catalogue: first(firstPass) },
    ...(options.match ? { match: options.match } : {}),
  };
}
