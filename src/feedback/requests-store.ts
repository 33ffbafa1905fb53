/**
 * Store citizen requests: upsert by request id inside one transaction, history of every change,
 * answered_seen_at recorded once. Re-importing the same content writes nothing at all.
 */
import { createHash } from 'node:crypto';
import { expressionBuilder, type Expression, type Insertable, type Kysely, type Transaction } from 'kysely';
import type {
  CitizenRequestAgencyTable,
  CitizenRequestHistoryTable,
  CitizenRequestTable,
  Database,
} from '../db/index.js';
import type { RequestRecord } from '../../schemas/requests-import.js';
import type { AgencyMatcher } from './publisher-match.js';

/** Everything about a request that odsync compares between imports (except volatile counters). */
export interface RequestSnapshot {
  title: string;
  datasetName: string | null;
  wantedFields: string | null;
  reason: string | null;
  agencies: string[];
  agenciesComplete: boolean;
  suggestedAgencies: string | null;
  status: string | null;
  dispatchStatus: string | null;
  postedAt: string | null;
  postedAtRaw: string | null;
  repliedAt: string | null;
  repliedAtRaw: string | null;
  requester: string | null;
  requesterType: string | null;
  industry: string | null;
  replies: { html: string; text: string; kind: 'platform-ack' | 'reply' }[];
}

const SNAPSHOT_KEYS: (keyof RequestSnapshot)[] = [
  'title',
  'datasetName',
  'wantedFields',
  'reason',
  'agencies',
  'agenciesComplete',
  'suggestedAgencies',
  'status',
  'dispatchStatus',
  'postedAt',
  'postedAtRaw',
  'repliedAt',
  'repliedAtRaw',
  'requester',
  'requesterType',
  'industry',
  'replies',
];

export interface RequestToStore {
  record: RequestRecord;
  raw: unknown;
}

export interface StoreRequestsOptions {
  isOurs: AgencyMatcher;
  /** Keep requests not routed to our publishers too (default: only ours). */
  keepAll: boolean;
  source: string;
  sourceFile: string | null;
  now: Date;
  runId: number | null;
}

export interface StoreRequestsResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Requests routed elsewhere, not stored. */
  notOurs: number;
  /** Ours among those handled (stored or unchanged). */
  ours: number;
  /** Requests that became answered (status 已回復) in this import, including new ones. */
  newlyAnswered: number;
}

function hashSnapshot(s: RequestSnapshot): string {
  return createHash('sha256')
    .update(JSON.stringify(SNAPSHOT_KEYS.map((k) => s[k])))
    .digest('hex');
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

function merge(base: RequestSnapshot | undefined, r: RequestRecord): RequestSnapshot {
  const pick = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);
  return {
    title: pick(r.title, base?.title ?? ''),
    datasetName: pick(r.datasetName, base?.datasetName ?? null),
    wantedFields: pick(r.wantedFields, base?.wantedFields ?? null),
    reason: pick(r.reason, base?.reason ?? null),
    agencies: pick(r.agencies, base?.agencies ?? []),
    agenciesComplete: pick(r.agenciesComplete, base?.agenciesComplete ?? true),
    suggestedAgencies: pick(r.suggestedAgencies, base?.suggestedAgencies ?? null),
    status: pick(r.status, base?.status ?? null),
    dispatchStatus: pick(r.dispatchStatus, base?.dispatchStatus ?? null),
    postedAt: r.postedAt === undefined ? (base?.postedAt ?? null) : iso(r.postedAt),
    postedAtRaw: pick(r.postedAtRaw, base?.postedAtRaw ?? null),
    repliedAt: r.repliedAt === undefined ? (base?.repliedAt ?? null) : iso(r.repliedAt),
    repliedAtRaw: pick(r.repliedAtRaw, base?.repliedAtRaw ?? null),
    requester: pick(r.requester, base?.requester ?? null),
    requesterType: pick(r.requesterType, base?.requesterType ?? null),
    industry: pick(r.industry, base?.industry ?? null),
    replies: pick(r.replies, base?.replies ?? []),
  };
}

function columns(s: RequestSnapshot) {
  return {
    title: s.title,
    dataset_name: s.datasetName,
    wanted_fields: s.wantedFields,
    reason: s.reason,
    agencies_complete: s.agenciesComplete,
    suggested_agencies: s.suggestedAgencies,
    status: s.status,
    dispatch_status: s.dispatchStatus,
    posted_at: s.postedAt,
    posted_at_raw: s.postedAtRaw,
    replied_at: s.repliedAt,
    replied_at_raw: s.repliedAtRaw,
    requester: s.requester,
    requester_type: s.requesterType,
    industry: s.industry,
    replies: JSON.stringify(s.replies),
    replies_text: s.replies.map((f) => f.text).join('\n\n'),
  };
}

type Db = Kysely<Database> | Transaction<Database>;

async function loadExisting(
  db: Db,
  ids: string[],
): Promise<
  Map<
    string,
    {
      snapshot: RequestSnapshot;
      hash: string;
      ours: boolean;
      viewCount: number | null;
      answeredSeenAt: Date | null;
    }
  >
> {
  const out = new Map<
    string,
    {
      snapshot: RequestSnapshot;
      hash: string;
      ours: boolean;
      viewCount: number | null;
      answeredSeenAt: Date | null;
    }
  >();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await db
      .selectFrom('citizen_requests')
      .selectAll()
      .where('request_id', 'in', chunk)
      .execute();
    if (rows.length === 0) continue;
    const agencyRows = await db
      .selectFrom('citizen_request_agencies')
      .select(['request_id', 'agency', 'position'])
      .where(
        'request_id',
        'in',
        rows.map((r) => r.request_id),
      )
      .orderBy('request_id')
      .orderBy('position')
      .execute();
    const agencies = new Map<string, string[]>();
    for (const a of agencyRows) {
      const list = agencies.get(a.request_id) ?? [];
      list.push(a.agency);
      agencies.set(a.request_id, list);
    }
    for (const row of rows) {
      const snapshot: RequestSnapshot = {
        title: row.title,
        datasetName: row.dataset_name,
        wantedFields: row.wanted_fields,
        reason: row.reason,
        agencies: agencies.get(row.request_id) ?? [],
        agenciesComplete: row.agencies_complete,
        suggestedAgencies: row.suggested_agencies,
        status: row.status,
        dispatchStatus: row.dispatch_status,
        postedAt: iso(row.posted_at),
        postedAtRaw: row.posted_at_raw,
        repliedAt: iso(row.replied_at),
        repliedAtRaw: row.replied_at_raw,
        requester: row.requester,
        requesterType: row.requester_type,
        industry: row.industry,
        replies: row.replies,
      };
      out.set(row.request_id, {
        snapshot,
        hash: row.content_hash,
        ours: row.ours,
        viewCount: row.view_count,
        answeredSeenAt: row.answered_seen_at,
      });
    }
  }
  return out;
}

function agencyRows(
  requestId: string,
  agencies: string[],
  isOurs: AgencyMatcher,
): Insertable<CitizenRequestAgencyTable>[] {
  return [...new Set(agencies)].map((agency, position) => ({
    request_id: requestId,
    position,
    agency,
    ours: isOurs(agency),
  }));
}

async function writeAgencies(
  db: Db,
  requestId: string,
  agencies: string[],
  isOurs: AgencyMatcher,
): Promise<void> {
  await db.deleteFrom('citizen_request_agencies').where('request_id', '=', requestId).execute();
  const rows = agencyRows(requestId, agencies, isOurs);
  if (rows.length > 0) await db.insertInto('citizen_request_agencies').values(rows).execute();
}

/** Upsert requests (one transaction). Requests routed elsewhere are counted, not stored, unless keepAll. */
export async function storeRequests(
  db: Kysely<Database>,
  requests: readonly RequestToStore[],
  options: StoreRequestsOptions,
): Promise<StoreRequestsResult> {
  const result: StoreRequestsResult = {
    created: 0,
    updated: 0,
    unchanged: 0,
    notOurs: 0,
    ours: 0,
    newlyAnswered: 0,
  };
  const { now, isOurs } = options;
  await db.transaction().execute(async (trx) => {
    const existing = await loadExisting(
      trx,
      requests.map((r) => r.record.requestId),
    );
    const newRows: Insertable<CitizenRequestTable>[] = [];
    const newAgencies: Insertable<CitizenRequestAgencyTable>[] = [];
    const newHistory: Insertable<CitizenRequestHistoryTable>[] = [];
    for (const { record, raw } of requests) {
      const id = record.requestId;
      const before = existing.get(id);
      const snapshot = merge(before?.snapshot, record);
      const ours = snapshot.agencies.some(isOurs);
      if (!before && !ours && !options.keepAll) {
        result.notOurs++;
        continue;
      }
      if (ours) result.ours++;
      const hash = hashSnapshot(snapshot);
      const answered = snapshot.status === '已回復';
      const viewCount = record.viewCount === undefined ? (before?.viewCount ?? null) : record.viewCount;
      if (!before) {
        newRows.push({
          request_id: id,
          ...columns(snapshot),
          view_count: viewCount,
          ours,
          source: options.source,
          source_file: options.sourceFile,
          content_hash: hash,
          first_seen_at: now,
          updated_at: now,
          answered_seen_at: answered ? now : null,
          raw: JSON.stringify(raw),
        });
        newAgencies.push(...agencyRows(id, snapshot.agencies, isOurs));
        newHistory.push({
          request_id: id,
          seen_at: now,
          run_id: options.runId,
          kind: 'created',
          changed_fields: JSON.stringify([]),
          previous: JSON.stringify(null),
          source: options.source,
        });
        result.created++;
        if (answered) result.newlyAnswered++;
        continue;
      }
      if (before.hash === hash) {
        if (before.ours !== ours || before.viewCount !== viewCount) {
          // Counters and the ours flag (publishers configuration) are not content: no history.
          await trx
            .updateTable('citizen_requests')
            .set({ ours, view_count: viewCount })
            .where('request_id', '=', id)
            .execute();
          if (before.ours !== ours) await writeAgencies(trx, id, snapshot.agencies, isOurs);
        }
        result.unchanged++;
        continue;
      }
      const changed = SNAPSHOT_KEYS.filter(
        (k) => JSON.stringify(before.snapshot[k]) !== JSON.stringify(snapshot[k]),
      );
      const becameAnswered = answered && before.answeredSeenAt === null;
      await trx
        .updateTable('citizen_requests')
        .set({
          ...columns(snapshot),
          view_count: viewCount,
          ours,
          source: options.source,
          source_file: options.sourceFile,
          content_hash: hash,
          updated_at: now,
          ...(becameAnswered ? { answered_seen_at: now } : {}),
          raw: JSON.stringify(raw),
        })
        .where('request_id', '=', id)
        .execute();
      if (changed.includes('agencies')) await writeAgencies(trx, id, snapshot.agencies, isOurs);
      await trx
        .insertInto('citizen_request_history')
        .values({
          request_id: id,
          seen_at: now,
          run_id: options.runId,
          kind: 'updated',
          changed_fields: JSON.stringify(changed),
          previous: JSON.stringify(before.snapshot),
          source: options.source,
        })
        .execute();
      result.updated++;
      if (becameAnswered) result.newlyAnswered++;
    }
    // New rows go in batches: one statement per 200 rows instead of three per request.
    for (let i = 0; i < newRows.length; i += 200) {
      await trx
        .insertInto('citizen_requests')
        .values(newRows.slice(i, i + 200))
        .execute();
    }
    for (let i = 0; i < newAgencies.length; i += 500) {
      await trx
        .insertInto('citizen_request_agencies')
        .values(newAgencies.slice(i, i + 500))
        .execute();
    }
    for (let i = 0; i < newHistory.length; i += 500) {
      await trx
        .insertInto('citizen_request_history')
        .values(newHistory.slice(i, i + 500))
        .execute();
    }
  });
  return result;
}

/**
 * The first of our agencies a request was routed to (the platform's order), as a subquery for a
 * select over `citizen_requests`: the agency reports and dashboards name for the request.
 */
export function firstOwnAgency(requestId: Expression<string>) {
  return expressionBuilder<Database>()
    .selectFrom('citizen_request_agencies as a')
    .select('a.agency')
    .where('a.request_id', '=', requestId)
    .where('a.ours', '=', true)
    .orderBy('a.position')
    .limit(1);
}
