export type { Database } from './database.js';
export type { Run, RunStatus } from './tables/run.table.js';
export type { PlanItem } from './tables/plan.table.js';
export { openDatabase, type DbHandle, type DbTarget, type Engine } from './create-db.js';
export { migrateToLatest, type MigrationReport } from './migrate.js';
export { TYPE_PARSERS, parseTimestamp } from './type-parsers.js';
export type { PlanItemReview, ReviewConflict } from './tables/plan-item-review.table.js';
