/**
 * `GET /api/v2/rest/dataset/{id}` (✅ envelope, 🟡 keys): `{success, result}`; `result:null` means
 * "unknown id", not an error. `datasetId` vs `datasetid`, `Frequency` vs `frequency`,
 * `resourceField` string vs array are normalised here.
 */
import { z } from 'zod';
import {
  STORABLE_MESSAGE,
  datasetIdSchema,
  hasUnstorableText,
  isPlatformTimestamp,
  optionalText,
  storableText,
} from './platform-common.js';

const frequencySchema = z
  .object({
    regularupdate: optionalText.optional(),
    Frequency: optionalText.optional(),
    frequency: optionalText.optional(),
    unittime: optionalText.optional(),
  })
  .loose()
  .transform((f) => ({
    regular: f.regularupdate ?? null,
    count: f.Frequency ?? f.frequency ?? null,
    unit: f.unittime ?? null,
  }));

const resourceFieldSchema = z
  .union([
    z.string(),
    z.array(z.object({ name: z.string(), description: z.string().optional() }).loose()),
    z.null(),
  ])
  .transform((v) =>
    v === null
      ? []
      : typeof v === 'string'
        ? v
            .split(/[,;]/)
            .map((s) => s.trim())
            .filter(Boolean)
        : v.map((f) => f.name),
  );

export const distributionSchema = z
  .object({
    resourceID: optionalText.optional(),
    resourceDescription: optionalText.optional(),
    resourceField: resourceFieldSchema.optional(),
    qcLevel: optionalText.optional(),
    resourceFormat: optionalText.optional(),
    resourceCharacterEncoding: optionalText.optional(),
    resourceDownloadUrl: optionalText.optional(),
    resourceAmount: optionalText.optional(),
    resourceModified: optionalText.optional(),
  })
  .loose();

const dateish = optionalText.refine((s) => s === null || isPlatformTimestamp(s), {
  message: 'not a date on the calendar (expected YYYY-MM-DD[ HH:mm:ss])',
});

export const datasetDetailSchema = z
  .object({
    datasetId: datasetIdSchema.optional(),
    datasetid: datasetIdSchema.optional(),
    identifier: optionalText.optional(),
    title: storableText,
    description: optionalText.optional(),
    publisherOID: optionalText.optional(),
    updateFrequency: z.union([frequencySchema, z.string(), z.null()]).optional(),
    publishedDate: dateish.optional(),
    modifiedDate: dateish.optional(),
    dataQuality: optionalText.optional(),
    keyword: z.union([z.array(z.string()), z.string(), z.null()]).optional(),
    distribution: z.array(distributionSchema).nullable().optional(),
  })
  .loose()
  .refine((d) => d.datasetId !== undefined || d.datasetid !== undefined, {
    message: 'datasetId (or datasetid) is missing',
  })
  // Stored whole (jsonb), unknown keys included.
  .refine((d) => !hasUnstorableText(d), STORABLE_MESSAGE)
  .transform((d) => {
    const [oid, oidName] = splitPublisherOid(d.publisherOID ?? null);
    return {
      ...d,
      datasetId: (d.datasetId ?? d.datasetid) as string,
      publisherOid: oid,
      publisherOidName: oidName,
    };
  });
export type DatasetDetail = z.output<typeof datasetDetailSchema>;

export const detailEnvelopeSchema = z
  .object({
    success: z.literal(true),
    result: z.unknown().nullable(),
  })
  .loose();

/** `"<OID>|<full agency name>"` → [oid, name]; split on the first `|`. */
export function splitPublisherOid(value: string | null): [string | null, string | null] {
  if (!value) return [null, null];
  const bar = value.indexOf('|');
  if (bar < 0) return [value.trim() || null, null];
  return [value.slice(0, bar).trim() || null, value.slice(bar + 1).trim() || null];
}
