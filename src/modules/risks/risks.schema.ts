import { z } from 'zod'
import { optionalId, optionalText, requiredText } from '../../lib/fields.ts'

/**
 * The 5 × 5 matrix, defined once: every form, page, sheet and API document takes its words from
 * here. Likelihood and impact run 1-5; a score is likelihood × impact (1-25).
 */
export const likelihoodDescriptors = {
  1: { label: 'Rare', meaning: 'May happen only in exceptional circumstances (less than 5% chance)' },
  2: { label: 'Unlikely', meaning: 'Could happen at some time but not expected (5-25%)' },
  3: { label: 'Possible', meaning: 'Might happen during the life of the agreement (25-50%)' },
  4: { label: 'Likely', meaning: 'Will probably happen in most circumstances (50-80%)' },
  5: { label: 'Almost certain', meaning: 'Expected to happen (more than 80%)' },
} as const

export const impactDescriptors = {
  1: { label: 'Insignificant', meaning: 'No noticeable effect on the outcome or its targets' },
  2: { label: 'Minor', meaning: 'A small delay or shortfall, easily recovered' },
  3: { label: 'Moderate', meaning: 'A target at risk of amber; some reward grant or reputation at risk' },
  4: { label: 'Major', meaning: 'A target missed; significant loss of reward grant, funding or reputation' },
  5: {
    label: 'Catastrophic',
    meaning: 'An outcome not delivered; the agreement or the partnership’s standing put in doubt',
  },
} as const

export type Scale = 1 | 2 | 3 | 4 | 5
export const scale: Scale[] = [1, 2, 3, 4, 5]

/** Score bands, low to high: the heat map's colours and words. */
export const scoreBands = [
  { id: 'low', label: 'Low', from: 1, to: 4, tag: 'green' },
  { id: 'moderate', label: 'Moderate', from: 5, to: 9, tag: 'yellow' },
  { id: 'significant', label: 'Significant', from: 10, to: 14, tag: 'orange' },
  { id: 'high', label: 'High', from: 15, to: 25, tag: 'red' },
] as const
export type ScoreBand = (typeof scoreBands)[number]

export const bandOf = (score: number): ScoreBand =>
  scoreBands.find((b) => score >= b.from && score <= b.to) ?? scoreBands[0]

/** Risks at or above this current score are high and go to the steering group (002 §25). */
export const HIGH_RISK_SCORE = 15

export const riskStatuses = ['open', 'closed'] as const
export type RiskStatus = (typeof riskStatuses)[number]
export const riskStatusLabels: Record<RiskStatus, string> = { open: 'Open', closed: 'Closed' }

/** Current score against the previous review's. `new`: no earlier review to compare with. */
export const trends = ['rising', 'falling', 'steady', 'new'] as const
export type Trend = (typeof trends)[number]
export const trendLabels: Record<Trend, string> = {
  rising: 'Rising',
  falling: 'Falling',
  steady: 'Steady',
  new: 'New (no earlier review)',
}

const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

const optionalDate = (what: string) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? null : v),
    z
      .string({ error: `${what} must be a real date` })
      .regex(/^\d{4}-\d{2}-\d{2}$/, `${what} must be a real date, like 2009-03-31`)
      .refine(isRealDate, `${what} must be a real date, like 2009-03-31`)
      .nullable(),
  )

const requiredDate = (what: string) =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string({ error: `Enter the ${what.toLowerCase()}` })
      .regex(/^\d{4}-\d{2}-\d{2}$/, `${what} must be a real date, like 2009-03-31`)
      .refine(isRealDate, `${what} must be a real date, like 2009-03-31`),
  )

const blankToNull = (v: unknown) => (v === '' || v === undefined ? null : v)

/** A 1-5 score; `what` names it in the message. */
export const score = (what: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : v === '' ? undefined : v),
    z
      .number({ error: `Choose the ${what} (1 to 5)` })
      .int(`${what[0]!.toUpperCase()}${what.slice(1)} must be a whole number from 1 to 5`)
      .min(1, `${what[0]!.toUpperCase()}${what.slice(1)} must be from 1 to 5`)
      .max(5, `${what[0]!.toUpperCase()}${what.slice(1)} must be from 1 to 5`),
  )

const optionalScore = (what: string) => z.preprocess(blankToNull, score(what).nullable())

/** What a risk is about: `target:<id>`, `outcome:<key>` (theme, outcome or sub-outcome), or blank for the partnership. */
export const subjectRef = z.preprocess(
  blankToNull,
  z
    .string()
    .regex(/^(target|outcome):[0-9a-f-]{36}$/i, 'Choose what the risk is about from the list')
    .nullable(),
)

const pairs = [
  ['inherentLikelihood', 'inherentImpact', 'inherent'],
  ['targetLikelihood', 'targetImpact', 'target'],
] as const

export const riskInput = z
  .object({
    ref: requiredText('Enter the risk’s reference, like R-01', 40),
    title: requiredText('Enter the risk’s title', 200),
    description: optionalText(4000),
    subject: subjectRef.default(null),
    category: optionalText(100),
    ownerPersonId: optionalId('Choose the owner from the list').default(null),
    controls: optionalText(4000),
    inherentLikelihood: optionalScore('inherent likelihood').default(null),
    inherentImpact: optionalScore('inherent impact').default(null),
    likelihood: score('current likelihood'),
    impact: score('current impact'),
    targetLikelihood: optionalScore('target likelihood').default(null),
    targetImpact: optionalScore('target impact').default(null),
    reviewOn: optionalDate('Review date').default(null),
    status: z.enum(riskStatuses, { error: 'Choose open or closed' }).default('open'),
    workshopId: optionalId('Choose the workshop from the list').default(null),
    /** Said at this change, kept with the review it appends. */
    note: optionalText(2000),
  })
  .superRefine((r, ctx) => {
    for (const [l, i, what] of pairs)
      if ((r[l] === null) !== (r[i] === null))
        ctx.addIssue({
          code: 'custom',
          path: [r[l] === null ? l : i],
          message: `Give both the ${what} likelihood and impact, or neither`,
        })
  })
export type RiskInput = z.output<typeof riskInput>

/** A recorded review: the scores now, what was said, and when it is next due. */
export const reviewInput = z.object({
  likelihood: score('current likelihood'),
  impact: score('current impact'),
  controls: optionalText(4000),
  note: optionalText(2000),
  reviewOn: optionalDate('Next review date').default(null),
  status: z.enum(riskStatuses, { error: 'Choose open or closed' }).default('open'),
})
export type ReviewInput = z.output<typeof reviewInput>

export const appetiteInput = z.object({
  category: requiredText('Enter the category, like Financial', 100),
  maxScore: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : v === '' ? undefined : v),
    z
      .number({ error: 'Enter the highest acceptable score (1 to 25)' })
      .int('The highest acceptable score must be a whole number from 1 to 25')
      .min(1, 'The highest acceptable score must be from 1 to 25')
      .max(25, 'The highest acceptable score must be from 1 to 25'),
  ),
})
export type AppetiteInput = z.output<typeof appetiteInput>

export const workshopInput = z.object({
  title: requiredText('Enter the workshop’s title', 200),
  heldOn: requiredDate('Date held'),
  notes: optionalText(4000),
})
export type WorkshopInput = z.output<typeof workshopInput>

export const workshopSourceInput = z.object({
  organisationId: optionalId('Choose the partner from the list').default(null),
  description: requiredText('Describe the partner’s risk the workshop drew on', 2000),
})
export type WorkshopSourceInput = z.output<typeof workshopSourceInput>

export const riskFilter = z.object({
  status: z.enum([...riskStatuses, 'all']).optional(),
  category: z.string().max(100).optional(),
  likelihood: z.coerce.number().int().min(1).max(5).optional(),
  impact: z.coerce.number().int().min(1).max(5).optional(),
})
export type RiskFilter = z.output<typeof riskFilter>

// ---- API documents ----

const scores = z.object({
  likelihood: z.number().int(),
  impact: z.number().int(),
  score: z.number().int().describe('likelihood × impact, 1-25'),
  band: z.enum(['low', 'moderate', 'significant', 'high']),
})

export const reviewDoc = z.object({
  id: z.uuid(),
  reviewedAt: z.string(),
  reviewedBy: z.string(),
  likelihood: z.number().int(),
  impact: z.number().int(),
  score: z.number().int(),
  controls: z.string().nullable(),
  status: z.enum(riskStatuses),
  note: z.string().nullable(),
})

export const riskDoc = z.object({
  id: z.uuid(),
  ref: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  level: z.enum(['partnership', 'outcome', 'target']),
  subject: z.string().nullable().describe('`target:<id>` or `outcome:<key>`; null for the partnership'),
  subjectLabel: z.string().nullable(),
  category: z.string().nullable(),
  ownerPersonId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  controls: z.string().nullable(),
  inherent: scores.nullable(),
  current: scores,
  target: scores.nullable(),
  reviewOn: z.string().nullable(),
  reviewOverdue: z.boolean().describe('Open, with a review date before today'),
  status: z.enum(riskStatuses),
  trend: z.enum(trends).describe('Current score against the previous review'),
  appetite: z.number().int().nullable().describe('The board’s highest acceptable score for the category'),
  aboveAppetite: z.boolean(),
  workshopId: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})

export const riskWithReviewsDoc = riskDoc.extend({ reviews: z.array(reviewDoc) })

export const heatMapDoc = z.object({
  cells: z.array(
    z.object({
      likelihood: z.number().int(),
      impact: z.number().int(),
      score: z.number().int(),
      band: z.enum(['low', 'moderate', 'significant', 'high']),
      risks: z.array(z.object({ id: z.uuid(), ref: z.string(), title: z.string() })),
    }),
  ),
  likelihood: z.array(z.object({ value: z.number().int(), label: z.string(), meaning: z.string() })),
  impact: z.array(z.object({ value: z.number().int(), label: z.string(), meaning: z.string() })),
})

export const appetiteDoc = z.object({
  id: z.uuid(),
  category: z.string(),
  maxScore: z.number().int(),
  setBy: z.string(),
  setAt: z.string(),
})

export const workshopDoc = z.object({
  id: z.uuid(),
  title: z.string(),
  heldOn: z.string(),
  notes: z.string().nullable(),
  sources: z.array(
    z.object({
      id: z.uuid(),
      organisationId: z.uuid().nullable(),
      organisationName: z.string().nullable(),
      description: z.string(),
    }),
  ),
  risks: z.array(z.object({ id: z.uuid(), ref: z.string(), title: z.string() })),
})
