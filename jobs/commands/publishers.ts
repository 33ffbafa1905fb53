/** `odsync publishers [--json]` (jobs/publishers.ts). */
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import * as publishers from '../publishers.js';
import { withRuntime, type RuntimeOptions } from '../runtime.js';

export function registerPublishersCommand(program: Command, options: RuntimeOptions, io: CliIo): void {
  program
    .command('publishers')
    .description('the family as configured and as seen: publishers, sub-units, dataset counts, membership')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      await withRuntime(options, async (rt) => {
        const r = await publishers.run(rt);
        io.stdout(opts.json ? JSON.stringify(publishers.toJson(r), null, 2) + '\n' : publishers.toText(r));
      });
    });
}
