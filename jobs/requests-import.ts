/** `odsync requests import <file>`: citizen requests from a /suggests export or the 2019 crawl. */
import { readFile } from 'node:fs/promises';
import { InputError, formatProblem } from '../src/errors.js';
import {
  importRequests,
  type ImportRequestsSummary,
  type RequestsFileFormat,
  type TextEncodingName,
} from '../src/feedback/index.js';
import { runJob } from '../src/runs/index.js';
import type { Runtime } from './runtime.js';

export interface RequestsImportArgs {
  file: string;
  format?: RequestsFileFormat;
  encoding?: TextEncodingName;
  agencies?: string;
  agenciesEncoding?: TextEncodingName;
  skipBad: boolean;
  keepAll: boolean;
}

async function readInput(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new InputError(
      `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      { cause: err },
    );
  }
}

/** Run the import as the `requests-import` job (recorded in the run journal). */
export async function run(
  rt: Runtime,
  args: RequestsImportArgs,
): Promise<ImportRequestsSummary & { runId: number }> {
  const bytes = await readInput(args.file);
  const agencies = args.agencies
    ? {
        file: args.agencies,
        bytes: await readInput(args.agencies),
        ...(args.agenciesEncoding ? { encoding: args.agenciesEncoding } : {}),
      }
    : undefined;
  const outcome = await runJob(
    rt.runDeps,
    'requests-import',
    async (ctx) => {
      const summary = await importRequests(
        rt.handle.db,
        {
          file: args.file,
          bytes,
          ...(args.format ? { format: args.format } : {}),
          ...(args.encoding ? { encoding: args.encoding } : {}),
          ...(agencies ? { agencies } : {}),
        },
        {
          publishers: rt.config.publishers,
          timeZone: rt.config.timeZone,
          skipBad: args.skipBad,
          keepAll: args.keepAll || rt.config.feedback.requestsKeepAll,
          now: rt.clock.now(),
          runId: ctx.runId,
        },
      );
      // Counters only: never reply text (it names officials and their phone numbers).
      const counters = {
        format: summary.format,
        recordsRead: summary.recordsRead,
        readable: summary.readable,
        skippedBad: summary.skippedBad,
        ours: summary.ours,
        notOurs: summary.notOurs,
        created: summary.created,
        updated: summary.updated,
        unchanged: summary.unchanged,
      };
      return {
        status: summary.skippedBad > 0 ? ('partial' as const) : ('succeeded' as const),
        counters,
        ...(summary.skippedBad > 0
          ? { reason: `${summary.skippedBad} unreadable rows skipped (--skip-bad)` }
          : {}),
        summary,
      };
    },
    { args: { ...args } },
  );
  return { ...outcome.summary, runId: outcome.runId };
}

export function toText(s: ImportRequestsSummary): string {
  const lines = [
    `format ${s.format}: ${s.recordsRead} records read, ${s.readable} readable, ${s.skippedBad} unreadable skipped`,
  ];
  for (const p of s.problems) lines.push(`  skipped: ${formatProblem(p)}`);
  if (s.unknownColumns.length)
    lines.push(`unknown columns ignored: ${s.unknownColumns.map((c) => JSON.stringify(c)).join(', ')}`);
  if (s.assignments) {
    const a = s.assignments;
    lines.push(
      `agency assignments: ${a.recordsRead} rows, applied to ${a.applied} requests (${a.extended} got more agencies, ${a.disagreeing} disagree with the requests file), ${a.withoutRequest} for requests not in this file`,
    );
  }
  const byAgency = Object.entries(s.oursByAgency)
    .map(([agency, n]) => `${agency} ${n}`)
    .join(', ');
  lines.push(
    `routed to our publishers: ${s.ours}${byAgency ? ` (${byAgency})` : ''}; routed elsewhere and not stored: ${s.notOurs}`,
  );
  lines.push(
    `stored: ${s.created} new, ${s.updated} updated, ${s.unchanged} unchanged (${s.newlyAnswered} newly answered)`,
  );
  return lines.join('\n') + '\n';
}
