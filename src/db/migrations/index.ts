/**
 * The ordered list of migrations. Static imports (not a folder scan) so the same list works from
 * sources (tsx, vitest) and from the compiled dist/. Names are `NNNN_description`, never renamed.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_run_journal.js';
import * as m0002 from './0002_catalog.js';
import * as m0003 from './0003_plan.js';
import * as m0004 from './0004_feedback.js';
import * as m0005 from './0005_reconcile.js';
import * as m0006 from './0006_reporting.js';
import * as m0007 from './0007_alerts.js';
import * as m0008 from './0008_catalog_lean.js';
import * as m0009 from './0009_drop_catalog_staging.js';
import * as m0010 from './0010_versions_json.js';
import * as m0011 from './0011_valid_time.js';
import * as m0012 from './0012_plan_item_reviews.js';
import * as m0013 from './0013_scheduled_delistings.js';

export const MIGRATIONS: Record<string, Migration> = {
  '0001_run_journal': m0001,
  '0002_catalog': m0002,
  '0003_plan': m0003,
  '0004_feedback': m0004,
  '0005_reconcile': m0005,
  '0006_reporting': m0006,
  '0007_alerts': m0007,
  '0008_catalog_lean': m0008,
  '0009_drop_catalog_staging': m0009,
  '0010_versions_json': m0010,
  '0011_valid_time': m0011,
  '0012_plan_item_reviews': m0012,
  '0013_scheduled_delistings': m0013,
};
