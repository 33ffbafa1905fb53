export {
  cronSchedule,
  isValidCron,
  nextOccurrence,
  previousOccurrence,
  CronSyntaxError,
  type CronSchedule,
} from './cron-schedule.js';
export {
  nightlySchedule,
  decideCatchUp,
  nextRun,
  deadManCheck,
  type NightlySchedule,
  type CatchUpDecision,
  type DeadManResult,
} from './schedule-decisions.js';
