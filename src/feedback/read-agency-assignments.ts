/**
 * The agency-assignment file (`agency_*.csv`, Big5): `ID,派發機關數量,派發機關…`, one field per
 * agency. Gives the full agency list of multi-agency requests the crawl cuts at four.
 */
import { FileInputError, type InputProblem } from '../errors.js';
import { agencyAssignmentRowSchema, type AgencyAssignmentRow } from '../../schemas/requests-import.js';
import { csvRows } from './csv-rows.js';
import { decodeStrict, type TextEncodingName } from './decode-text.js';

export const AGENCY_FILE_HEADER = ['ID', '派發機關數量', '派發機關'] as const;

export interface AgencyAssignments {
  rows: Map<string, AgencyAssignmentRow & { line: number }>;
  problems: InputProblem[];
  recordsRead: number;
}

/** Read the agency-assignment file (Big5 unless told otherwise). Throws FileInputError for file-level problems. */
export function readAgencyAssignments(
  bytes: Uint8Array,
  options: { file: string; encoding?: TextEncodingName },
): AgencyAssignments {
  const { file } = options;
  const text = decodeStrict(bytes, options.encoding ?? 'big5', file);
  const records = csvRows(text, file);
  const header = records.shift();
  const headerOk =
    header !== undefined &&
    header.fields.length >= 3 &&
    AGENCY_FILE_HEADER.every((h, i) => header.fields[i]?.trim() === h);
  if (!headerOk) {
    throw new FileInputError([
      {
        file,
        row: 1,
        message: `not an agency-assignment file: expected the header ${AGENCY_FILE_HEADER.join(',')} (wrong encoding? it is normally Big5)`,
      },
    ]);
  }
  if (!/\n$/.test(text)) {
    throw new FileInputError([
      {
        file,
        row: text.split('\n').length,
        message: 'the last record has no line end: the file is truncated',
      },
    ]);
  }
  const rows = new Map<string, AgencyAssignmentRow & { line: number }>();
  const problems: InputProblem[] = [];
  for (const { fields: record, line } of records) {
    const count = Number(record[1]);
    const parsed = agencyAssignmentRowSchema.safeParse({
      requestId: (record[0] ?? '').trim(),
      declaredCount: Number.isInteger(count) ? count : -1,
      agencies: record
        .slice(2)
        .filter((a, i, all) => !(a.trim() === '' && i === all.length - 1 && all.length === 1)),
    });
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((i) => ({ file, row: line, message: i.message })));
      continue;
    }
    const row = { ...parsed.data, agencies: parsed.data.agencies.map((a) => a.trim()), line };
    if (rows.has(row.requestId)) {
      problems.push({ file, row: line, message: `request ${row.requestId} listed twice` });
      continue;
    }
    rows.set(row.requestId, row);
  }
  return { rows, problems, recordsRead: records.length };
}
