/** `odsync quarterly [--quarter] [--out] [--format] [--lang]` (jobs/quarterly.ts). */
import path from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../src/errors.js';
import { QUARTERLY_FORMATS } from '../../src/quarterly/index.js';
import { REPORT_LANGS, type ReportLang } from '../../src/report/index.js';
import type { CliIo } from '../cli-io.js';
import * as quarterly from '../quarterly.js';
import { withRuntime, type RuntimeOptions } from '../runtime.js';

export function registerQuarterlyCommands(program: Command, options: RuntimeOptions, io: CliIo): void {
  program
    .command('quarterly')
    .description('write the quarterly report for the advisory group: .html, .docx, .xlsx, .ods, .md, .json')
    .option(
      '--quarter <quarter>',
      'the quarter: 2026Q3, 115Q3 or 115年第3季 (default: the last completed one)',
    )
    .option('--out <dir>', 'output directory (default ./reports/quarterly/)')
    .option(
      '--format <list>',
      `comma-separated formats (${QUARTERLY_FORMATS.join(',')})`,
      QUARTERLY_FORMATS.join(','),
    )
    .option('--lang <lang>', 'language of the text: zh-TW or en', 'zh-TW')
    .action(async (opts: { quarter?: string; out?: string; format: string; lang: string }) => {
      const formats = quarterly.parseQuarterlyFormats(opts.format);
      if (!(REPORT_LANGS as readonly string[]).includes(opts.lang))
        throw new InputError(`--lang: expected ${REPORT_LANGS.join(' or ')}, got "${opts.lang}"`);
      await withRuntime(options, async (rt) => {
        const r = await quarterly.run(rt, {
          ...(opts.quarter === undefined ? {} : { quarter: opts.quarter }),
          formats,
          out: opts.out ?? null,
          lang: opts.lang as ReportLang,
        });
        const c = r.counters;
        io.stdout(
          `quarterly run ${r.runId} for ${r.quarter}: ${String(c.datasets)} datasets on the platform, ` +
            `${String(c.planItems)} plan items (overdue ${String(c.overdue)}), ${String(c.trendQuarters)} quarters of trend\n` +
            `wrote ${r.dir}: ${r.files.map((f) => path.basename(f)).join(', ')}\n`,
        );
      });
    });
}
