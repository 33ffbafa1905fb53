/** `odsync status [--json] [--check]` (jobs/status.ts). */
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { withRuntime, type RuntimeOptions } from '../runtime.js';
import * as status from '../status.js';

export function registerStatusCommand(
  program: Command,
  options: RuntimeOptions,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  program
    .command('status')
    .description('last run of each job, its status and counters, and time since the last success')
    .option('--json', 'machine-readable output')
    .option('--check', 'exit 1 when no nightly run succeeded within ODSYNC_DEADMAN_HOURS (for monitoring)')
    .action(async (opts: { json?: boolean; check?: boolean }) => {
      await withRuntime(options, async (rt) => {
        const result = await status.run(rt, { check: opts.check === true });
        io.stdout(
          opts.json
            ? JSON.stringify(status.toJson(result, rt.handle.engine), null, 2) + '\n'
            : status.toText(result, rt.handle.description),
        );
        setExit(result.exitCode);
      });
    });
}
