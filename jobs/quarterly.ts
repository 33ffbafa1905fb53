/**
 * `odsync quarterly`: the advisory group's quarterly report (default: the last completed quarter in
 * ODSYNC_TIMEZONE), every requested format written atomically to DIR/quarterly-<Q>.*, recorded in
 * the run journal as a `quarterly` job.
 */
import path from 'node:path';
import { localDate } from '../src/time/index.js';
import { InputError } from '../src/errors.js';
import { MOL_FAMILY } from '../src/publishers/index.js';
import {
  QUARTERLY_FORMATS,
  compareQuarters,
  lastCompletedQuarter,
  loadQuarterlyInput,
  parseQuarter,
  quarterName,
  quarterlyFigures,
  renderQuarterlyFiles,
  type Quarter,
  type QuarterlyFormat,
} from '../src/quarterly/index.js';
import { reconcileOptions } from '../src/reconcile-store/index.js';
import { writeReportAtomically, type ReportLang } from '../src/report/index.js';
import { runJob, type JobOutcome, type RunContext } from '../src/runs/index.js';
import type { Runtime } from './runtime.js';

export interface QuarterlyJobOptions {
  /** `2026Q3`, `115Q3` or `115年第3季`; default the last completed quarter. */
  quarter?: string;
  formats?: readonly QuarterlyFormat[];
  /** Output directory; default `./reports/quarterly/`. */
  out?: string | null;
  lang?: ReportLang;
  parentId?: number;
}

export interface QuarterlyJobResult extends JobOutcome {
  runId: number;
  quarter: string;
  dir: string;
  files: string[];
}

export function resolveQuarterlyOptions(rt: Pick<Runtime, 'clock' | 'config'>, options: QuarterlyJobOptions) {
  const today = localDate(rt.clock.now(), rt.config.timeZone);
  let quarter: Quarter = lastCompletedQuarter(today);
  if (options.quarter !== undefined) {
    const parsed = parseQuarter(options.quarter);
    if (parsed === null)
      throw new InputError(
        `--quarter: expected a quarter like 2026Q3, 115Q3 or 115年第3季, got "${options.quarter}"`,
      );
    // Its figures are as of its last day: a quarter still running would be a report of the future.
    if (compareQuarters(parsed, quarter) > 0)
      throw new InputError(
        `--quarter: ${quarterName(parsed)} has not ended (today is ${today} in ${rt.config.timeZone}; the last completed quarter is ${quarterName(quarter)})`,
      );
    quarter = parsed;
  }
  const formats = options.formats ?? QUARTERLY_FORMATS;
  if (formats.length === 0) throw new InputError('--format: no format given');
  const out = path.resolve(options.out ?? path.join('reports', 'quarterly'));
  return { quarter, formats, out, lang: options.lang ?? 'zh-TW' };
}

/** The job body: usable inside any run (standalone or a nightly child run). */
export async function writeQuarterly(
  rt: Runtime,
  ctx: RunContext,
  options: QuarterlyJobOptions,
): Promise<JobOutcome & { quarter: string; dir: string; files: string[] }> {
  const { quarter, formats, out, lang } = resolveQuarterlyOptions(rt, options);
  const started = performance.now();
  const input = await loadQuarterlyInput(rt.handle.db, {
    quarter,
    timeZone: rt.config.timeZone,
    generatedAt: rt.clock.now(),
    publishers: rt.config.publishers ?? MOL_FAMILY,
    // The reconcile stage's match options, so the plan's statuses are the ones it would compute.
    match: reconcileOptions(rt.config).match ?? {},
  });
  const loaded = performance.now();
  const figures = quarterlyFigures(input);
  const computed = performance.now();
  const files = await renderQuarterlyFiles(figures, formats, lang);
  const written = await writeReportAtomically(out, files);
  const j = figures.json;
  const counters = {
    quarter: j.quarter,
    datasets: j.platform.total,
    comments: j.feedback.cumulative,
    requests: j.requests.cumulative,
    planItems: j.plan.planItems,
    overdue: j.plan.overdue.length,
    trendQuarters: j.trend.length,
    files: files.length,
    ms: Math.round(performance.now() - started),
    loadMs: Math.round(loaded - started),
    figuresMs: Math.round(computed - loaded),
    renderMs: Math.round(performance.now() - computed),
  };
  ctx.logger.info({ dir: written.dir, ...counters }, 'quarterly report written');
  return { status: 'succeeded', counters, quarter: j.quarter, dir: written.dir, files: written.files };
}

export async function run(rt: Runtime, options: QuarterlyJobOptions = {}): Promise<QuarterlyJobResult> {
  const resolved = resolveQuarterlyOptions(rt, options);
  return runJob(rt.runDeps, 'quarterly', (ctx) => writeQuarterly(rt, ctx, options), {
    ...(options.parentId === undefined ? {} : { parentId: options.parentId }),
    args: {
      quarter: quarterName(resolved.quarter),
      formats: [...resolved.formats],
      out: resolved.out,
      lang: resolved.lang,
    },
  });
}

export function parseQuarterlyFormats(value: string): QuarterlyFormat[] {
  const wanted = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const bad = wanted.filter((f) => !(QUARTERLY_FORMATS as readonly string[]).includes(f));
  if (bad.length > 0)
    throw new InputError(
      `--format: unknown format ${bad.join(', ')} (expected some of ${QUARTERLY_FORMATS.join(',')})`,
    );
  return [...new Set(wanted)] as QuarterlyFormat[];
}
