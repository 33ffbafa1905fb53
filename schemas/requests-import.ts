/**
 * Citizen dataset requests (我想要更多 / suggests) as odsync reads them from files and feeds.
 * Every reader (2019 crawl, /suggests CSV or JSON export, agency feed) produces `RequestRecord`s;
 * a field is `undefined` when the source does not carry that column (an import then keeps what the
 * database already has) and `null` when the source carries it empty.
 */
import { z } from 'zod';
import { PG_INT_MAX } from './platform-common.js';

/** Reply statuses: today's three plus the Drupal-era 研議中. */
export const REQUEST_STATUSES = ['已回復', '未回復', '再回復', '研議中'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const DISPATCH_STATUSES = ['已分派', '未分派', '分派中'] as const;

export const replyFloorSchema = z.object({
  /** The floor's HTML exactly as the source had it. */
  html: z.string(),
  /** Plain-text rendering (matching, search); never shown unescaped. */
  text: z.string(),
  /** `platform-ack`: the platform's automatic "已請主管機關…研議辦理" floor. */
  kind: z.enum(['platform-ack', 'reply']),
});
export type ReplyFloor = z.infer<typeof replyFloorSchema>;

const text = z.string();
const optionalText = text.nullable().optional();

export const requestRecordSchema = z.object({
  requestId: z.string().regex(/^\d{1,12}$/, 'ID must be a number'),
  title: z
    .string()
    .refine((s) => s.trim() !== '', 'title is empty')
    .optional(),
  datasetName: optionalText,
  wantedFields: optionalText,
  reason: optionalText,
  /** Agencies the request was dispatched to (實際派發機關 / 派發機關), in source order. */
  agencies: z.array(z.string().min(1)).optional(),
  /** False when the source is known to list only some agencies (the crawl's 4-agency rows). */
  agenciesComplete: z.boolean().optional(),
  suggestedAgencies: optionalText,
  status: z.enum(REQUEST_STATUSES).nullable().optional(),
  dispatchStatus: optionalText,
  postedAt: z.date().nullable().optional(),
  postedAtRaw: optionalText,
  repliedAt: z.date().nullable().optional(),
  repliedAtRaw: optionalText,
  viewCount: z.number().int().nonnegative().max(PG_INT_MAX).nullable().optional(),
  /** Masked requester name as the platform shows it (e.g. `K****e`). */
  requester: optionalText,
  requesterType: optionalText,
  industry: optionalText,
  replies: z.array(replyFloorSchema).optional(),
});
export type RequestRecord = z.infer<typeof requestRecordSchema>;

/** The /suggests JSON export: an array of records, possibly wrapped in an envelope. */
export const suggestsJsonFileSchema = z.union([
  z.array(z.record(z.string(), z.unknown())),
  z
    .object({
      success: z.boolean().optional(),
      result: z.array(z.record(z.string(), z.unknown())).optional(),
      data: z.array(z.record(z.string(), z.unknown())).optional(),
      payload: z
        .union([
          z.array(z.record(z.string(), z.unknown())),
          z.object({ results: z.array(z.record(z.string(), z.unknown())).optional() }).loose(),
        ])
        .optional(),
    })
    .loose(),
]);

/** One row of the agency-assignment file: `ID,派發機關數量,派發機關…`. */
export const agencyAssignmentRowSchema = z
  .object({
    requestId: z.string().regex(/^\d{1,12}$/, 'ID must be a number'),
    declaredCount: z.number().int().nonnegative(),
    agencies: z.array(z.string().trim().min(1, 'empty agency name')),
  })
  .refine((r) => r.declaredCount === r.agencies.length, {
    message: '派發機關數量 does not match the number of agency fields',
    path: ['declaredCount'],
  });
export type AgencyAssignmentRow = z.infer<typeof agencyAssignmentRowSchema>;
