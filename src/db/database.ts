/**
 * The one Database type, composed from the per-table interfaces in ./tables/.
 * Add a table: write `tables/<name>.table.ts`, add it here and in a new numbered migration.
 */
import type { RunTable } from './tables/run.table.js';
import type { PlanChangeTable, PlanItemTable, PlanVersionTable } from './tables/plan.table.js';

export interface Database {
  runs: RunTable;
  plan_versions: PlanVersionTable;
  plan_items: PlanItemTable;
  plan_changes: PlanChangeTable;
}
