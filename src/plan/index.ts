/** The plan stage: read the advisory group's release plan in any format, validate it, store versions. */
export {
  parseRocDate,
  formatRocDate,
  ROC_EPOCH_OFFSET,
  type PlannedDate,
  type DatePrecision,
  type RocDateResult,
  type RocDateFailure,
} from './roc-date.js';
export { PLAN_FORMATS, type PlanFormat, type RawTable, type RawRow, type RawCell } from './raw-table.js';
export { decodeText, readDelimited, PLAN_ENCODINGS, type PlanEncoding } from './read-delimited.js';
export { readXlsx, readXlsxSheets } from './read-xlsx.js';
export { readOds, readOdsSheets, OdsFormatError } from './read-ods.js';
export { readMinutes } from './read-minutes.js';
export { readPlanFile, detectFormat, type ReadPlanOptions } from './read-plan-file.js';
export { PLAN_FIELDS, REQUIRED_FIELDS, FIELD_HEADERS, FIELD_ALIASES, type PlanField } from './columns.js';
export {
  DEFAULT_UNIT_AGENCIES,
  mergeUnitAgencies,
  agencyResolver,
  type UnitAgencyTable,
  type AgencyResolver,
} from './unit-agency.js';
export {
  buildPlan,
  type PlanItemInput,
  type PlanWarning,
  type BuiltPlan,
  type BuildPlanOptions,
} from './build-plan.js';
export {
  diffPlan,
  countChanges,
  planKey,
  type PlanChangeKind,
  type PlanChangeRecord,
  type PlanChangeCounts,
  type CurrentPlanItem,
} from './diff-plan.js';
export {
  storePlanVersion,
  type PlanStoreDeps,
  type PreparedPlan,
  type PlanImportResult,
  type StorePlanOptions,
} from './store-plan.js';
export {
  preparePlanFile,
  ensureDefaultPlan,
  defaultPlanPath,
  planLabelSchema,
  DEFAULT_PLAN_LABEL,
  type PreparePlanOptions,
} from './import-plan-file.js';
export { listPlan, planHistory, type PlanListing, type PlanHistoryEntry } from './plan-queries.js';
export {
  formatImportResult,
  formatProblemZh,
  formatWarning,
  changeSentence,
  displayText,
} from './plan-text.js';
export {
  planInForce,
  type PlanInForce,
  type PlanItemInForce,
  type PlanVersionInForce,
} from './plan-in-force.js';
