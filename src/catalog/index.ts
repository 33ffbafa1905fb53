export { datesBetween } from './pass-mode.js';
export {
  syncCatalog,
  type SyncMode,
  type CatalogSyncDeps,
  type CatalogSyncResult,
  type CatalogProgress,
} from './sync-catalog.js';
export {
  parseExportFile,
  parseExportStream,
  mapHeader,
  csvTextRecords,
  CsvSyntaxError,
  splitJsonArray,
  type ParsedItem,
} from './export-parser.js';
export {
  normalizeRow,
  resourcesOf,
  fieldsOf,
  splitCell,
  type CatalogRecord,
  type CatalogResource,
} from './normalize-record.js';
export { contentHash } from './content-hash.js';
export {
  PublisherFilter,
  type MembershipBy,
  type PublisherMatch,
  type PublisherEvidence,
} from './publisher-filter.js';
export { catalogAsOf, type CatalogEntryAsOf } from './catalog-as-of.js';
export {
  familyAsSeen,
  type FamilyAsSeen,
  type FamilyMemberAsSeen,
  type SeenPublisher,
  type MembershipCounts,
} from './family-as-seen.js';
export { loadKnown, applyRest } from './catalog-store.js';
export {
  delistingOn,
  type ListingEvent,
  type DelistingBound,
  type DelistingOnDay,
} from './delisting-dates.js';
