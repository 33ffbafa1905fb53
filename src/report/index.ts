/** The report stage: model (pure), renderers (pure), atomic writer, database loader. */
export {
  buildReportModel,
  ageingBucket,
  AGEING_BUCKETS,
  NO_UNIT,
  DISCREPANCY_GROUP,
  discrepancyGroups,
  type DiscrepancyGroup,
  type ReportModel,
  type ReportInput,
  type ReportCandidate,
  type DiscrepancyRecord,
  type WaitingComment,
  type WaitingRequest,
  type UnitSummary,
  type AgeingBucket,
} from './report-model.js';
export { REPORT_LANGS, reportStrings, type ReportLang } from './strings.js';
export { escapeHtml, html } from './escape-html.js';
export { neutralizeFormula, isFormulaLike } from './neutralize-formula.js';
export {
  reportTables,
  sheetName,
  textCell,
  numberCell,
  dateCell,
  type ReportTable,
  type TableCell,
} from './report-tables.js';
export { renderHtml } from './render-html.js';
export { renderCsv } from './render-csv.js';
export { renderXlsx, renderXlsxSheets } from './render-xlsx.js';
export { renderOds, renderOdsSheets, type OdsSheet } from './render-ods.js';
export { renderMd, mdText } from './render-md.js';
export {
  REPORT_FORMATS,
  renderJson,
  renderReportFiles,
  writeReportAtomically,
  type ReportFormat,
  type ReportFile,
  type WriteOps,
} from './write-report.js';
export { describeDiscrepancy } from './describe-discrepancy.js';
export {
  loadReportInput,
  loadReportSources,
  type LoadReportOptions,
  type ReconcileStore,
} from './load-report.js';
export {
  assembleReportInput,
  type AssembleReportOptions,
  type ReportSources,
  type DiscrepancyLifecycle,
  type StoredComment,
  type StoredDiscrepancy,
  type StoredItemStatus,
  type StoredRequest,
} from './assemble-report-input.js';
export { createReaderRole, type ReaderRoleOptions, type ReaderRoleResult } from './reader-role.js';
export { asOfNotes } from './load-report.js';
export { twoDatesNotes, boundText, type TwoDatesFacts, type TwoDatesNotes } from './two-dates-notes.js';
