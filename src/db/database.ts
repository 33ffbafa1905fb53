/**
 * The one Database type, composed from the per-table interfaces in ./tables/.
 * Add a table: write `tables/<name>.table.ts`, add it here and in a new numbered migration.
 */
import type { RunTable } from './tables/run.table.js';

export interface Database {
  runs: RunTable;
}
