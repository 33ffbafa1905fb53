/**
 * `POST /api/front/comment/detail` `{"nid":"…"}` (🟡, 2022/2025 probes). No dates, status or author
 * were recorded: keep the raw payload; every field but the ids is optional.
 */
import { z } from 'zod';
import {
  STORABLE_MESSAGE,
  datasetIdSchema,
  hasUnstorableText,
  optionalText,
  storableText,
} from './platform-common.js';

const idText = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .pipe(storableText);

export const commentReplySchema = z
  .object({
    nid: idText.optional(),
    pid: idText.optional(),
    title: optionalText.optional(),
    body: optionalText.optional(),
  })
  .loose();

export const commentSchema = z
  .object({
    nid: datasetIdSchema,
    cid: idText,
    title: optionalText.optional(),
    body: optionalText.optional(),
    reply: z.array(commentReplySchema).nullable().optional(),
  })
  .loose()
  .refine((c) => !hasUnstorableText(c), STORABLE_MESSAGE);
export type PlatformComment = z.output<typeof commentSchema>;

export const commentsEnvelopeSchema = z
  .object({
    success: z.literal(true),
    payload: z.object({ results: z.array(z.unknown()) }).loose(),
  })
  .loose();
