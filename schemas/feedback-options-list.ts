/**
 * `POST /api/front/dataset/options-list` `{"name":"agency"}` (🟡): the agency facet of the front
 * search, name → agency_tid (Drupal taxonomy ids, which can change). The exact item keys were not
 * recorded, so the common spellings are accepted and normalised to `{ tid, name }`.
 */
import { z } from 'zod';
import { PG_INT_MAX } from './platform-common.js';

const tid = z
  .union([z.number().int().positive().max(PG_INT_MAX), z.string().regex(/^\d{1,9}$/)])
  .transform((v) => Number(v));

export const agencyOptionSchema = z
  .object({
    tid: tid.optional(),
    id: tid.optional(),
    value: tid.optional(),
    agency_tid: tid.optional(),
    name: z.string().optional(),
    label: z.string().optional(),
    title: z.string().optional(),
    agency_name: z.string().optional(),
  })
  .loose()
  .transform((o) => ({
    tid: o.tid ?? o.agency_tid ?? o.id ?? o.value,
    name: (o.name ?? o.agency_name ?? o.label ?? o.title)?.trim(),
  }))
  .pipe(z.object({ tid: z.number().int().positive(), name: z.string().min(1) }));
export type AgencyOption = z.output<typeof agencyOptionSchema>;

const list = z.array(z.unknown());

/** Envelope: `{success:true, payload: [...]}` or a payload object holding the list. */
export const optionsListEnvelopeSchema = z
  .object({
    success: z.literal(true),
    payload: z.union([
      list,
      z
        .object({
          options: list.optional(),
          results: list.optional(),
          items: list.optional(),
          agency: list.optional(),
        })
        .loose(),
    ]),
  })
  .loose()
  .transform((e) =>
    Array.isArray(e.payload)
      ? e.payload
      : (e.payload.options ?? e.payload.results ?? e.payload.items ?? e.payload.agency ?? []),
  );
