/**
 * Render every requested format in memory, write them to a temporary directory next to the
 * output directory, then move them into place, so a failure never leaves half a report.
 */
import { chmod, mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { reportSchema } from '../../schemas/report.js';
import { OdsyncError, SchemaError } from '../errors.js';
import type { ReportModel } from './report-model.js';
import { renderCsv } from './render-csv.js';
import { renderHtml } from './render-html.js';
import { renderMd } from './render-md.js';
import { renderOds } from './render-ods.js';
import { renderXlsx } from './render-xlsx.js';
import type { ReportLang } from './strings.js';

export const REPORT_FORMATS = ['json', 'html', 'csv', 'xlsx', 'ods', 'md'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportFile {
  name: string;
  data: string | Uint8Array;
}

/** report.json text, validated against the public contract first. */
export function renderJson(model: ReportModel): string {
  const parsed = reportSchema.safeParse(model.report);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new SchemaError(`report.json does not match its schema: ${problems}`);
  }
  return JSON.stringify(parsed.data, null, 2) + '\n';
}

/** Render the requested formats (all in memory; nothing is written). */
export async function renderReportFiles(
  model: ReportModel,
  formats: readonly ReportFormat[],
  lang: ReportLang = 'zh-TW',
): Promise<ReportFile[]> {
  const files: ReportFile[] = [];
  for (const format of REPORT_FORMATS) {
    if (!formats.includes(format)) continue;
    const name = `report.${format}`;
    switch (format) {
      case 'json':
        files.push({ name, data: renderJson(model) });
        break;
      case 'html':
        files.push({ name, data: renderHtml(model, { lang }) });
        break;
      case 'csv':
        files.push({ name, data: renderCsv(model, { lang }) });
        break;
      case 'xlsx':
        files.push({ name, data: await renderXlsx(model, { lang }) });
        break;
      case 'ods':
        files.push({ name, data: renderOds(model, { lang }) });
        break;
      case 'md':
        files.push({ name, data: renderMd(model, { lang }) });
        break;
    }
  }
  return files;
}

/** File-system operations the writer uses (tests inject failures). */
export interface WriteOps {
  writeFile(file: string, data: string | Uint8Array): Promise<void>;
}

const realOps: WriteOps = { writeFile: (file, data) => writeFile(file, data) };

function writeError(target: string, err: unknown): OdsyncError {
  const why = err instanceof Error ? err.message : String(err);
  return new OdsyncError('REPORT_WRITE', `cannot write the report to ${target}: ${why}`, { cause: err });
}

/**
 * Write `files` into `outDir` atomically: everything goes to a temporary sibling directory first.
 * A new `outDir` appears in one rename; in an existing one, only the report files are replaced
 * (each by a rename), after all of them were written. Failure: the temporary directory is removed
 * and an OdsyncError (exit 1) names the path.
 */
export async function writeReportAtomically(
  outDir: string,
  files: readonly ReportFile[],
  ops: WriteOps = realOps,
): Promise<{ dir: string; files: string[] }> {
  const dir = path.resolve(outDir);
  const parent = path.dirname(dir);
  try {
    await mkdir(parent, { recursive: true });
  } catch (err) {
    throw writeError(parent, err);
  }
  let tmp: string;
  try {
    tmp = await mkdtemp(path.join(parent, `.${path.basename(dir)}.tmp-`));
    await chmod(tmp, 0o755);
  } catch (err) {
    throw writeError(dir, err);
  }
  try {
    for (const f of files) await ops.writeFile(path.join(tmp, f.name), f.data);
    const existing = await stat(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (existing === null) {
      await rename(tmp, dir);
    } else {
      if (!existing.isDirectory()) throw new Error('exists and is not a directory');
      for (const f of files) await rename(path.join(tmp, f.name), path.join(dir, f.name));
      await rm(tmp, { recursive: true, force: true });
    }
  } catch (err) {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw writeError(dir, err);
  }
  return { dir, files: files.map((f) => path.join(dir, f.name)) };
}
