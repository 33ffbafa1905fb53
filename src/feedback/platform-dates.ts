/**
 * Dates as the platform writes them, all naive local time (Asia/Taipei by default):
 * Drupal era `星期三, 一月 2, 2019 - 08:59`, pages `2024-10-16 10:05`, exports
 * `2026-06-22 15:01:06(.000000)`, 2017 scrapes `2017/09/05 11:27`. Converted explicitly with the
 * given IANA zone; the runtime's TZ never decides.
 */
import { isCalendarValid } from '../../schemas/platform-common.js';
import { naiveToInstant, wallTimeToInstant } from '../time/index.js';

const CHINESE_MONTHS: Readonly<Record<string, number>> = {
  一月: 1,
  二月: 2,
  三月: 3,
  四月: 4,
  五月: 5,
  六月: 6,
  七月: 7,
  八月: 8,
  九月: 9,
  十月: 10,
  十一月: 11,
  十二月: 12,
};

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'] as const;

const DRUPAL =
  /^\s*(星期[日一二三四五六天]),\s*(十[一二]?月|[一二三四五六七八九]月)\s+(\d{1,2}),\s*(\d{4})\s*-\s*(\d{1,2}):(\d{2})\s*$/u;

/**
 * Parse a Drupal-era Chinese date (`星期三, 一月 2, 2019 - 08:59`) as local time in `timeZone`.
 * Returns null for anything else, an impossible date, or a weekday that contradicts the date.
 */
export function parseDrupalDate(text: string, timeZone = 'Asia/Taipei'): Date | null {
  const m = DRUPAL.exec(text);
  if (!m) return null;
  const [, weekday, monthName, day, year, hour, minute] = m;
  const month = CHINESE_MONTHS[monthName ?? ''];
  if (month === undefined) return null;
  const [y, d, h, mi] = [Number(year), Number(day), Number(hour), Number(minute)];
  if (!isCalendarValid(y, month, d, h, mi)) return null;
  const dow = new Date(Date.UTC(y, month - 1, d)).getUTCDay();
  const expected = weekday === '星期天' ? '星期日' : weekday;
  if (WEEKDAYS[dow] !== expected) return null;
  return wallTimeToInstant(Date.UTC(y, month - 1, d, h, mi), timeZone);
}

/**
 * Parse any date form the platform uses (Drupal Chinese, `YYYY-MM-DD[ HH:mm[:ss[.ffffff]]]`,
 * `YYYY/MM/DD HH:mm`, or an ISO string with an explicit offset). Returns null when unparseable.
 */
export function parsePlatformDate(text: string, timeZone = 'Asia/Taipei'): Date | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (trimmed.startsWith('星期')) return parseDrupalDate(trimmed, timeZone);
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(trimmed)) {
    const d = new Date(trimmed);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  try {
    return naiveToInstant(trimmed, timeZone);
  } catch {
    // Not a naive platform timestamp, or no real time (02-30): unparseable like any other text.
    return null;
  }
}
