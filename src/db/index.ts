export type { Database } from './database.js';
export type { Run, RunStatus } from './tables/run.table.js';
export type { PlanItem } from './tables/plan.table.js';
export type { PlanChange, PlanVersion } from './tables/plan.table.js';
export type { AlertChannel } from './tables/alert.table.js';
export type { DatasetEventSource } from './tables/catalog.table.js';
export type {
  CitizenRequestAgencyTable,
  CitizenRequestHistoryTable,
  CitizenRequestTable,
} from './tables/citizen-request.table.js';
export type { FeedbackDatasetTable } from './tables/dataset-comment.table.js';
export { openDatabase, type DbHandle, type DbTarget, type Engine } from './create-db.js';
export type { CopyOpener, CopySink, CopyStatement, DbSession } from './create-db.js';
export { migrateToLatest, type MigrationReport } from './migrate.js';
export { TYPE_PARSERS, parseTimestamp } from './type-parsers.js';
export type { PlanItemReview, ReviewConflict } from './tables/plan-item-review.table.js';
