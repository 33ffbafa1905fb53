/**
 * `odsync requests import`: read a requests file (and optionally the agency-assignment file),
 * refuse it whole when a row cannot be read (unless skipping bad rows), then upsert in one
 * transaction. Nothing is written when anything fails.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { FileInputError, type InputProblem } from '../errors.js';
import type { Publisher } from '../publishers/index.js';
import type { TextEncodingName } from './decode-text.js';
import type { ParsedRequest } from './parse-requests-crawl.js';
import { ourAgencyMatcher } from './publisher-match.js';
import { readAgencyAssignments } from './read-agency-assignments.js';
import { readRequestsFile, type RequestsFileFormat } from './read-requests-file.js';
import { storeRequests, type StoreRequestsResult } from './requests-store.js';

export interface ImportRequestsInput {
  file: string;
  bytes: Uint8Array;
  format?: RequestsFileFormat;
  encoding?: TextEncodingName;
  agencies?: { file: string; bytes: Uint8Array; encoding?: TextEncodingName };
}

export interface ImportRequestsOptions {
  publishers: readonly Publisher[] | null;
  timeZone: string;
  skipBad: boolean;
  keepAll: boolean;
  now: Date;
  runId: number | null;
}

export interface ImportRequestsSummary extends StoreRequestsResult {
  format: RequestsFileFormat;
  recordsRead: number;
  readable: number;
  /** Unreadable rows skipped with --skip-bad (their problems are listed in `problems`). */
  skippedBad: number;
  problems: InputProblem[];
  unknownColumns: string[];
  /** Handled requests per our agency name (a request routed to several of ours counts for each). */
  oursByAgency: Record<string, number>;
  assignments: null | {
    recordsRead: number;
    /** Requests whose agency list the file extended or confirmed. */
    applied: number;
    /** Requests of the file that list more agencies than the requests file showed. */
    extended: number;
    /** Assignment rows for requests not in this requests file. */
    withoutRequest: number;
    /** Requests whose requests-file agency is missing from the assignment list. */
    disagreeing: number;
  };
}

/** Import citizen requests. Throws FileInputError (exit 2) with every bad line when rows are unreadable and !skipBad. */
export async function importRequests(
  db: Kysely<Database>,
  input: ImportRequestsInput,
  options: ImportRequestsOptions,
): Promise<ImportRequestsSummary> {
  const content = readRequestsFile(input.bytes, {
    file: input.file,
    timeZone: options.timeZone,
    ...(input.format ? { format: input.format } : {}),
    ...(input.encoding ? { encoding: input.encoding } : {}),
  });
  const assignments = input.agencies
    ? readAgencyAssignments(input.agencies.bytes, {
        file: input.agencies.file,
        ...(input.agencies.encoding ? { encoding: input.agencies.encoding } : {}),
      })
    : null;
  const problems = [...content.problems, ...(assignments?.problems ?? [])];
  if (problems.length > 0 && !options.skipBad) throw new FileInputError(problems);

  let requests: ParsedRequest[] = content.requests;
  let assignmentStats: ImportRequestsSummary['assignments'] = null;
  if (assignments) {
    const ids = new Set(requests.map((r) => r.record.requestId));
    let applied = 0;
    let extended = 0;
    let disagreeing = 0;
    requests = requests.map((r) => {
      const row = assignments.rows.get(r.record.requestId);
      if (!row || row.agencies.length === 0) return r;
      applied++;
      const own = r.record.agencies ?? [];
      if (own.some((a) => !row.agencies.includes(a))) disagreeing++;
      const union = [...new Set([...row.agencies, ...own])];
      if (union.length > own.length) extended++;
      return { ...r, record: { ...r.record, agencies: union, agenciesComplete: true } };
    });
    assignmentStats = {
      recordsRead: assignments.recordsRead,
      applied,
      extended,
      withoutRequest: [...assignments.rows.keys()].filter((id) => !ids.has(id)).length,
      disagreeing,
    };
  }

  const isOurs = ourAgencyMatcher(options.publishers);
  const oursByAgency: Record<string, number> = {};
  for (const r of requests) {
    for (const agency of new Set(r.record.agencies ?? [])) {
      if (options.publishers !== null && isOurs(agency))
        oursByAgency[agency] = (oursByAgency[agency] ?? 0) + 1;
    }
  }
  const stored = await storeRequests(
    db,
    requests.map((r) => ({ record: r.record, raw: r.raw })),
    {
      isOurs,
      keepAll: options.keepAll,
      source: content.format,
      sourceFile: input.file.split(/[\\/]/).pop() ?? input.file,
      now: options.now,
      runId: options.runId,
    },
  );
  const badRows = new Set(problems.map((p) => `${p.file ?? ''}:${p.row ?? ''}`)).size;
  return {
    ...stored,
    format: content.format,
    recordsRead: content.recordsRead,
    readable: content.requests.length,
    skippedBad: badRows,
    problems,
    unknownColumns: content.unknownColumns,
    oursByAgency,
    assignments: assignmentStats,
  };
}
