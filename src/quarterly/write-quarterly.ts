/** Every requested format of one quarter, rendered in memory (written by the report's atomic writer). */
import { quarterlySchema, type QuarterlyJson } from '../../schemas/quarterly.js';
import type { ReportFile, ReportLang } from '../report/index.js';
import { quarterlyDocument } from './quarterly-document.js';
import type { QuarterlyFigures } from './quarterly-figures.js';
import { renderQuarterlyDocx } from './render-docx.js';
import { renderQuarterlyHtml } from './render-html.js';
import { renderQuarterlyMd } from './render-md.js';
import { renderQuarterlyOds, renderQuarterlyXlsx } from './render-sheets.js';

export const QUARTERLY_FORMATS = ['json', 'html', 'md', 'docx', 'xlsx', 'ods'] as const;
export type QuarterlyFormat = (typeof QUARTERLY_FORMATS)[number];

/** quarterly.json, validated against its schema before it is written (a bug, not bad input, if not). */
export function renderQuarterlyJson(json: QuarterlyJson): string {
  return JSON.stringify(quarterlySchema.parse(json), null, 2) + '\n';
}

export async function renderQuarterlyFiles(
  figures: QuarterlyFigures,
  formats: readonly QuarterlyFormat[],
  lang: ReportLang,
): Promise<ReportFile[]> {
  const doc = quarterlyDocument(figures, lang);
  const base = `quarterly-${figures.json.quarter}`;
  const at = figures.json.generatedAt;
  const files: ReportFile[] = [];
  for (const format of formats) {
    const name = `${base}.${format}`;
    switch (format) {
      case 'json':
        files.push({ name, data: renderQuarterlyJson(figures.json) });
        break;
      case 'html':
        files.push({ name, data: renderQuarterlyHtml(doc) });
        break;
      case 'md':
        files.push({ name, data: renderQuarterlyMd(doc) });
        break;
      case 'docx':
        files.push({ name, data: await renderQuarterlyDocx(doc) });
        break;
      case 'xlsx':
        files.push({ name, data: await renderQuarterlyXlsx(doc, at) });
        break;
      case 'ods':
        files.push({ name, data: renderQuarterlyOds(doc, at) });
        break;
    }
  }
  return files;
}
