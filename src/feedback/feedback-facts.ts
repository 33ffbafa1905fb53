/**
 * Derived facts about citizen voice for reports and dashboards. Every "as of" is explicit (a
 * calendar date in the configured zone), never the database's clock, so a report can be rebuilt.
 * Comments carry no post date on the platform, so their facts are counts only.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { localDate } from '../time/index.js';

export type RequestStatusGroup = '已回復' | '未回復' | '再回復';

/** 研議中 (Drupal era) is not an answer: it counts as 未回復. */
export function statusGroup(status: string | null): RequestStatusGroup | null {
  if (status === '已回復' || status === '再回復') return status;
  if (status === '未回復' || status === '研議中') return '未回復';
  return null;
}

export interface DatasetCommentFacts {
  datasetId: string;
  agencyName: string | null;
  /** Citizens' top-level comments currently on the platform. */
  commentsTotal: number;
  commentsUnanswered: number;
}

/** Per dataset: comments total / unanswered (removed comments excluded). */
export async function datasetCommentFacts(db: Kysely<Database>): Promise<DatasetCommentFacts[]> {
  const rows = await db
    .selectFrom('dataset_comments as c')
    .leftJoin('feedback_datasets as d', 'd.dataset_id', 'c.dataset_id')
    .select((eb) => [
      'c.dataset_id',
      'd.agency_name',
      eb.fn.countAll<number>().as('total'),
      sql<number>`count(*) filter (where not c.answered)`.as('unanswered'),
    ])
    .where('c.removed_seen_at', 'is', null)
    .groupBy(['c.dataset_id', 'd.agency_name'])
    .orderBy('c.dataset_id')
    .execute();
  return rows.map((r) => ({
    datasetId: r.dataset_id,
    agencyName: r.agency_name,
    commentsTotal: Number(r.total),
    commentsUnanswered: Number(r.unanswered),
  }));
}

export interface RequestFacts {
  requestId: string;
  title: string;
  ours: boolean;
  status: string | null;
  statusGroup: RequestStatusGroup | null;
  postedAt: Date | null;
  repliedAt: Date | null;
  /** Posting to reply, in days (one decimal), where both dates are known. */
  daysToReply: number | null;
  /** Calendar days from posting to `asOf` for requests still waiting (未回復/再回復); null when the post date is unknown. */
  waitingDays: number | null;
  agencies: string[];
}

function daysBetween(fromDay: string, toDay: string): number {
  return Math.round((Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / 86_400_000);
}

/** Per request: status, reply time where known, waiting days as of `asOf` (YYYY-MM-DD in `timeZone`). */
export async function requestFacts(
  db: Kysely<Database>,
  options: { asOf: string; timeZone: string; oursOnly?: boolean },
): Promise<RequestFacts[]> {
  let query = db
    .selectFrom('citizen_requests')
    .select(['request_id', 'title', 'ours', 'status', 'posted_at', 'replied_at'])
    .orderBy('request_id');
  if (options.oursOnly !== false) query = query.where('ours', '=', true);
  const rows = await query.execute();
  const agencyRows = await db
    .selectFrom('citizen_request_agencies')
    .select(['request_id', 'agency'])
    .orderBy('request_id')
    .orderBy('position')
    .execute();
  const agencies = new Map<string, string[]>();
  for (const a of agencyRows) agencies.set(a.request_id, [...(agencies.get(a.request_id) ?? []), a.agency]);
  return rows.map((r) => {
    const group = statusGroup(r.status);
    const waiting = group === '未回復' || group === '再回復';
    return {
      requestId: r.request_id,
      title: r.title,
      ours: r.ours,
      status: r.status,
      statusGroup: group,
      postedAt: r.posted_at,
      repliedAt: r.replied_at,
      daysToReply:
        r.posted_at && r.replied_at
          ? Math.round(((r.replied_at.getTime() - r.posted_at.getTime()) / 86_400_000) * 10) / 10
          : null,
      waitingDays:
        waiting && r.posted_at
          ? Math.max(0, daysBetween(localDate(r.posted_at, options.timeZone), options.asOf))
          : null,
      agencies: agencies.get(r.request_id) ?? [],
    };
  });
}

export interface AgencyReplyFacts {
  agency: string;
  ours: boolean;
  requests: number;
  answered: number;
  waiting: number;
  /** Requests with both a post and a reply date (the base of the median). */
  withDates: number;
  medianDaysToReply: number | null;
}

/** Per agency (owning unit): requests, answered, waiting, median days to reply where dates exist. */
export async function agencyReplyFacts(
  db: Kysely<Database>,
  options: { oursOnly?: boolean } = {},
): Promise<AgencyReplyFacts[]> {
  let query = db
    .selectFrom('citizen_request_agencies as a')
    .innerJoin('citizen_requests as r', 'r.request_id', 'a.request_id')
    .select([
      'a.agency',
      sql<boolean>`bool_or(a.ours)`.as('ours'),
      sql<number>`count(*)`.as('requests'),
      sql<number>`count(*) filter (where r.status = '已回復')`.as('answered'),
      sql<number>`count(*) filter (where r.status in ('未回復', '研議中', '再回復'))`.as('waiting'),
      sql<number>`count(*) filter (where r.posted_at is not null and r.replied_at is not null)`.as(
        'with_dates',
      ),
      sql<
        number | null
      >`percentile_cont(0.5) within group (order by extract(epoch from (r.replied_at - r.posted_at)) / 86400.0) filter (where r.posted_at is not null and r.replied_at is not null)`.as(
        'median_days',
      ),
    ])
    .groupBy('a.agency')
    .orderBy('a.agency');
  if (options.oursOnly !== false) query = query.where('a.ours', '=', true);
  const rows = await query.execute();
  return rows.map((r) => ({
    agency: r.agency,
    ours: r.ours,
    requests: Number(r.requests),
    answered: Number(r.answered),
    waiting: Number(r.waiting),
    withDates: Number(r.with_dates),
    medianDaysToReply: r.median_days === null ? null : Math.round(Number(r.median_days) * 10) / 10,
  }));
}

export interface AgencyCommentFacts {
  agency: string;
  commentsTotal: number;
  commentsUnanswered: number;
  /** Comments first seen unanswered and answered later (the base of the median). */
  observedReplies: number;
  /**
   * Median days from first seeing a comment to first seeing its reply. The platform has no comment
   * dates, so this is what odsync observed (bounded by the sync interval), not the true wait.
   */
  medianObservedDaysToReply: number | null;
}

/** Per owning agency (the dataset's publisher on the list route): comment counts and observed reply delay. */
export async function agencyCommentFacts(db: Kysely<Database>): Promise<AgencyCommentFacts[]> {
  const rows = await db
    .selectFrom('dataset_comments as c')
    .innerJoin('feedback_datasets as d', 'd.dataset_id', 'c.dataset_id')
    .select([
      'd.agency_name',
      sql<number>`count(*)`.as('total'),
      sql<number>`count(*) filter (where not c.answered)`.as('unanswered'),
      sql<number>`count(*) filter (where c.answered_seen_at > c.first_seen_at)`.as('observed'),
      sql<
        number | null
      >`percentile_cont(0.5) within group (order by extract(epoch from (c.answered_seen_at - c.first_seen_at)) / 86400.0) filter (where c.answered_seen_at > c.first_seen_at)`.as(
        'median_days',
      ),
    ])
    .where('c.removed_seen_at', 'is', null)
    .where('d.agency_name', 'is not', null)
    .groupBy('d.agency_name')
    .orderBy('d.agency_name')
    .execute();
  return rows.map((r) => ({
    agency: r.agency_name ?? '',
    commentsTotal: Number(r.total),
    commentsUnanswered: Number(r.unanswered),
    observedReplies: Number(r.observed),
    medianObservedDaysToReply: r.median_days === null ? null : Math.round(Number(r.median_days) * 10) / 10,
  }));
}
