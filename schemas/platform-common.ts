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

/** Empty string or whitespace → null; otherwise the trimmed text. */
export const optionalText = z
  .union([z.string(), z.number(), z.null(), z.undefined()])
  .transform((v) => (v === null || v === undefined ? null : String(v).trim() || null));

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
