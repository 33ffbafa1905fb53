/** Citizen voice: dataset comments and citizen dataset requests, with reply tracking. */
export { parseDrupalDate, parsePlatformDate } from './platform-dates.js';
export { decodeStrict, type TextEncodingName } from './decode-text.js';
export { readRequestsFile, type RequestsFileFormat, type RequestsFileContent } from './read-requests-file.js';
export { readAgencyAssignments, type AgencyAssignments } from './read-agency-assignments.js';
export { REQUEST_COLUMN_ALIASES, requestFieldFor, CRAWL_HEADER } from './request-columns.js';
export { ourAgencyMatcher } from './publisher-match.js';
export { firstOwnAgency, storeRequests, type StoreRequestsResult } from './requests-store.js';
export {
  importRequests,
  type ImportRequestsInput,
  type ImportRequestsOptions,
  type ImportRequestsSummary,
} from './import-requests.js';
export { platformCommentsSource, type CommentsSource, type ListedDataset } from './comments-source.js';
export { storeDatasetComments, type StoreCommentsResult } from './comments-store.js';
export { syncComments, type SyncCommentsOptions, type SyncCommentsResult } from './sync-comments.js';
export { syncRequestsFeed, type RequestsFeedConfig, type RequestsFeedResult } from './requests-feed.js';
export {
  agencyCommentFacts,
  agencyReplyFacts,
  datasetCommentFacts,
  requestFacts,
  statusGroup,
  type AgencyCommentFacts,
  type AgencyReplyFacts,
  type DatasetCommentFacts,
  type RequestFacts,
  type RequestStatusGroup,
} from './feedback-facts.js';
