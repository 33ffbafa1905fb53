/**
 * Harness for the fault-injection suite: a fresh fake platform and database per test, the
 * nightly job run in-process (or spawned, for kills and concurrency), and table snapshots (row
 * count and content hash per table) to prove that nothing was lost or duplicated.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { fixedClock, systemClock, type Clock } from '../../src/clock.js';
import { localDate } from '../../src/time/index.js';
import type { Database, DbHandle } from '../../src/db/index.js';
import type { RetryPolicy } from '../../src/platform/index.js';
import { createFakePlatform, type FakePlatform } from '../../tools/fake-platform/index.js';
import { CLI_BIN, ROOT, runCli, type CliResult } from '../helpers/cli.js';
import type { CliDb } from '../schedule/cli-db.js';
import { TEST_CLIENT } from '../catalog/sync-helpers.js';

/** The fake's "today" is 2026-09-15 (Taipei); the nightly runs that evening. */
export const FAKE_TODAY = '2026-09-15';
export const NIGHT = new Date('2026-09-15T12:00:00Z');

/** Tables whose rows are per-run bookkeeping, not mirrored data (they grow with every run by design). */
const BOOKKEEPING_TABLES = new Set([
  'runs',
  'kysely_migration',
  'kysely_migration_lock',
  'raw_archives',
  'catalog_passes',
  'quarantine',
  'alert_sent',
  'alert_deliveries',
  // The reconciliation's per-run history (one set of rows per reconcile run, by design).
  'reconcile_runs',
  'reconcile_item_statuses',
  'reconcile_matches',
  'reconcile_run_discrepancies',
  'reconcile_request_links',
]);
/** Columns that record when/which run observed a row: identity keys, run ids, and every `*_at`
 * timestamp except the platform's own (published_at, modified_at) and delisted_at. */
const BOOKKEEPING_COLUMN = /^(id|at)$|run_id$|^(?!(published|modified|delisted)_at$).*_at$/;

export interface TableSnapshot {
  rows: number;
  hash: string;
}
export type Snapshot = Record<string, TableSnapshot>;

/** Row count and an order-independent content hash of every data table. */
export async function snapshot(db: Kysely<Database>): Promise<Snapshot> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const out: Snapshot = {};
  for (const { table_name: table } of tables.rows) {
    if (BOOKKEEPING_TABLES.has(table)) continue;
    const cols = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
      where table_schema = 'public' and table_name = ${table} order by ordinal_position`.execute(db);
    const kept = cols.rows.map((c) => c.column_name).filter((c) => !BOOKKEEPING_COLUMN.test(c));
    const row = sql.join(kept.map((c) => sql.ref(c)));
    const { rows } = await sql<{ n: number; h: string }>`
      select count(*)::int as n, md5(coalesce(string_agg(r, E'\n' order by r), '')) as h
      from (select (row(${row}))::text as r from ${sql.table(table)}) s`.execute(db);
    out[table] = { rows: rows[0]!.n, hash: rows[0]!.h };
  }
  return out;
}

export function rowCounts(s: Snapshot): Record<string, number> {
  return Object.fromEntries(Object.entries(s).map(([t, v]) => [t, v.rows]));
}

export interface FaultEnv {
  fake: FakePlatform;
  /** The database the in-process nights run on (its held handle, if any, is shared). */
  db: CliDb;
  env: Record<string, string>;
  outDir: string;
  /** In-process runs use this clock; spawned processes always use the real one. */
  clock: Clock;
}

/**
 * A fresh fake platform for `db`. `realTime`: the fake's "today" is the real Taipei date and
 * in-process runs use the system clock, so they agree with spawned processes (which cannot be
 * given a pinned clock); otherwise everything happens on the pinned night.
 */
export async function startFake(db: CliDb, options: { realTime?: boolean } = {}): Promise<FaultEnv> {
  const today = options.realTime ? localDate(new Date(), 'Asia/Taipei') : FAKE_TODAY;
  const fake = await createFakePlatform({ molCount: 40, otherCount: 20, today });
  const outDir = mkdtempSync(join(tmpdir(), 'odsync-fault-report-'));
  return {
    fake,
    db,
    outDir,
    clock: options.realTime ? systemClock : fixedClock(NIGHT),
    env: {
      ...db.env,
      DATAGOVTW_BASE_URL: fake.url,
      ODSYNC_HTTP_RATE: '200',
      ODSYNC_HTTP_CONCURRENCY: '4',
      ODSYNC_HTTP_TIMEOUT_MS: '1500',
      ODSYNC_HTTP_RETRIES: '3',
      LOG_LEVEL: 'silent',
    },
  };
}

/** `odsync nightly` in-process on the fake's clock, with a back-off of milliseconds. */
export function nightly(
  f: FaultEnv,
  args: string[] = [],
  extraEnv: Record<string, string> = {},
  platformPolicy: Partial<RetryPolicy> = TEST_CLIENT.policy,
): Promise<CliResult> {
  return runCli(
    ['nightly', '--out', f.outDir, ...args],
    f.db.cli({ env: { ...f.env, ...extraEnv }, clock: f.clock, platformPolicy }),
  );
}

export interface RunRow {
  id: number;
  job: string;
  parent_id: number | null;
  status: string;
  error: string | null;
}

export async function nightlyRuns(handle: DbHandle): Promise<RunRow[]> {
  return handle.db
    .selectFrom('runs')
    .select(['id', 'job', 'parent_id', 'status', 'error'])
    .orderBy('id')
    .execute();
}

/** Start `odsync nightly` as a separate process (for SIGKILL and concurrency). */
export function spawnNightly(
  f: FaultEnv,
  args: string[] = [],
): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI_BIN, 'nightly', '--out', f.outDir, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...f.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code: code ?? (signal === 'SIGKILL' ? 137 : -1), stdout, stderr }),
    );
  });
  return { child, done };
}

export async function waitFor(
  cond: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
  what = 'condition',
): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Tables a retitled dataset legitimately changes: the dataset row (same count), one more version,
 * the feedback list's copy of the title, and the discrepancies derived from it (recomputed).
 */
const CHANGED_BY_RETITLE = new Set(['datasets', 'dataset_versions', 'feedback_datasets', 'discrepancies']);

/**
 * Why `s` is not "the baseline plus one retitled dataset, applied exactly once" (null when it is):
 * every other table identical, no dataset row added or lost, exactly one new version.
 */
export function notAppliedOnce(s: Snapshot, baseline: Snapshot): string | null {
  const problems: string[] = [];
  for (const table of new Set([...Object.keys(s), ...Object.keys(baseline)])) {
    const a = s[table];
    const b = baseline[table];
    if (!a || !b) problems.push(`${table}: missing`);
    else if (table === 'dataset_versions') {
      if (a.rows !== b.rows + 1) problems.push(`dataset_versions: ${a.rows} rows, expected ${b.rows + 1}`);
    } else if (table === 'datasets' || table === 'feedback_datasets') {
      if (a.rows !== b.rows) problems.push(`${table}: ${a.rows} rows, expected ${b.rows}`);
    } else if (!CHANGED_BY_RETITLE.has(table) && (a.rows !== b.rows || a.hash !== b.hash)) {
      problems.push(`${table}: ${a.rows} rows (${a.hash}), expected ${b.rows} (${b.hash})`);
    }
  }
  if (s.datasets && baseline.datasets && s.datasets.hash === baseline.datasets.hash)
    problems.push('datasets: unchanged');
  return problems.length > 0 ? problems.join('; ') : null;
}

/**
 * Why `s` is not "the baseline, the pending retitle not applied" (null when it is): the catalogue
 * tables identical, every other table identical except the feedback list's copy of the title
 * (the feedback stage reads it from another route) and the recomputed discrepancies.
 */
export function notUnchanged(s: Snapshot, baseline: Snapshot): string | null {
  const problems: string[] = [];
  for (const table of new Set([...Object.keys(s), ...Object.keys(baseline)])) {
    const a = s[table];
    const b = baseline[table];
    if (!a || !b) problems.push(`${table}: missing`);
    else if (table === 'feedback_datasets') {
      if (a.rows !== b.rows) problems.push(`${table}: ${a.rows} rows, expected ${b.rows}`);
    } else if (table !== 'discrepancies' && (a.rows !== b.rows || a.hash !== b.hash)) {
      problems.push(`${table}: ${a.rows} rows (${a.hash}), expected ${b.rows} (${b.hash})`);
    }
  }
  return problems.length > 0 ? problems.join('; ') : null;
}
