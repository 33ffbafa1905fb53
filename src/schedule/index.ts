export {
  parseCron,
  isValidCron,
  nextOccurrence,
  previousOccurrence,
  CronSyntaxError,
  type CronSpec,
} from './cron-expression.js';
export {
  nightlySchedule,
  decideCatchUp,
  nextRun,
  deadManCheck,
  type NightlySchedule,
  type CatchUpDecision,
  type DeadManResult,
} from './schedule-decisions.js';
