/**
 * The report's queries, as of a date: the plan in force, the reconciliation's own input (our
 * datasets as they stood, comments, requests, decisions, delay notes), the stored comments and
 * requests, the previous report, and what the stored reconciliation recorded. The assembly is pure
 * (assemble-report-input.ts, which also says where statuses come from: a recomputation).
 */
import type { Kysely } from 'kysely';
import type { ReportPlan } from '../../schemas/report.js';
import type { Database } from '../db/index.js';
import { firstOwnAgency } from '../feedback/index.js';
import { planInForce, type PlanItemInForce, type PlanVersionInForce } from '../plan/index.js';
import type { DatasetInput, ReconcileInput, ReconcileOptions } from '../reconcile/index.js';
import { endOfLocalDay, localDate } from '../time/index.js';
import {
  assembleReportInput,
  type AssembleReportOptions,
  type DiscrepancyLifecycle,
  type ReportSources,
  type StoredComment,
  type StoredDiscrepancy,
  type StoredItemStatus,
  type StoredRequest,
} from './assemble-report-input.js';
import type { ReportInput } from './report-model.js';
import type { ReportLang } from './strings.js';
import { twoDatesNotes, type TwoDatesNotes } from './two-dates-notes.js';

/** "Known on" left open: everything odsync knows now. */
const KNOWN_NOW = new Date('9999-12-31T00:00:00Z');

export interface LoadReportOptions extends AssembleReportOptions {
  /** Knowledge day (`--known-on`): answer as odsync could have that evening; null = now. */
  knownOn?: string | null;
  /** The reconciliation's loader and tables: src/report reads them only through this port. */
  reconcileStore: ReconcileStore;
}

/** What the reconciliation stores, read through this port (src/reconcile-store implements it). */
export interface ReconcileStore {
  /** The reconciliation's own input as of the date: the report recomputes exactly what it would. */
  input(
    db: Kysely<Database>,
    asOf: string,
    timeZone: string,
    knownOn?: string | null,
    family?: NonNullable<ReconcileOptions['match']>['agencies'],
  ): Promise<ReconcileInput>;
  /** Discrepancy life cycle rows (dates in the report time zone). */
  discrepancies(db: Kysely<Database>): Promise<DiscrepancyLifecycle[]>;
  /** Kind, keys and structured detail of these stored discrepancies. */
  discrepancyDetails(db: Kysely<Database>, ids: readonly string[]): Promise<StoredDiscrepancy[]>;
  /** The last reconcile run whose as-of date is this one (its id for the scope line). */
  runFor(db: Kysely<Database>, asOf: string): Promise<string | null>;
  /** The plan item statuses a reconcile run recorded. */
  itemStatuses(db: Kysely<Database>, runId: string): Promise<StoredItemStatus[]>;
}

async function loadPlan(
  db: Kysely<Database>,
  at: { asOf: string; knownUntil: Date; timeZone: string },
): Promise<{ items: PlanItemInForce[]; plans: ReportPlan[]; inForce: PlanVersionInForce[] }> {
  const { items, versions } = await planInForce(db, at);
  const plans: ReportPlan[] = versions.map((v) => ({
    label: v.label,
    versionId: String(v.id),
    fileName: v.fileName,
    importedAt: v.importedAt.toISOString(),
    items: items.filter((i) => i.label === v.label).length,
  }));
  return { items, plans, inForce: versions };
}

async function loadComments(db: Kysely<Database>, until: Date, removedFrom: Date): Promise<StoredComment[]> {
  return db
    .selectFrom('dataset_comments')
    .select(['comment_id', 'dataset_id', 'body_text', 'first_seen_at', 'answered'])
    .where('first_seen_at', '<', until)
    .where((eb) => eb.or([eb('removed_seen_at', 'is', null), eb('removed_seen_at', '>=', removedFrom)]))
    .orderBy('comment_id')
    .execute();
}

async function loadRequests(db: Kysely<Database>, until: Date): Promise<StoredRequest[]> {
  return db
    .selectFrom('citizen_requests as r')
    .select((eb) => [
      'r.request_id',
      'r.title',
      'r.status',
      'r.posted_at',
      firstOwnAgency(eb.ref('r.request_id')).as('agency'),
    ])
    .where('r.ours', '=', true)
    .where('r.first_seen_at', '<', until)
    .orderBy('r.request_id')
    .execute();
}

/** The previous successful report strictly before this as-of date. */
async function previousReport(
  db: Kysely<Database>,
  asOf: string,
): Promise<{ runId: string; asOf: string } | null> {
  const rows = await db
    .selectFrom('runs')
    .select(['id', 'args'])
    .where('job', '=', 'report')
    .where('status', 'in', ['succeeded', 'partial'])
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  let best: { runId: string; asOf: string } | null = null;
  for (const r of rows) {
    const a = (r.args as { asOf?: unknown }).asOf;
    if (typeof a !== 'string' || a >= asOf) continue;
    if (best === null || a > best.asOf) best = { runId: String(r.id), asOf: a };
  }
  return best;
}

/** Read everything the report of `asOf` is assembled from. */
export async function loadReportSources(
  db: Kysely<Database>,
  options: Pick<LoadReportOptions, 'asOf' | 'knownOn' | 'timeZone' | 'lang' | 'reconcileStore' | 'reconcile'>,
): Promise<ReportSources> {
  const { asOf, timeZone, reconcileStore: store } = options;
  const knownOn = options.knownOn ?? null;
  // Knowledge cut-off: the evening of --known-on, else everything known now.
  const until = knownOn ? endOfLocalDay(knownOn, timeZone) : KNOWN_NOW;
  const [plan, reconcileInput, comments, requests, previous, lifecycle, reconcileRunId] = await Promise.all([
    loadPlan(db, { asOf, knownUntil: until, timeZone }),
    store.input(db, asOf, timeZone, knownOn, options.reconcile?.match?.agencies),
    loadComments(db, until, endOfLocalDay(asOf, timeZone)),
    loadRequests(db, until),
    previousReport(db, asOf),
    store.discrepancies(db),
    store.runFor(db, asOf),
  ]);
  const resolvedIds = lifecycle.filter((l) => l.resolvedAt !== null && l.resolvedAt <= asOf).map((l) => l.id);
  const [twoDates, resolvedDetails, storedStatuses] = await Promise.all([
    asOfNotes(db, {
      asOf,
      knownOn,
      timeZone,
      inForce: plan.inForce,
      datasets: reconcileInput.datasets,
      lang: options.lang ?? 'zh-TW',
    }),
    store.discrepancyDetails(db, resolvedIds),
    // A replay is compared with nothing: the stored run for the day may know more than the replay.
    reconcileRunId !== null && knownOn === null
      ? store.itemStatuses(db, reconcileRunId)
      : Promise.resolve(null),
  ]);
  return {
    planItems: plan.items,
    plans: plan.plans,
    reconcileInput,
    comments,
    requests,
    previous,
    twoDates,
    lifecycle,
    resolvedDetails,
    reconcileRunId,
    storedStatuses,
  };
}

/** Build the report input for `asOf` from the database: the queries, then the pure assembly. */
export async function loadReportInput(
  db: Kysely<Database>,
  options: LoadReportOptions,
): Promise<ReportInput> {
  return assembleReportInput(await loadReportSources(db, options), options);
}

/**
 * The valid-time caveats of an as-of day (see two-dates-notes.ts): what the day precedes, what
 * only observation could have revealed, and whether the answer would be empty.
 */
export async function asOfNotes(
  db: Kysely<Database>,
  f: {
    asOf: string;
    knownOn: string | null;
    timeZone: string;
    datasets: readonly DatasetInput[];
    lang: ReportLang;
    inForce?: readonly PlanVersionInForce[];
  },
): Promise<TwoDatesNotes> {
  const until = f.knownOn ? endOfLocalDay(f.knownOn, f.timeZone) : KNOWN_NOW;
  const inForce =
    f.inForce ?? (await planInForce(db, { asOf: f.asOf, knownUntil: until, timeZone: f.timeZone })).versions;
  const first = await db
    .selectFrom('dataset_comments')
    .select((eb) => eb.fn.min('first_seen_at').as('first'))
    .where('first_seen_at', '<', until)
    .executeTakeFirst();
  return twoDatesNotes(
    {
      asOf: f.asOf,
      knownOn: f.knownOn,
      plans: inForce.map((v) => ({
        label: v.label,
        versionId: String(v.id),
        effectiveDate: v.effectiveDate,
        beforeEffective: v.beforeEffective,
      })),
      datasets: f.datasets,
      firstCommentSync: first?.first ? localDate(new Date(first.first), f.timeZone) : null,
    },
    f.lang,
  );
}
