/**
 * `odsync sync catalog|feedback|all [--full]`. `sync all` runs SYNC_STAGES (jobs/sync-stages.ts) in
 * order; a new source is one more entry in that list.
 */
import type { Command } from 'commander';
import { localDate } from '../../src/time/index.js';
import { ExitCode } from '../../src/errors.js';
import type { CliIo } from '../cli-io.js';
import type { Runtime, RuntimeOptions } from '../runtime.js';
import { withRuntime } from '../runtime.js';
import type { Stage } from '../stage.js';
import { ttyProgress } from '../sync-catalog.js';
import { SYNC_STAGES, syncCatalogStage, syncFeedbackStage } from '../sync-stages.js';

/** Run one sync stage outside a night, print its summary line; 0 ok, 3 partial. */
async function runStage(rt: Runtime, stage: Stage, full: boolean, io: CliIo): Promise<number> {
  const onCatalogProgress =
    stage === syncCatalogStage && process.stderr.isTTY ? ttyProgress(io.stderr) : undefined;
  const now = rt.clock.now();
  const r = await stage.run({
    rt,
    parentId: undefined,
    asOf: localDate(now, rt.config.timeZone),
    out: null,
    full,
    startedAt: now,
    earlier: [],
    signal: undefined,
    ...(onCatalogProgress ? { onCatalogProgress } : {}),
  });
  if (onCatalogProgress) io.stderr('\n');
  io.stdout(`${r.summary ?? `${stage.name} ${r.status}`}\n`);
  return r.status === 'partial' ? ExitCode.partial : ExitCode.ok;
}

export function registerSyncCommands(
  program: Command,
  options: RuntimeOptions,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const sync = program.command('sync').description('mirror data.gov.tw into the database');
  sync
    .command('catalog')
    .description('sync the catalogue: incremental (changed exports) by default, weekly or --full a full pass')
    .option('--full', 'full pass: re-read the whole export (the only way deletions are inferred)')
    .action(async (opts: { full?: boolean }) => {
      await withRuntime(options, async (rt) => {
        setExit(await runStage(rt, syncCatalogStage, opts.full === true, io));
      });
    });
  sync
    .command('all')
    .description(
      `run every sync stage in order (${SYNC_STAGES.map((s) => s.name.replace(/^sync-/, '')).join(', ')})`,
    )
    .option('--full', 'full passes where a stage has one')
    .action(async (opts: { full?: boolean }) => {
      await withRuntime(options, async (rt) => {
        let worst: number = ExitCode.ok;
        for (const stage of SYNC_STAGES) {
          worst = Math.max(worst, await runStage(rt, stage, opts.full === true, io));
        }
        setExit(worst);
      });
    });
  sync
    .command('feedback')
    .description('sync citizen comments on our datasets (and requests, when the agency feed is configured)')
    .option('--full', 'fetch the comments of every dataset that has any, not only those whose count changed')
    .action(async (opts: { full?: boolean }) => {
      await withRuntime(options, async (rt) => {
        setExit(await runStage(rt, syncFeedbackStage, opts.full === true, io));
      });
    });
}
