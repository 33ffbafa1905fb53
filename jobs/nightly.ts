/**
 * `odsync nightly`: the main job. One run in the journal with one child run per stage:
 * migrate → sync catalogue → sync feedback → plan (seed when none) → reconcile → report → alerts.
 *
 * Failure policy: a failed stage does not stop the night. Every stage commits atomically, so the
 * database still holds the last good state of what failed, and the later stages run on it (the
 * report says which inputs are stale). The night is `failed` (exit 1) when any stage failed,
 * `partial` (exit 3) when any stage was partial, otherwise `succeeded` (exit 0). Alerts never
 * change the outcome. A shutdown request (SIGTERM in `odsync schedule`) ends the night after the
 * current stage; the remaining stages are recorded as not run and the night as failed.
 */
import { localDate } from '../src/time/index.js';
import { ExitCode, OdsyncError } from '../src/errors.js';
import { lastChildRunId, runJob, type Counters } from '../src/runs/index.js';
import type { CliIo } from './cli-io.js';
import { exitCodeForError } from './exit-code.js';
import { NIGHTLY_STAGES } from './nightly-stages.js';
import { logUnexpected, withRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
import { outcomeSoFar, type Stage, type StageReport } from './stage.js';

export type { StageReport } from './stage.js';
export type { NightlyStage } from './nightly-stages.js';

export interface NightlyOptions {
  /** Reconcile and report as of this date (YYYY-MM-DD, default today in ODSYNC_TIMEZONE). */
  asOf?: string;
  /** Report directory (default `./reports/<as-of>/`). */
  out?: string;
  /** Force a full catalogue pass. */
  full?: boolean;
  /** Aborted = stop after the current stage (graceful shutdown). */
  signal?: AbortSignal;
  /** Stage progress lines on stderr (default: when stderr is a TTY). */
  progress?: boolean;
  /** Override the stage list (tests). */
  stages?: readonly Stage[];
}

export interface NightlyResult {
  runId: number | null;
  status: 'succeeded' | 'partial' | 'failed';
  stages: StageReport[];
  summary: string;
  exitCode: number;
}

/** A night with at least one failed stage; the journal records it as failed. */
class NightlyFailedError extends OdsyncError {
  constructor(message: string) {
    super('NIGHTLY_FAILED', message);
  }
}

/** Run the whole night on an open runtime. Never throws for a stage failure. */
export async function runNightly(
  rt: Runtime,
  io: CliIo,
  options: NightlyOptions = {},
): Promise<NightlyResult> {
  const stages = options.stages ?? NIGHTLY_STAGES;
  const asOf = options.asOf ?? localDate(rt.clock.now(), rt.config.timeZone);
  const progress = options.progress ?? process.stderr.isTTY === true;
  const startedMs = performance.now();
  const reports: StageReport[] = [];
  let nightlyRunId: number | null = null;
  let status = 'succeeded' as NightlyResult['status'];
  let summary = '';
  try {
    const outcome = await runJob(
      rt.runDeps,
      'nightly',
      async (run) => {
        nightlyRunId = run.runId;
        const startedAt = rt.clock.now();
        for (const [i, stage] of stages.entries()) {
          if (options.signal?.aborted) {
            reports.push({
              name: stage.name,
              status: 'skipped',
              runId: null,
              counters: {},
              reason: 'not run: shutdown requested',
              durationMs: 0,
            });
            continue;
          }
          if (progress) io.stderr(`[${i + 1}/${stages.length}] ${stage.name} …\n`);
          run.logger.info({ stage: stage.name, step: i + 1, of: stages.length }, 'stage started');
          const t0 = performance.now();
          let report: StageReport;
          try {
            const r = await stage.run({
              rt,
              parentId: run.runId,
              asOf,
              out: options.out ?? null,
              full: options.full === true,
              startedAt,
              earlier: reports,
              signal: options.signal,
            });
            report = {
              name: stage.name,
              status: r.status,
              runId: r.runId,
              counters: r.counters,
              reason: r.reason ?? null,
              durationMs: performance.now() - t0,
              affectsOutcome: stage.affectsOutcome,
              note: r.note ?? null,
            };
          } catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            run.logger.error({ stage: stage.name, err }, 'stage failed');
            report = {
              name: stage.name,
              status: 'failed',
              runId: await lastChildRunId(rt.handle.db, run.runId, stage.job ?? stage.name),
              counters: {},
              reason: message,
              durationMs: performance.now() - t0,
              affectsOutcome: stage.affectsOutcome,
              note: null,
            };
          }
          reports.push(report);
          run.logger.info(
            {
              stage: stage.name,
              status: report.status,
              counters: report.counters,
              reason: report.reason,
              durationMs: Math.round(report.durationMs),
            },
            'stage finished',
          );
          if (progress) io.stderr(`${stageLine(report)}\n`);
          await run.progress({ stages: stageCounters(reports) }).catch(() => undefined);
        }
        status = outcomeSoFar(reports);
        summary = summaryLine(run.runId, status, reports, performance.now() - startedMs);
        if (status === 'failed') throw new NightlyFailedError(summary);
        return {
          status,
          counters: { stages: stageCounters(reports) },
          ...(status === 'partial' ? { reason: summary } : {}),
        };
      },
      { args: { asOf, out: options.out ?? null, full: options.full === true } },
    );
    nightlyRunId = outcome.runId;
  } catch (err) {
    if (!(err instanceof NightlyFailedError)) {
      return {
        runId: nightlyRunId,
        status: 'failed',
        stages: reports,
        summary: err instanceof Error ? err.message : String(err),
        exitCode: exitCodeForError(err, io, (e) => rt.logger.error({ err: e }, 'unexpected error')),
      };
    }
  }
  io.stdout(`${summary}\n`);
  return {
    runId: nightlyRunId,
    status,
    stages: reports,
    summary,
    exitCode: status === 'failed' ? ExitCode.failed : status === 'partial' ? ExitCode.partial : ExitCode.ok,
  };
}

function stageCounters(reports: readonly StageReport[]): Counters {
  return Object.fromEntries(
    reports.map((r) => [
      r.name,
      { status: r.status, runId: r.runId, ...(r.reason ? { reason: r.reason } : {}), ...r.counters },
    ]),
  );
}

const STATUS_WORD: Record<StageReport['status'], string> = {
  succeeded: 'ok',
  partial: 'partial',
  failed: 'FAILED',
  skipped: 'not run',
};

function stageLine(r: StageReport): string {
  const counters = Object.entries(r.counters)
    .filter(([, v]) => typeof v === 'number' || typeof v === 'string')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  const mark = r.status === 'succeeded' ? '✓' : r.status === 'partial' ? '!' : '✗';
  return `${mark} ${r.name} ${STATUS_WORD[r.status]} in ${(r.durationMs / 1000).toFixed(1)} s${counters ? `  ${counters}` : ''}${r.reason ? `  (${r.reason})` : ''}`;
}

function summaryLine(
  runId: number,
  status: NightlyResult['status'],
  reports: readonly StageReport[],
  ms: number,
): string {
  const parts = reports.map((r) => {
    const detail = r.status === 'succeeded' ? r.note : (r.reason ?? r.note);
    return `${r.name} ${STATUS_WORD[r.status]}${detail ? ` (${detail.length > 120 ? `${detail.slice(0, 117)}…` : detail})` : ''}`;
  });
  return `nightly run ${runId} ${status} in ${(ms / 1000).toFixed(1)} s: ${parts.join(' · ')}`;
}

/** Open the runtime, run the night, close. Returns the exit code (never throws). */
export async function run(
  options: RuntimeOptions,
  io: CliIo,
  nightlyOptions: NightlyOptions = {},
): Promise<number> {
  try {
    return await withRuntime(options, async (rt) => (await runNightly(rt, io, nightlyOptions)).exitCode);
  } catch (err) {
    return exitCodeForError(err, io, (e) => logUnexpected(options, e));
  }
}
