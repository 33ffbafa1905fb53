export {
  runJob,
  recoverAbandonedRuns,
  type JobOutcome,
  type RunContext,
  type RunJobDeps,
  type Counters,
} from './run-journal.js';
export { withJobLock } from './job-lock.js';
export { jobStatuses, type JobStatus } from './run-status.js';
export { lastChildRunId, lastCompletedStart, succeededRunArgs } from './run-lookup.js';
