export { wallTimeToInstant, endOfLocalDay } from './zoned-time.js';
export { localDate } from '../clock.js';
