/**
 * The platform's declared update frequency (更新頻率), e.g. 每1月 or 不定期更新 (docs/platform-api.md).
 * Strings are parsed with ^每(\d+)(\D+)$; unknown units are kept raw and never raise.
 */
import { normalizeText } from '../text/index.js';
import { addDays, addMonths } from './dates.js';

export type UpdateFrequency =
  | { kind: 'regular'; count: number; unit: string; raw: string }
  | { kind: 'irregular'; raw: string }
  | { kind: 'unknown'; raw: string };

// A catalogue uses a handful of distinct values: parse each once.
const parsedFrequencies = new Map<string, UpdateFrequency | null>();

export function parseUpdateFrequency(raw: string | null): UpdateFrequency | null {
  if (raw === null) return null;
  if (parsedFrequencies.has(raw)) return parsedFrequencies.get(raw)!;
  const parsed = parseFrequency(raw);
  if (parsedFrequencies.size < 1000) parsedFrequencies.set(raw, parsed);
  return parsed;
}

function parseFrequency(raw: string): UpdateFrequency | null {
  const text = normalizeText(raw).replace(/\s+/g, '');
  if (text === '') return null;
  if (text.includes('不定期')) return { kind: 'irregular', raw };
  const m = /^每(\d+)(\D+)$/u.exec(text);
  if (m) return { kind: 'regular', count: Number(m[1]), unit: m[2]!, raw };
  return { kind: 'unknown', raw };
}

/** `date` plus `count` units, or null for a unit we do not know (never guessed). */
export function addFrequency(date: string, count: number, unit: string): string | null {
  switch (unit) {
    case '分':
    case '分鐘':
      return addDays(date, Math.max(1, Math.ceil(count / 1440)));
    case '時':
    case '小時':
      return addDays(date, Math.max(1, Math.ceil(count / 24)));
    case '日':
    case '天':
      return addDays(date, count);
    case '週':
    case '周':
      return addDays(date, 7 * count);
    case '月':
    case '個月':
      return addMonths(date, count);
    case '季':
      return addMonths(date, 3 * count);
    case '半年':
      return addMonths(date, 6 * count);
    case '年':
      return addMonths(date, 12 * count);
    default:
      return null;
  }
}
