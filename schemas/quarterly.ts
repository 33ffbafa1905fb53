/**
 * quarterly.json: the quarterly progress report for the advisory group (schemaVersion 1), a public
 * contract. Dates are `YYYY-MM-DD`, instants ISO 8601 UTC; a figure odsync cannot know is `null`
 * (never 0). Adding optional fields keeps version 1; changing or removing one requires version 2.
 */
import { z } from 'zod';
import { isoDateSchema, planItemStatusSchema, PLAN_ITEM_STATUSES } from './report.js';

/** A Western quarter name: `2026Q3`. */
export const quarterNameSchema = z.string().regex(/^\d{4}Q[1-4]$/, 'expected a quarter like 2026Q3');

const count = z.number().int().nonnegative();

/** Counts per plan item status (every status present, zeros included). */
export const statusCountsSchema = z.object(
  Object.fromEntries(PLAN_ITEM_STATUSES.map((s) => [s, count])) as Record<
    (typeof PLAN_ITEM_STATUSES)[number],
    typeof count
  >,
);

export const quarterlySchema = z.object({
  schemaVersion: z.literal(1),
  quarter: quarterNameSchema,
  /** ROC name of the quarter: `115年第3季`. */
  rocQuarter: z.string().regex(/^\d{2,3}年第[1-4]季$/),
  periodStart: isoDateSchema,
  periodEnd: isoDateSchema,
  generatedAt: z.string().datetime(),
  /** Datasets on the platform at the quarter's end, per agency of the family (valid time). */
  platform: z.object({
    total: count,
    byAgency: z.array(
      z.object({
        agency: z.string(),
        datasets: count,
        /** First published (上架日期) in the quarter. */
        added: count,
        /** Delisted in the quarter. */
        delisted: count,
        subUnits: z.array(z.object({ name: z.string(), datasets: count })),
      }),
    ),
    /** Datasets on the platform at the previous quarter's end. */
    previousTotal: count,
  }),
  /** Citizen comments (我有話要說) on our datasets. */
  feedback: z.object({
    /** First seen in the quarter; null when odsync did not yet observe comments before it began. */
    received: count.nullable(),
    cumulative: count,
    answered: count,
    unanswered: count,
    medianReplyDays: z.number().nonnegative().nullable(),
    /** The day of odsync's first comment sync (null = never synced). */
    observedSince: isoDateSchema.nullable(),
  }),
  /** Citizen dataset requests (我想要更多) routed to the family. */
  requests: z.object({
    /** Submitted in the quarter; null when some request's date is unknown and it may fall in it. */
    received: count.nullable(),
    cumulative: count,
    byStatus: z.record(z.string(), count),
    items: z.array(
      z.object({
        requestId: z.string(),
        title: z.string(),
        agency: z.string().nullable(),
        status: z.string(),
        submittedOn: isoDateSchema.nullable(),
        repliedOn: isoDateSchema.nullable(),
      }),
    ),
  }),
  /** The plan in force at the quarter's end, with every item's status then. */
  plan: z.object({
    planItems: count,
    byStatus: statusCountsSchema,
    /** Items whose status at the quarter's end differs from the previous quarter's end (from null: not in the plan then). */
    changed: z.array(
      z.object({ planKey: z.string(), from: planItemStatusSchema.nullable(), to: planItemStatusSchema }),
    ),
    overdue: z.array(
      z.object({
        planKey: z.string(),
        seq: z.number().int().nullable(),
        title: z.string(),
        unit: z.string().nullable(),
        dueDate: isoDateSchema,
        overdueDays: z.number().int().positive(),
        reason: z.string().nullable(),
        expectedDate: isoDateSchema.nullable(),
      }),
    ),
  }),
  /** Status counts at the end of every quarter since the plan's first due date. */
  trend: z.array(z.object({ quarter: quarterNameSchema, byStatus: statusCountsSchema })),
});

export type QuarterlyJson = z.infer<typeof quarterlySchema>;
export type StatusCounts = z.infer<typeof statusCountsSchema>;
