import { z } from 'zod'
import { optionalId, optionalText } from '../../lib/fields.ts'

export const planStatuses = ['open', 'closed'] as const
export type PlanStatus = (typeof planStatuses)[number]
export const planStatusLabels: Record<PlanStatus, string> = { open: 'Open', closed: 'Closed' }

/** A calendar date as YYYY-MM-DD that may be left blank (blank: none). */
const optionalDate = (message: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : v),
    z.iso.date({ error: message }).nullable().optional(),
  )

/** What an owner (or a manager) changes on a plan. Fields left out are left as they are. */
export const planUpdate = z.object({
  summary: optionalText(8000),
  reviewOn: optionalDate('Enter the review date as YYYY-MM-DD, like 2009-03-31'),
  /** Managers only. Blank: no owner. */
  ownerPersonId: optionalId('Choose the owner from the list of people'),
})
export type PlanUpdate = z.output<typeof planUpdate>

/** `?status=` on the list: open (default), closed or all. */
export const planListQuery = z.object({
  status: z
    .enum([...planStatuses, 'all'])
    .optional()
    .catch(undefined),
})

export const plansQuery = z.object({
  status: z.enum(planStatuses).optional(),
  targetId: z.uuid().optional(),
})

export const signOffInput = z.object({}).strict()

export const planActionDoc = z.object({
  id: z.uuid(),
  ref: z.string(),
  title: z.string(),
  status: z.string(),
  dueOn: z.string().nullable(),
})

export const planDoc = z.object({
  id: z.uuid(),
  targetId: z.uuid(),
  indicatorCode: z.string(),
  indicatorTitle: z.string().nullable(),
  placeGss: z.string().nullable(),
  placeName: z.string().nullable(),
  status: z.enum(planStatuses),
  openedAt: z.string(),
  openedReason: z
    .string()
    .describe('Why it opened: the red periods, e.g. "Red in 2008/09 Q3 and 2008/09 Q4"'),
  ownerPersonId: z
    .uuid()
    .nullable()
    .describe('Null: no outcome lead in the directory; a manager assigns one'),
  ownerName: z.string().nullable(),
  summary: z.string().nullable(),
  reviewOn: z.string().nullable().describe('The next review, YYYY-MM-DD'),
  reviewOverdue: z.boolean(),
  signedOffAt: z.string().nullable(),
  signedOffBy: z.string().nullable(),
  closedAt: z.string().nullable(),
  targetFlagged: z.boolean().describe('The target is still red two periods running'),
  actions: z.array(planActionDoc).nullable().describe('Null where the delivery module is not available'),
})
