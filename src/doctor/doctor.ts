/**
 * `odsync doctor`: what works on this machine. The platform's interfaces (one probe each), then the
 * local side: database, data directory, time zone, clock skew against the platform's `Date`
 * header, the last successful nightly (the dead-man's switch), the alert channels (a dry run
 * unless asked to send). Exit 0 all ok, 3 degraded, 1 when the catalogue itself cannot be read.
 */
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { notifiersFromConfig, type Notifier } from '../alerts/index.js';
import type { Clock } from '../clock.js';
import { localDate } from '../time/index.js';
import { maskUrlPassword, type Config } from '../config/index.js';
import type { Database } from '../db/index.js';
import type { PlatformHttp } from '../platform/index.js';
import { jobStatuses } from '../runs/index.js';
import { deadManCheck } from '../schedule/index.js';
import { runPlatformProbes, type ProbeReport, type Verdict } from './platform-probes.js';

export interface LocalCheck {
  name: string;
  verdict: Verdict;
  detail: string;
}

export interface DoctorResult {
  verdict: Verdict;
  exitCode: 0 | 1 | 3;
  probes: ProbeReport[];
  local: LocalCheck[];
}

export interface DoctorDeps {
  db: Kysely<Database>;
  http: PlatformHttp;
  config: Readonly<Config>;
  clock: Clock;
  /** The database as opened (engine description, migrations applied on opening). */
  database: { description: string; applied: readonly string[]; alreadyApplied: number };
  staleAfterMs: number;
  /** Default: the channels in the configuration. */
  notifiers?: Notifier[];
}

/** Beyond this, dates computed from the local clock disagree with the platform's. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** Used for the detail and comment probes when nothing is stored yet (a real, long-lived id). */
const WELL_KNOWN_DATASET = '6281';

export async function runDoctor(
  deps: DoctorDeps,
  options: { sendTestAlert?: boolean } = {},
): Promise<DoctorResult> {
  const { db, config, clock } = deps;
  const now = clock.now();
  const stored = await db
    .selectFrom('datasets')
    .select('dataset_id')
    .where('delisted_at', 'is', null)
    .orderBy('dataset_id')
    .limit(1)
    .executeTakeFirst();
  const { probes, dateHeader } = await runPlatformProbes(deps.http, config, {
    datasetId: stored?.dataset_id ?? WELL_KNOWN_DATASET,
    yesterday: localDate(new Date(now.getTime() - 86_400_000), config.timeZone),
    agencyTid: (config.publishers ?? []).find((p) => p.agencyTid !== null)?.agencyTid ?? null,
  });

  const local: LocalCheck[] = [];
  const d = deps.database;
  local.push({
    name: 'database',
    verdict: 'ok',
    detail: `${d.description}: reachable, migrated (${d.alreadyApplied + d.applied.length} migrations, ${d.applied.length} applied now)`,
  });
  local.push(dataDirCheck(config.dataDir));
  local.push({
    name: 'time-zone',
    verdict: 'ok',
    detail: `${config.timeZone}: today is ${localDate(now, config.timeZone)}`,
  });
  local.push(clockSkewCheck(dateHeader, now));
  const nightly = (await jobStatuses(db, now, deps.staleAfterMs)).find((j) => j.job === 'nightly');
  const deadMan = deadManCheck(nightly?.lastSuccess?.finished_at ?? null, now, config.schedule.deadManHours);
  local.push({ name: 'last-nightly', verdict: deadMan.ok ? 'ok' : 'degraded', detail: deadMan.message });
  local.push(
    ...(await alertChecks(deps.notifiers ?? notifiersFromConfig(config.alerts), config, now, options)),
  );

  const all = [...probes.map((p) => p.verdict), ...local.map((l) => l.verdict)];
  const catalogueBroken = probes.some((p) => p.essential && p.verdict === 'broken');
  const verdict: Verdict = catalogueBroken ? 'broken' : all.every((v) => v === 'ok') ? 'ok' : 'degraded';
  return { verdict, exitCode: catalogueBroken ? 1 : verdict === 'ok' ? 0 : 3, probes, local };
}

function dataDirCheck(dir: string): LocalCheck {
  const probe = join(dir, `.odsync-doctor-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(probe, 'ok');
    rmSync(probe, { force: true });
    return { name: 'data-dir', verdict: 'ok', detail: `${dir}: writable` };
  } catch (err) {
    return {
      name: 'data-dir',
      verdict: 'broken',
      detail: `${dir}: not writable (${(err as Error).message})`,
    };
  }
}

/** The platform's `Date` header against the local clock (schedules and as-of dates use the latter). */
export function clockSkewCheck(dateHeader: string | null, now: Date): LocalCheck {
  const platform = dateHeader ? Date.parse(dateHeader) : Number.NaN;
  if (Number.isNaN(platform))
    return { name: 'clock-skew', verdict: 'degraded', detail: 'no readable Date header from the platform' };
  const skew = now.getTime() - platform;
  const seconds = Math.round(skew / 1000);
  const text = `local clock ${seconds >= 0 ? '+' : ''}${seconds} s against the platform's Date header`;
  return Math.abs(skew) > MAX_CLOCK_SKEW_MS
    ? {
        name: 'clock-skew',
        verdict: 'degraded',
        detail: `${text} (more than ${MAX_CLOCK_SKEW_MS / 60_000} min)`,
      }
    : { name: 'clock-skew', verdict: 'ok', detail: text };
}

async function alertChecks(
  notifiers: Notifier[],
  config: Readonly<Config>,
  now: Date,
  options: { sendTestAlert?: boolean },
): Promise<LocalCheck[]> {
  if (notifiers.length === 0)
    return [{ name: 'alerts', verdict: 'ok', detail: 'no channel configured: alerts are off' }];
  const where = (channel: string) =>
    channel === 'webhook'
      ? maskUrlPassword(maskQuery(config.alerts.webhookUrl ?? ''))
      : `${maskUrlPassword(config.alerts.smtpUrl ?? '')} → ${config.alerts.emailTo.join(', ')}`;
  const out: LocalCheck[] = [];
  for (const n of notifiers) {
    if (!options.sendTestAlert) {
      out.push({
        name: `alerts:${n.channel}`,
        verdict: 'ok',
        detail: `dry run, nothing sent (${where(n.channel)}); --send-test-alert sends one`,
      });
      continue;
    }
    try {
      await n.send({
        runId: 0,
        status: 'succeeded',
        summary: 'odsync doctor：測試通知（非夜間作業結果）',
        startedAt: now,
        timeZone: config.timeZone,
        stages: [],
        reportDir: null,
        newDiscrepancies: [],
      });
      out.push({
        name: `alerts:${n.channel}`,
        verdict: 'ok',
        detail: `test alert sent (${where(n.channel)})`,
      });
    } catch (err) {
      out.push({
        name: `alerts:${n.channel}`,
        verdict: 'broken',
        detail: `test alert failed: ${(err as Error).message} (${where(n.channel)})`,
      });
    }
  }
  return out;
}

/** Query values may carry tokens (webhook keys): keep the names, hide the values. */
function maskQuery(url: string): string {
  try {
    const u = new URL(url);
    for (const k of [...u.searchParams.keys()]) u.searchParams.set(k, '***');
    if (u.password) u.password = '***';
    // Path segments of chat webhooks are secrets too: keep the host and the first segment only.
    const [first] = u.pathname.split('/').filter(Boolean);
    u.pathname = first ? `/${first}/***` : u.pathname;
    return u.href.replace(/%2A/g, '*');
  } catch {
    return '***';
  }
}
