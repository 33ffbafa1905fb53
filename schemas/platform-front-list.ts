/**
 * `POST /api/front/dataset/list` (🟡): the front-end search, the only source of comment, view and
 * download counts. Item keys and types were not all recorded: everything but `nid` is optional.
 */
import { z } from 'zod';
import { PG_INT_MAX, datasetIdSchema, optionalText } from './platform-common.js';

const count = z
  .union([z.number(), z.string(), z.null()])
  .transform((v) => (v === null || v === '' ? null : Number(v)))
  .pipe(z.number().int().nonnegative().max(PG_INT_MAX).nullable());

export const frontListItemSchema = z
  .object({
    nid: datasetIdSchema,
    title: optionalText.optional(),
    agency_name: optionalText.optional(),
    agency_tid: z
      .union([z.number().int().positive().max(PG_INT_MAX), z.string().regex(/^\d{1,9}$/)])
      .optional(),
    updatefreq_desc: optionalText.optional(),
    pubdate: optionalText.optional(),
    dataset_view_times: count.optional(),
    resource_download_times: count.optional(),
    comment_quantity: count.optional(),
  })
  .loose();
export type FrontListItem = z.output<typeof frontListItemSchema>;

export const frontListEnvelopeSchema = z
  .object({
    success: z.literal(true),
    payload: z
      .object({
        search_count: z
          .union([z.number(), z.string()])
          .transform(Number)
          .pipe(z.number().int().nonnegative()),
        search_result: z.array(z.unknown()),
      })
      .loose(),
  })
  .loose();

/** Request body of the list (and changed list) routes. */
export interface FrontListRequest {
  bool: unknown[];
  filter: Array<{ fields: string; query: Array<number | string> }>;
  page_num: number;
  page_limit: number;
  tids: unknown[];
  sort: string;
}

/** `POST /api/front/dataset/simple-list` `{"status":"unpublish"}` (🟡): delisted datasets. */
export const simpleListItemSchema = z
  .object({
    nid: datasetIdSchema,
    title: optionalText.optional(),
    agency_name: optionalText.optional(),
  })
  .loose();
export type SimpleListItem = z.output<typeof simpleListItemSchema>;
