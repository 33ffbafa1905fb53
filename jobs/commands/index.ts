/**
 * Every `odsync` command, in help order: the one place a command is added. Each entry names the
 * top-level command(s) a module registers and loads it lazily, so a run loads only the module of
 * the command it names (`odsync sync catalog` never loads exceljs or the report renderers); help
 * and unknown commands load them all.
 */
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import type { RuntimeOptions } from '../runtime.js';

/** Adds a command (and its subcommands) to the program; `setExit` records its exit code. */
export type RegisterCommand = (
  program: Command,
  options: RuntimeOptions,
  io: CliIo,
  setExit: (code: number) => void,
) => void;

export interface CommandModule {
  /** Top-level command names the module registers. */
  commands: readonly string[];
  load: () => Promise<RegisterCommand>;
}

export const COMMANDS: readonly CommandModule[] = [
  { commands: ['config'], load: async () => (await import('./config.js')).registerConfigCommand },
  { commands: ['migrate'], load: async () => (await import('./migrate.js')).registerMigrateCommand },
  { commands: ['status'], load: async () => (await import('./status.js')).registerStatusCommand },
  { commands: ['requests'], load: async () => (await import('./requests.js')).registerRequestsCommands },
  { commands: ['plan'], load: async () => (await import('./plan.js')).registerPlanCommands },
  { commands: ['report', 'db'], load: async () => (await import('./report.js')).registerReportCommands },
  {
    commands: ['reconcile', 'match'],
    load: async () => (await import('./reconcile.js')).registerReconcileCommands,
  },
  { commands: ['nightly'], load: async () => (await import('./nightly.js')).registerNightlyCommands },
  { commands: ['schedule'], load: async () => (await import('./schedule.js')).registerScheduleCommands },
  { commands: ['sync'], load: async () => (await import('./sync.js')).registerSyncCommands },
  { commands: ['review'], load: async () => (await import('./review.js')).registerReviewCommands },
  {
    commands: ['quarterly'],
    load: async () => (await import('./quarterly.js')).registerQuarterlyCommands,
  },
  { commands: ['doctor'], load: async () => (await import('./doctor.js')).registerDoctorCommand },
  {
    commands: ['publishers'],
    load: async () => (await import('./publishers.js')).registerPublishersCommand,
  },
];
