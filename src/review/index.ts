/** The units' review round trip: export workbooks per 管理單位, import their answers. */
export { exportReviewWorkbooks, type ExportReviewOptions, type ExportReviewResult } from './export-review.js';
export {
  prepareReviewImport,
  applyReviewImport,
  type ReviewFileInput,
  type PreparedReviewFile,
  type ReviewFileResult,
  type ReviewImportResult,
} from './apply-review.js';
export {
  REVIEW_FORMATS,
  type ReviewFormat,
  buildReviewXlsx,
  buildReviewOds,
  reviewFileName,
} from './build-workbook.js';
export { loadReviewItems, type ReviewItem, type ReviewItems } from './load-review-items.js';
export { gatherCandidates, type ReviewCandidate } from './review-candidates.js';
export { ITEMS_SHEET, HELP_SHEET, REVIEW_COLUMNS } from './review-columns.js';
export { parseExpectedDate, cellText } from './validate-review.js';
