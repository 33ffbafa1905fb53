/**
 * From a plan file on disk to a stored plan version: read, checksum, parse, validate (all or
 * nothing), then store. Parsing happens before anything touches the database, so a bad file
 * leaves the database exactly as it was.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { buildPlan } from './build-plan.js';
import type { PlanFormat } from './raw-table.js';
import type { PlanEncoding } from './read-delimited.js';
import { readPlanFile } from './read-plan-file.js';
import {
  storePlanVersion,
  type PlanImportResult,
  type PlanStoreDeps,
  type PreparedPlan,
} from './store-plan.js';
import { agencyResolver, DEFAULT_UNIT_AGENCIES, type UnitAgencyTable } from './unit-agency.js';

/** A plan is tens of kilobytes; anything this large is a mistake (or a zip bomb's wrapper). */
export const MAX_PLAN_FILE_BYTES = 64 * 1024 * 1024;

export interface PreparePlanOptions {
  /** Plan label (default: the file name without extension). */
  label?: string;
  format?: PlanFormat;
  encoding?: PlanEncoding;
  /** Unit → agency table (default: the shipped defaults). */
  unitAgencies?: UnitAgencyTable;
  /** The day the version takes effect (YYYY-MM-DD); default the minutes' meeting date, else the import day. */
  effective?: string;
}

export const planLabelSchema = z
  .string()
  .trim()
  .min(1, 'label is empty')
  .max(100, 'label is longer than 100 characters')
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'label contains control characters');

/** Read and validate a plan file. Throws FileInputError (every problem) or InputError. */
export async function preparePlanFile(path: string, options: PreparePlanOptions = {}): Promise<PreparedPlan> {
  const fileName = basename(path);
  if (options.effective !== undefined && !z.iso.date().safeParse(options.effective).success)
    throw new InputError(`--effective: expected a YYYY-MM-DD date, got "${options.effective}"`);
  const labelResult = planLabelSchema.safeParse(options.label ?? basename(path, extname(path)));
  if (!labelResult.success) {
    throw new InputError(`--label: ${labelResult.error.issues.map((i) => i.message).join('; ')}`);
  }
  let bytes: Buffer;
  try {
    const size = statSync(path).size;
    if (size > MAX_PLAN_FILE_BYTES) {
      throw new InputError(
        `${path}：檔案大小 ${size} 位元組，超過上限 ${MAX_PLAN_FILE_BYTES}（開放計畫通常只有數十 KB）`,
      );
    }
    bytes = readFileSync(path);
  } catch (err) {
    throw new InputError(
      `無法讀取檔案 ${path}：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  const table = await readPlanFile(fileName, bytes, { format: options.format, encoding: options.encoding });
  const built = buildPlan(table, {
    file: fileName,
    resolveAgency: agencyResolver(options.unitAgencies ?? DEFAULT_UNIT_AGENCIES),
  });
  return {
    label: labelResult.data,
    fileName,
    checksum: createHash('sha256').update(bytes).digest('hex'),
    format: table.format,
    encoding: table.encoding ?? null,
    items: built.items,
    warnings: built.warnings,
    effectiveDate: options.effective ?? table.meetingDate ?? null,
  };
}

/** The bundled seed plan (the 48 items of the advisory group's 104-1 meeting). */
export const DEFAULT_PLAN_LABEL = '104-1';
/** The day of the 104-1 meeting (104年6月29日) that adopted the bundled plan: its effective date. */
export const DEFAULT_PLAN_EFFECTIVE = '2015-06-29';

/** Locate examples/plan-104-1.tsv from the sources (src/plan) or the build (dist/src/plan). */
export function defaultPlanPath(): string {
  const candidates = ['../../examples/plan-104-1.tsv', '../../../examples/plan-104-1.tsv'].map((rel) =>
    fileURLToPath(new URL(rel, import.meta.url)),
  );
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new InputError(`bundled example plan not found (looked in ${candidates.join(', ')})`);
  return found;
}

/**
 * When no plan was ever imported, import the bundled seed plan (label `104-1`) and log that it did.
 * Returns the import result, or null when a plan already exists. Called by the nightly job.
 */
export async function ensureDefaultPlan(
  deps: PlanStoreDeps & { unitAgencies?: UnitAgencyTable; runId?: number },
): Promise<PlanImportResult | null> {
  const existing = await deps.db.selectFrom('plan_versions').select('id').limit(1).executeTakeFirst();
  if (existing) return null;
  const path = defaultPlanPath();
  const plan = await preparePlanFile(path, {
    label: DEFAULT_PLAN_LABEL,
    format: 'tsv',
    effective: DEFAULT_PLAN_EFFECTIVE,
    ...(deps.unitAgencies ? { unitAgencies: deps.unitAgencies } : {}),
  });
  const result = await storePlanVersion(deps, plan, { onlyIfNoPlan: true, runId: deps.runId ?? null });
  if (result.status !== 'imported') return null;
  deps.logger.warn(
    { label: plan.label, file: path, items: result.itemCount, versionId: result.versionId },
    `尚未匯入任何開放計畫，已自動匯入內附範例計畫 ${plan.fileName}（標籤 ${plan.label}，${result.itemCount} 項）`,
  );
  return result;
}
