export {
  PlatformHttp,
  type PlatformHttpOptions,
  type HttpStats,
  type DownloadResult,
  type ProbeResponse,
} from './http-client.js';
export {
  PlatformClient,
  createPlatformClient,
  listRequest,
  issuesText,
  type PlatformEndpoints,
  type InvalidRecord,
  type ListPage,
} from './platform-client.js';
export { PLATFORM_RETRY_POLICY, parseRetryAfter, type RetryPolicy } from './retry-policy.js';
export { RequestLimiter, mapLimit, sleep } from './request-limiter.js';
export { odsyncVersion, userAgent } from './version.js';
export type { DatasetDetail } from '../../schemas/platform-detail.js';
export type { FrontListItem } from '../../schemas/platform-front-list.js';
export type { PlatformComment } from '../../schemas/platform-comments.js';
