/** `odsync migrate`: every command migrates first; this one reports what it applied. */
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { withRuntime, type RuntimeOptions } from '../runtime.js';

export function registerMigrateCommand(program: Command, options: RuntimeOptions, io: CliIo): void {
  program
    .command('migrate')
    .description('apply pending database migrations and report each')
    .action(async () => {
      await withRuntime(options, (rt) => {
        const { applied, alreadyApplied } = rt.migrations;
        for (const name of applied) io.stdout(`applied ${name}\n`);
        io.stdout(
          `${rt.handle.description}: ${applied.length} applied, ${alreadyApplied} already up to date\n`,
        );
        return Promise.resolve();
      });
    });
}
