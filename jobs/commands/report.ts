/**
 * `odsync report` (the report job, jobs/report.ts) and `odsync db create-reader-role` (the
 * read-only dashboard role, src/report/reader-role.ts).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { secretFromEnv } from '../../src/config/index.js';
import { InputError } from '../../src/errors.js';
import { createReaderRole, REPORT_FORMATS, REPORT_LANGS, type ReportLang } from '../../src/report/index.js';
import type { CliIo } from '../cli-io.js';
import { parseFormats, run } from '../report.js';
import { withRuntime, type RuntimeOptions } from '../runtime.js';

export function registerReportCommands(
  program: Command,
  options: RuntimeOptions,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  program
    .command('report')
    .description('write the report for the IT office: report.json, .html, .csv, .xlsx, .ods, .md')
    .option('--as-of <date>', 'the state of this day (YYYY-MM-DD) by everything known now')
    .option('--known-on <date>', 'answer as odsync could have on the evening of this day (YYYY-MM-DD)')
    .option(
      '--format <list>',
      `comma-separated formats (${REPORT_FORMATS.join(',')})`,
      REPORT_FORMATS.join(','),
    )
    .option('--out <dir>', 'output directory (default ./reports/<as-of>/)')
    .option('--lang <lang>', 'language of the HTML/XLSX/ODS/CSV/MD text: zh-TW or en', 'zh-TW')
    .action(async (opts: { asOf?: string; knownOn?: string; format: string; out?: string; lang: string }) => {
      const formats = parseFormats(opts.format);
      const lang = parseLang(opts.lang);
      await withRuntime(options, async (rt) => {
        const r = await run(rt, {
          ...(opts.asOf === undefined ? {} : { asOf: opts.asOf }),
          ...(opts.knownOn === undefined ? {} : { knownOn: opts.knownOn }),
          formats,
          out: opts.out ?? null,
          lang,
        });
        const c = r.counters;
        io.stdout(
          `report run ${r.runId} as of ${r.asOf}: ${String(c.planItems)} plan items ` +
            `(overdue ${String(c.overdue)}, late ${String(c.published_late)}, missing ${String(c.missing)}, ` +
            `needs review ${String(c.needs_review)}), ${String(c.discrepancies)} open discrepancies\n` +
            `wrote ${r.dir}: ${r.files.map((f) => path.basename(f)).join(', ')}\n`,
        );
        if (r.status === 'partial') {
          io.stderr(`odsync: ${r.reason ?? 'partial'}\n`);
          setExit(3);
        }
      });
    });

  program
    .command('db')
    .description('database administration')
    .command('create-reader-role')
    .description(
      'create (or update) a read-only role that can read the reporting.* views and nothing else (PostgreSQL)',
    )
    .option('--name <role>', 'role name', 'odsync_reader')
    .option(
      '--password-env <VAR>',
      'environment variable holding the role password (role can log in only with one)',
    )
    .action(async (opts: { name: string; passwordEnv?: string }) => {
      let password: string | null = null;
      if (opts.passwordEnv !== undefined) {
        const value = secretFromEnv(opts.passwordEnv, options.env);
        if (!value) throw new InputError(`--password-env: ${opts.passwordEnv} is not set or empty`);
        password = value;
      }
      await withRuntime(options, async (rt) => {
        const r = await createReaderRole(rt.handle, { name: opts.name, password });
        io.stdout(`${r.message}\n`);
      });
    });
}

function parseLang(value: string): ReportLang {
  if (!(REPORT_LANGS as readonly string[]).includes(value))
    throw new InputError(`--lang: expected ${REPORT_LANGS.join(' or ')}, got "${value}"`);
  return value as ReportLang;
}
