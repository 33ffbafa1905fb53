/**
 * `POST /api/front/dataset/simple-list` `{"status":"history"}` (🟡): datasets delisted from the
 * platform. The item shape was never recorded: `nid` is required, the rest optional; a delisting
 * date is taken from the first of a few plausible keys that holds a date, and left null (the
 * caller falls back to its own observations) when none does.
 */
import { z } from 'zod';
import { datasetIdSchema, optionalText } from './platform-common.js';

/** Keys that may carry the delisting date, most specific first. */
export const DELISTING_DATE_KEYS = [
  'unpublish_date',
  'unpublished_date',
  'unpublish_time',
  'unpublished_at',
  'offline_date',
  'delisted_date',
  'delisted_at',
  '下架日期',
] as const;

const DAY = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?$/;

/** A platform date text → `YYYY-MM-DD` (its local calendar day), or null when it is not a real day. */
export function delistingDay(text: string): string | null {
  const m = DAY.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1990 || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

export const historyListItemSchema = z
  .object({
    nid: datasetIdSchema,
    title: optionalText.optional(),
    agency_name: optionalText.optional(),
  })
  .loose()
  .transform((item) => {
    const raw = item as Record<string, unknown>;
    const key = DELISTING_DATE_KEYS.find((k) => typeof raw[k] === 'string' && raw[k] !== '');
    const text = key ? (raw[key] as string) : null;
    const date = text === null ? null : delistingDay(text);
    return {
      nid: item.nid,
      title: item.title ?? null,
      agency_name: item.agency_name ?? null,
      delistedOn: date,
      /** A date field was present but unreadable: kept for the log, the date falls back. */
      unreadableDate: text !== null && date === null ? `${key}: ${JSON.stringify(text)}` : null,
    };
  });
export type HistoryListItem = z.output<typeof historyListItemSchema>;

/**
 * `{"status":"unpublish"}` (🟡, 預計下架): datasets scheduled for delisting, still listed. Same item
 * shape; the date, where one of the keys holds it, is the planned delisting day.
 */
export const scheduledListItemSchema = historyListItemSchema.transform(({ delistedOn, ...rest }) => ({
  ...rest,
  scheduledOn: delistedOn,
}));
export type ScheduledListItem = z.output<typeof scheduledListItemSchema>;
