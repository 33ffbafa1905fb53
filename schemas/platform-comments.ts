/**
 * `POST /api/front/comment/detail` `{"nid":"…"}` (🟡, 2022/2025 probes). No dates, status or author
 * were recorded: keep the raw payload; every field but the ids is optional.
 */
import { z } from 'zod';
import { datasetIdSchema, optionalText } from './platform-common.js';

const idText = z.union([z.string(), z.number()]).transform((v) => String(v).trim());

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
  .loose();
export type PlatformComment = z.output<typeof commentSchema>;

export const commentsEnvelopeSchema = z
  .object({
    success: z.literal(true),
    payload: z.object({ results: z.array(z.unknown()) }).loose(),
  })
  .loose();
