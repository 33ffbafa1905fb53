/**
 * quarterly-<Q>.xlsx and .ods: one sheet per table of each section, in section order, written by
 * the report's own writers (numbers as numbers, dates as dates, text neutralised against formulas).
 */
import { renderOdsSheets, renderXlsxSheets } from '../report/index.js';
import type { QuarterlyDocument } from './quarterly-document.js';

const tablesOf = (doc: QuarterlyDocument) => doc.sections.flatMap((s) => s.tables);

export function renderQuarterlyXlsx(doc: QuarterlyDocument, generatedAt: string): Promise<Buffer> {
  return renderXlsxSheets(tablesOf(doc), generatedAt, doc.title);
}

export function renderQuarterlyOds(doc: QuarterlyDocument, generatedAt: string): Uint8Array {
  return renderOdsSheets(tablesOf(doc), generatedAt);
}
