export { wallTimeToInstant, endOfLocalDay, localDate } from './zoned-time.js';
export { naiveToInstant, naiveDate, naiveInstantAndDate } from './naive-timestamp.js';
