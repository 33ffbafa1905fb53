/** `review export`: one workbook per 管理單位 and review-all, written atomically into one directory. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { InputError } from '../errors.js';
import { writeReportAtomically } from '../report/index.js';
import {
  buildReviewOds,
  buildReviewXlsx,
  reviewFileName,
  type ReviewFormat,
  type WorkbookMeta,
} from './build-workbook.js';
import { loadReviewItems, type ReviewItem } from './load-review-items.js';

export interface ExportReviewOptions {
  asOf?: string;
  unit?: string;
  format: ReviewFormat;
  generatedAt: Date;
  /** Output directory for the as-of date the export resolved to. */
  outDir: (asOf: string) => string;
}

export interface ExportReviewResult {
  runId: number;
  asOf: string;
  dir: string;
  files: { path: string; unit: string | null; items: number }[];
}

async function build(items: readonly ReviewItem[], meta: WorkbookMeta, format: ReviewFormat) {
  return format === 'xlsx' ? buildReviewXlsx(items, meta) : buildReviewOds(items, meta);
}

export async function exportReviewWorkbooks(
  db: Kysely<Database>,
  options: ExportReviewOptions,
): Promise<ExportReviewResult> {
  const loaded = await loadReviewItems(db, options.asOf === undefined ? {} : { asOf: options.asOf });
  const units = [...new Set(loaded.items.map((i) => i.unit))].sort((a, b) =>
    (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0,
  );
  if (options.unit !== undefined && !units.includes(options.unit))
    throw new InputError(
      `計畫中沒有管理單位「${options.unit}」（可用：${units.map((u) => u ?? '未指定單位').join('、')}）`,
    );
  const wanted = options.unit === undefined ? units : [options.unit];
  const files: { name: string; data: Uint8Array | Buffer; unit: string | null; items: number }[] = [];
  for (const unit of wanted) {
    const items = loaded.items.filter((i) => i.unit === unit);
    const meta = { asOf: loaded.asOf, generatedAt: options.generatedAt, unit };
    files.push({
      name: reviewFileName(unit, options.format),
      data: await build(items, meta, options.format),
      unit,
      items: items.length,
    });
  }
  if (options.unit === undefined) {
    const meta = { asOf: loaded.asOf, generatedAt: options.generatedAt, unit: null };
    files.push({
      name: `review-all.${options.format}`,
      data: await build(loaded.items, meta, options.format),
      unit: null,
      items: loaded.items.length,
    });
  }
  const written = await writeReportAtomically(
    options.outDir(loaded.asOf),
    files.map((f) => ({ name: f.name, data: f.data })),
  );
  return {
    runId: loaded.runId,
    asOf: loaded.asOf,
    dir: written.dir,
    files: files.map((f, i) => ({ path: written.files[i]!, unit: f.unit, items: f.items })),
  };
}
