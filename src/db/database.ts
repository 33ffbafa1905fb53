/**
 * The one Database type, composed from the per-table interfaces in ./tables/.
 * Add a table: write `tables/<name>.table.ts`, add it here and in a new numbered migration.
 */
import type { AlertDeliveryTable, AlertSentTable } from './tables/alert.table.js';
import type { RunTable } from './tables/run.table.js';
import type { PlanItemReviewTable } from './tables/plan-item-review.table.js';
import type {
  DiscrepancyTable,
  MatchDecisionTable,
  ReconcileItemStatusTable,
  ReconcileMatchTable,
  ReconcileRequestLinkTable,
  ReconcileRunDiscrepancyTable,
  ReconcileRunTable,
} from './tables/reconcile.table.js';
import type {
  CatalogPassTable,
  DatasetDelistingDateTable,
  ScheduledDelistingTable,
  DatasetEventTable,
  DatasetTable,
  DatasetVersionTable,
  QuarantineTable,
  RawArchiveTable,
} from './tables/catalog.table.js';
import type {
  PlanChangeTable,
  PlanItemTable,
  PlanVersionItemTable,
  PlanVersionTable,
} from './tables/plan.table.js';
import type {
  CitizenRequestAgencyTable,
  CitizenRequestHistoryTable,
  CitizenRequestTable,
} from './tables/citizen-request.table.js';
import type {
  DatasetCommentHistoryTable,
  DatasetCommentReplyTable,
  DatasetCommentTable,
  FeedbackAgencyTidTable,
  FeedbackDatasetTable,
} from './tables/dataset-comment.table.js';

export interface Database {
  runs: RunTable;
  match_decisions: MatchDecisionTable;
  reconcile_runs: ReconcileRunTable;
  reconcile_matches: ReconcileMatchTable;
  reconcile_item_statuses: ReconcileItemStatusTable;
  discrepancies: DiscrepancyTable;
  reconcile_run_discrepancies: ReconcileRunDiscrepancyTable;
  reconcile_request_links: ReconcileRequestLinkTable;
  datasets: DatasetTable;
  dataset_versions: DatasetVersionTable;
  dataset_events: DatasetEventTable;
  scheduled_delistings: ScheduledDelistingTable;
  dataset_delisting_dates: DatasetDelistingDateTable;
  quarantine: QuarantineTable;
  raw_archives: RawArchiveTable;
  catalog_passes: CatalogPassTable;
  plan_versions: PlanVersionTable;
  plan_items: PlanItemTable;
  plan_version_items: PlanVersionItemTable;
  plan_changes: PlanChangeTable;
  alert_sent: AlertSentTable;
  alert_deliveries: AlertDeliveryTable;
  citizen_requests: CitizenRequestTable;
  citizen_request_agencies: CitizenRequestAgencyTable;
  citizen_request_history: CitizenRequestHistoryTable;
  feedback_agency_tids: FeedbackAgencyTidTable;
  feedback_datasets: FeedbackDatasetTable;
  dataset_comments: DatasetCommentTable;
  dataset_comment_replies: DatasetCommentReplyTable;
  dataset_comment_history: DatasetCommentHistoryTable;
  plan_item_reviews: PlanItemReviewTable;
}
