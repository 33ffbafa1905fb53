/** `odsync requests import <file>`: citizen requests from a /suggests export or the 2019 crawl. */
import { Option, type Command } from 'commander';
import type { RequestsFileFormat, TextEncodingName } from '../../src/feedback/index.js';
import type { CliIo } from '../cli-io.js';
import { run, toText } from '../requests-import.js';
import { withRuntime, type RuntimeOptions } from '../runtime.js';

export function registerRequestsCommands(
  program: Command,
  options: RuntimeOptions,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const requests = program.command('requests').description('citizen dataset requests (我想要更多)');
  requests
    .command('import <file>')
    .description('import citizen requests from a /suggests export (CSV/JSON) or the 2019 crawl; idempotent')
    .addOption(
      new Option('--format <format>', 'file format (default: detected)').choices([
        'crawl',
        'suggests-csv',
        'suggests-json',
      ]),
    )
    .addOption(
      new Option('--encoding <encoding>', 'encoding of <file>').choices(['utf-8', 'big5']).default('utf-8'),
    )
    .option(
      '--agencies <file>',
      'agency-assignment CSV (ID,派發機關數量,派發機關…; Big5) giving full agency lists',
    )
    .addOption(
      new Option('--agencies-encoding <encoding>', 'encoding of the agency-assignment file')
        .choices(['utf-8', 'big5'])
        .default('big5'),
    )
    .option('--skip-bad', 'skip unreadable rows (listed and counted) instead of importing nothing')
    .option('--keep-all', 'store requests routed to any agency, not only our publishers')
    .action(
      async (
        file: string,
        opts: {
          format?: RequestsFileFormat;
          encoding: TextEncodingName;
          agencies?: string;
          agenciesEncoding: TextEncodingName;
          skipBad?: boolean;
          keepAll?: boolean;
        },
      ) => {
        await withRuntime(options, async (rt) => {
          const summary = await run(rt, {
            file,
            ...(opts.format ? { format: opts.format } : {}),
            encoding: opts.encoding,
            ...(opts.agencies ? { agencies: opts.agencies, agenciesEncoding: opts.agenciesEncoding } : {}),
            skipBad: opts.skipBad === true,
            keepAll: opts.keepAll === true,
          });
          io.stdout(toText(summary));
          setExit(summary.skippedBad > 0 ? 3 : 0);
        });
      },
    );
}
