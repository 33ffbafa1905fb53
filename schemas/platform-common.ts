/**
 * Shared pieces of the data.gov.tw payload schemas. Ids arrive as strings or numbers: normalised
 * to strings here. Unknown extra keys are tolerated (`.loose()`), callers log them once.
 */
import { z } from 'zod';

/** A dataset id (`資料集識別碼`, `datasetId`, `nid`): digits, string or number → string. */
export const datasetIdSchema = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(/^\d{1,12}$/, 'dataset id must be digits'));

/** Naive platform timestamp `YYYY-MM-DD HH:mm:ss` with optional `.ffffff` (Asia/Taipei, no offset). */
export const NAIVE_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/;
/** Date-only `YYYY-MM-DD`. */
export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Largest value of a PostgreSQL `integer` column (counts, tids). */
export const PG_INT_MAX = 2_147_483_647;

/**
 * `YYYY-MM-DD[ HH:mm[:ss[.ffffff]]]` or the same with `/` (month, day and hour may have one digit).
 * The shape only: `isCalendarValid` rules out 02-30 and hour 25.
 */
export const PLATFORM_TIMESTAMP =
  /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * Whether the parts name a real wall-clock time PostgreSQL can store: years 1000–9999, a day that
 * exists in its month (leap years included), hour < 24, minute and second < 60. Integer compares
 * only (no Date per cell).
 */
export function isCalendarValid(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): boolean {
  if (y < 1000 || y > 9999 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  if (d <= DAYS_IN_MONTH[mo - 1]!) return true;
  return mo === 2 && d === 29 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

/** Whether `text` (trimmed) is a platform timestamp or date that exists on the calendar. */
export function isPlatformTimestamp(text: string): boolean {
  const m = PLATFORM_TIMESTAMP.exec(text.trim());
  return m !== null && isCalendarValid(+m[1]!, +m[3]!, +m[4]!, +(m[5] ?? 0), +(m[6] ?? 0), +(m[7] ?? 0));
}

/** An optional cell that failed validation: kept out of the record (null), noted with its raw value. */
export interface InvalidCell {
  invalid: unknown;
  message: string;
}

export function isInvalidCell(v: unknown): v is InvalidCell {
  return typeof v === 'object' && v !== null && 'invalid' in v;
}

/** A NUL (PostgreSQL text cannot hold one) or an unpaired UTF-16 surrogate (jsonb rejects its escape). */
export const UNSTORABLE_TEXT = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const STORABLE_MESSAGE = 'contains a NUL character or an unpaired UTF-16 surrogate';

/** Whether any string (or key) inside `v` is unstorable: for payloads stored whole as jsonb. */
export function hasUnstorableText(v: unknown): boolean {
  if (typeof v === 'string') return UNSTORABLE_TEXT.test(v);
  if (Array.isArray(v)) return v.some(hasUnstorableText);
  if (v && typeof v === 'object')
    return Object.entries(v).some(([k, x]) => UNSTORABLE_TEXT.test(k) || hasUnstorableText(x));
  return false;
}

/** Text PostgreSQL can store and read back. */
export const storableText = z.string().refine((s) => !UNSTORABLE_TEXT.test(s), STORABLE_MESSAGE);

/** Empty string or whitespace → null; otherwise the trimmed text (storable, see storableText). */
export const optionalText = z
  .union([z.string(), z.number(), z.null(), z.undefined()])
  .transform((v) => (v === null || v === undefined ? null : String(v).trim() || null))
  .refine((s) => s === null || !UNSTORABLE_TEXT.test(s), STORABLE_MESSAGE);

/** The platform's logical error envelope (HTTP 200 + `success:false`). */
export const platformErrorEnvelopeSchema = z
  .object({
    success: z.literal(false),
    code: z.union([z.number(), z.string()]).optional(),
    message: z.string().optional(),
    error: z
      .object({
        error_type: z.string().optional(),
        type: z.string().optional(),
        message: z.string().optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
export type PlatformErrorEnvelope = z.infer<typeof platformErrorEnvelopeSchema>;
