/**
 * The daily changed datasets (🟡): the export file (`/api/front/dataset/changed/export`, the export
 * columns plus `資料集變動狀態`, parsed with the export row schema) and the paged list
 * (`POST /api/front/dataset/changed/list`), whose item keys were not recorded.
 */
import { z } from 'zod';
import { datasetIdSchema, optionalText } from './platform-common.js';
import { CHANGE_STATUSES } from './platform-export-row.js';

export const changedListItemSchema = z
  .object({
    nid: datasetIdSchema,
    title: optionalText.optional(),
    agency_name: optionalText.optional(),
    status: z.enum(CHANGE_STATUSES).optional(),
  })
  .loose();
export type ChangedListItem = z.output<typeof changedListItemSchema>;

export const changedListEnvelopeSchema = z
  .object({
    success: z.literal(true),
    payload: z
      .object({
        search_count: z.union([z.number(), z.string()]).transform(Number),
        search_result: z.array(z.unknown()),
      })
      .loose(),
  })
  .loose();
