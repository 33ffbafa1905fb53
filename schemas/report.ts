/**
 * report.json: the public contract read by dashboards and scripts (schemaVersion 1).
 * Dates are `YYYY-MM-DD`, instants ISO 8601 UTC, missing values `null`, ids strings.
 * Changing a field's meaning or removing one requires schemaVersion 2; adding optional
 * fields does not.
 */
import { z } from 'zod';

/** Plan item statuses, exactly as the reconciliation defines them. */
export const PLAN_ITEM_STATUSES = [
  'published_on_time',
  'published_late',
  'overdue',
  'pending',
  'missing',
  'needs_review',
] as const;
export type PlanItemStatus = (typeof PLAN_ITEM_STATUSES)[number];

/** Discrepancy kinds, exactly as the reconciliation defines them. */
export const DISCREPANCY_KINDS = [
  'overdue',
  'published_late',
  'missing',
  'needs_review',
  'unplanned',
  'stale',
  'unanswered_feedback',
  'open_request',
  'expected_date_passed',
  'delisting_scheduled',
] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];

/** A calendar date `YYYY-MM-DD` that exists (2015-02-30 is rejected). */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a calendar date');

const idSchema = z.string().min(1);
const count = z.number().int().nonnegative();

export const planItemStatusSchema = z.enum(PLAN_ITEM_STATUSES);
export const discrepancyKindSchema = z.enum(DISCREPANCY_KINDS);

export const reportPlanSchema = z
  .object({
    /** The plan's label (e.g. `104-1`). */
    label: z.string(),
    /** The plan version the report counted (id as string). */
    versionId: idSchema,
    fileName: z.string().nullable(),
    importedAt: z.iso.datetime({ offset: true }).nullable(),
    /** Plan items of this version counted in the report. */
    items: count,
  })
  .strict();

/** A dataset of the item's agency that a person should look at (可能相符: below the matching threshold). */
export const reportPossibleMatchSchema = z
  .object({
    datasetId: idSchema,
    title: z.string(),
    publisher: z.string().nullable(),
    publishedDate: isoDateSchema.nullable(),
    score: z.number().min(0).max(1),
  })
  .strict();

export const reportItemSchema = z
  .object({
    planKey: idSchema,
    /** 序號 in the plan. */
    seq: z.number().int(),
    title: z.string(),
    /** 管理單位 (owning unit) as written in the plan. */
    unit: z.string().nullable(),
    /** Publishing agency the unit maps to. */
    agency: z.string().nullable(),
    /** 預計開放年月 as written in the plan. */
    plannedRaw: z.string().nullable(),
    dueDate: isoDateSchema.nullable(),
    status: planItemStatusSchema,
    datasetId: idSchema.nullable(),
    datasetTitle: z.string().nullable(),
    publishedDate: isoDateSchema.nullable(),
    /** published − due in days for matched items (negative when early). */
    lagDays: z.number().int().nullable(),
    /** as-of − due in days for overdue items. */
    overdueDays: z.number().int().nullable(),
    match: z
      .object({ method: z.enum(['auto', 'manual']), score: z.number().min(0).max(1).nullable() })
      .strict()
      .nullable(),
    feedback: z.object({ comments: count, unanswered: count }).strict(),
    requests: z.array(idSchema),
    /** 延遲原因 the owning unit gave (review workbook); absent in reports before it existed. */
    reason: z.string().nullable().optional(),
    /** 預計上架日期 the owning unit gave. */
    expectedDate: isoDateSchema.nullable().optional(),
    /** Every dataset of an item published as several (per fund, year or region); `datasetId` is the earliest. */
    datasetIds: z.array(idSchema).optional(),
    /** 可能相符 for an overdue item: its agency's datasets just below the matching threshold. */
    possibleMatches: z.array(reportPossibleMatchSchema).optional(),
  })
  .strict();

export const reportDiscrepancySchema = z
  .object({
    id: idSchema,
    kind: discrepancyKindSchema,
    planKey: idSchema.nullable(),
    datasetId: idSchema.nullable(),
    firstSeen: isoDateSchema,
    detail: z.string(),
  })
  .strict();

export const reportSchema = z
  .object({
    schemaVersion: z.literal(1),
    asOf: isoDateSchema,
    generatedAt: z.iso.datetime({ offset: true }),
    /** The `report` run in the run journal that produced this file. */
    runId: idSchema,
    scope: z
      .object({
        /** Publisher names counted as ours; `["*"]` means every publisher. */
        publishers: z.array(z.string()),
        plans: z.array(reportPlanSchema),
        /** Our publishers' datasets listed on the platform on the as-of date. */
        platformDatasets: count,
      })
      .strict(),
    summary: z
      .object({
        planItems: count,
        byStatus: z
          .object(
            Object.fromEntries(PLAN_ITEM_STATUSES.map((s) => [s, count])) as Record<
              PlanItemStatus,
              typeof count
            >,
          )
          .strict(),
      })
      .strict(),
    items: z.array(reportItemSchema),
    /** Discrepancies open on the as-of date. */
    discrepancies: z.array(reportDiscrepancySchema),
    /** Caveats of the answer (what the as-of day precedes, what only observation could tell); absent when none. */
    notes: z.array(z.string()).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.summary.planItems !== r.items.length)
      ctx.addIssue({ code: 'custom', path: ['summary', 'planItems'], message: 'must equal items.length' });
    for (const s of PLAN_ITEM_STATUSES) {
      const n = r.items.filter((i) => i.status === s).length;
      if (r.summary.byStatus[s] !== n)
        ctx.addIssue({ code: 'custom', path: ['summary', 'byStatus', s], message: `must be ${n}` });
    }
  });

export type Report = z.infer<typeof reportSchema>;
export type ReportItem = z.infer<typeof reportItemSchema>;
export type ReportDiscrepancy = z.infer<typeof reportDiscrepancySchema>;
export type ReportPlan = z.infer<typeof reportPlanSchema>;
