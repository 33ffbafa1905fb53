/**
 * The agency machine-to-machine citizen-requests feed ("我想要更多 OAS", ❓: path and shape were
 * never recorded). Accepted: a bare array, `{success, result: [...]}` or `{success, payload:
 * [...] | {results|search_result: [...]}}`; items are mapped by name through the requests alias
 * table, like the /suggests export.
 */
import { z } from 'zod';

const items = z.array(z.record(z.string(), z.unknown()));

export const requestsFeedSchema = z.union([
  items,
  z
    .object({
      success: z.literal(true).optional(),
      result: items.optional(),
      data: items.optional(),
      payload: z
        .union([items, z.object({ results: items.optional(), search_result: items.optional() }).loose()])
        .optional(),
    })
    .loose()
    .refine((e) => e.result ?? e.data ?? e.payload, 'no result, data or payload list'),
]);

/** Items of a parsed feed body. */
export function feedItems(body: z.output<typeof requestsFeedSchema>): Record<string, unknown>[] {
  if (Array.isArray(body)) return body;
  if (body.result) return body.result;
  if (body.data) return body.data;
  const p = body.payload;
  if (Array.isArray(p)) return p;
  return p?.results ?? p?.search_result ?? [];
}
