/**
 * `odsync sync catalog [--full]` and `odsync sync all`. `sync all` runs SYNC_STAGES in order; a
 * new source is one more entry in that list.
 */
import type { Command } from 'commander';
import { ExitCode } from '../src/errors.js';
import type { CliIo } from './cli.js';
import { withRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
import * as syncCatalog from './sync-catalog.js';
import { feedbackStage } from './sync-feedback.js';

export interface SyncStageOptions {
  full: boolean;
  io: CliIo;
  parentId?: number;
}

export interface SyncStage {
  name: string;
  /** Runs the stage, prints its one-line summary, returns its exit code (0 ok, 3 partial). */
  run(rt: Runtime, options: SyncStageOptions): Promise<number>;
}

export const catalogStage: SyncStage = {
  name: 'catalog',
  async run(rt, { full, io, parentId }) {
    const onProgress = process.stderr.isTTY ? syncCatalog.ttyProgress(io.stderr) : undefined;
    const result = await syncCatalog.run(
      { ...rt, ...(onProgress ? { onProgress } : {}) },
      { full, ...(parentId === undefined ? {} : { parentId }) },
    );
    if (onProgress) io.stderr('\n');
    io.stdout(syncCatalog.summaryLine(result) + '\n');
    return result.status === 'partial' ? ExitCode.partial : ExitCode.ok;
  },
};

/** The stages of `odsync sync all`, in order. */
export const SYNC_STAGES: SyncStage[] = [catalogStage, feedbackStage];

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
        setExit(await catalogStage.run(rt, { full: opts.full === true, io }));
      });
    });
  sync
    .command('all')
    .description(`run every sync stage in order (${SYNC_STAGES.map((s) => s.name).join(', ')})`)
    .option('--full', 'full passes where a stage has one')
    .action(async (opts: { full?: boolean }) => {
      await withRuntime(options, async (rt) => {
        let worst: number = ExitCode.ok;
        for (const stage of SYNC_STAGES) {
          const code = await stage.run(rt, { full: opts.full === true, io });
          worst = Math.max(worst, code);
        }
        setExit(worst);
      });
    });
}
