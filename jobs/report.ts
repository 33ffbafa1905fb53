/**
 * `odsync report`: load the report input as of a date, render every requested format in memory,
 * write them atomically, and record the run in the journal (its id is report.json's runId).
 * `odsync db create-reader-role`: the read-only dashboard role (see src/report/reader-role.ts).
 */
import path from 'node:path';
import { isoDateSchema } from '../schemas/report.js';
import { localDate } from '../src/time/index.js';
import { InputError } from '../src/errors.js';
import {
  buildReportModel,
  loadReportInput,
  REPORT_FORMATS,
  renderReportFiles,
  writeReportAtomically,
  type ReconcileStore,
  type ReportFormat,
  type ReportLang,
} from '../src/report/index.js';
import { loadReconcileInput, reconcileOptions, reconcileReportStore } from '../src/reconcile-store/index.js';
import { runJob, type JobOutcome, type RunContext } from '../src/runs/index.js';
import type { Runtime } from './runtime.js';

export interface ReportJobOptions {
  /** YYYY-MM-DD; default today in ODSYNC_TIMEZONE (or the knowledge day when only that is given). */
  asOf?: string;
  /** Knowledge time: answer as odsync could have on the evening of this day (YYYY-MM-DD). */
  knownOn?: string;
  formats?: readonly ReportFormat[];
  /** Output directory; default `./reports/<as-of>/`. */
  out?: string | null;
  lang?: ReportLang;
  /** The nightly run, when the report is one of its stages. */
  parentId?: number;
  /** Caveats shown in the report (e.g. the nightly's stale inputs). */
  notes?: readonly string[];
  /** The reconciliation's loader and tables; default: src/reconcile-store. */
  reconcileStore?: ReconcileStore;
}

export interface ReportJobResult extends JobOutcome {
  runId: number;
  asOf: string;
  dir: string;
  files: string[];
}

const defaultReconcileStore: ReconcileStore = { ...reconcileReportStore, input: loadReconcileInput };

/** Resolve and validate the options (bad input → InputError, exit 2). */
export function resolveReportOptions(rt: Pick<Runtime, 'clock' | 'config'>, options: ReportJobOptions) {
  const today = localDate(rt.clock.now(), rt.config.timeZone);
  const knownOn = options.knownOn ?? null;
  if (knownOn !== null && !isoDateSchema.safeParse(knownOn).success)
    throw new InputError(`--known-on: expected a YYYY-MM-DD date, got "${knownOn}"`);
  if (knownOn !== null && knownOn > today)
    throw new InputError(
      `--known-on: ${knownOn} is in the future (today is ${today} in ${rt.config.timeZone})`,
    );
  const asOf = options.asOf ?? knownOn ?? today;
  if (!isoDateSchema.safeParse(asOf).success)
    throw new InputError(`--as-of: expected a YYYY-MM-DD date, got "${asOf}"`);
  if (asOf > today)
    throw new InputError(`--as-of: ${asOf} is in the future (today is ${today} in ${rt.config.timeZone})`);
  if (knownOn !== null && asOf > knownOn)
    throw new InputError(
      `--as-of ${asOf} is after --known-on ${knownOn}: odsync knew nothing of that day yet`,
    );
  const formats = options.formats ?? REPORT_FORMATS;
  if (formats.length === 0) throw new InputError('--format: no format given');
  const out = path.resolve(options.out ?? path.join('reports', asOf));
  return { asOf, knownOn, formats, out, lang: options.lang ?? 'zh-TW' };
}

/** The job body: usable inside any run (standalone or a nightly child run). */
export async function writeReport(
  rt: Runtime,
  ctx: RunContext,
  options: ReportJobOptions,
): Promise<JobOutcome & { asOf: string; dir: string; files: string[] }> {
  const { asOf, knownOn, formats, out, lang } = resolveReportOptions(rt, options);
  const started = performance.now();
  const input = await loadReportInput(rt.handle.db, {
    asOf,
    knownOn,
    timeZone: rt.config.timeZone,
    publishers: rt.config.publishers === null ? null : rt.config.publishers.map((p) => p.name),
    runId: String(ctx.runId),
    generatedAt: rt.clock.now(),
    lang,
    // The same inputs and options as the reconcile stage, so the report says what it would say.
    reconcile: reconcileOptions(rt.config),
    reconcileStore: options.reconcileStore ?? defaultReconcileStore,
    ...(options.notes ? { notes: options.notes } : {}),
  });
  const loaded = performance.now();
  const model = buildReportModel(input);
  const files = await renderReportFiles(model, formats, lang);
  const rendered = performance.now();
  const written = await writeReportAtomically(out, files);
  const counters = {
    asOf,
    planItems: model.report.summary.planItems,
    ...model.report.summary.byStatus,
    discrepancies: model.report.discrepancies.length,
    newDiscrepancies: model.newSincePrevious.length,
    resolvedDiscrepancies: model.resolvedSincePrevious.length,
    files: files.length,
    notes: model.notes.length,
    ms: Math.round(performance.now() - started),
    loadMs: Math.round(loaded - started),
    renderMs: Math.round(rendered - loaded),
  };
  for (const note of model.notes) ctx.logger.warn({ note }, 'report note');
  ctx.logger.info({ dir: written.dir, ...counters }, 'report written');
  if (input.empty) {
    ctx.logger.warn({ asOf, knownOn }, input.empty);
    return { status: 'partial', reason: input.empty, counters, asOf, dir: written.dir, files: written.files };
  }
  return { status: 'succeeded', counters, asOf, dir: written.dir, files: written.files };
}

/** Run the report as a `report` job in the run journal. */
export async function run(rt: Runtime, options: ReportJobOptions = {}): Promise<ReportJobResult> {
  const resolved = resolveReportOptions(rt, options);
  return runJob(rt.runDeps, 'report', (ctx) => writeReport(rt, ctx, options), {
    ...(options.parentId === undefined ? {} : { parentId: options.parentId }),
    args: {
      asOf: resolved.asOf,
      ...(resolved.knownOn === null ? {} : { knownOn: resolved.knownOn }),
      formats: [...resolved.formats],
      out: resolved.out,
      lang: resolved.lang,
    },
  });
}

export function parseFormats(value: string): ReportFormat[] {
  const wanted = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const bad = wanted.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  if (bad.length > 0)
    throw new InputError(
      `--format: unknown format ${bad.join(', ')} (expected some of ${REPORT_FORMATS.join(',')})`,
    );
  return [...new Set(wanted)] as ReportFormat[];
}
