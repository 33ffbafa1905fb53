export { wallTimeToInstant, endOfLocalDay } from './zoned-time.js';
export { naiveToInstant, naiveDate, naiveInstantAndDate } from './naive-timestamp.js';
export { localDate } from '../clock.js';
