import { z } from 'zod'
import { optionalText, yesNo } from '../../lib/fields.ts'
import { tidyCode } from '../indicators/indicators.schema.ts'
import { parseNumber } from '../../workbook/cells.ts'

export const targetKinds = ['designated', 'mandatory', 'local', 'reward'] as const
export type TargetKind = (typeof targetKinds)[number]
export const targetKindLabels: Record<TargetKind, string> = {
  designated: 'Designated (one of the up to 35 negotiated from the National Indicator Set)',
  mandatory: 'Mandatory (statutory education and early years)',
  local: 'Local',
  reward: 'Reward (stretch)',
}
export const targetKindShort: Record<TargetKind, string> = {
  designated: 'Designated',
  mandatory: 'Mandatory',
  local: 'Local',
  reward: 'Reward',
}

export const targetStatuses = ['proposed', 'negotiating', 'agreed', 'placeholder'] as const
export type TargetStatus = (typeof targetStatuses)[number]
export const targetStatusLabels: Record<TargetStatus, string> = {
  proposed: 'Proposed',
  negotiating: 'Under negotiation',
  agreed: 'Agreed',
  placeholder: 'Placeholder (elements still to agree)',
}

/** At most 35 designated targets in one agreement (001 §6, 004); the other kinds are outside it. */
export const DESIGNATED_LIMIT = 35
export const DEFAULT_TOLERANCE = 5

/** A number as people type it (`1,234.5`, `21.6%`, `£423,000`); blank is null. */
export const numberField = (message: string) =>
  z.preprocess(
    (v) => {
      if (v === '' || v === undefined || v === null) return null
      if (typeof v === 'string') return parseNumber(v) ?? v
      return v
    },
    z.number({ error: message }).nullable(),
  )

/** A list of refs: an array, or one text with `;` (or `,`) between them. */
const refList = z.preprocess(
  (v) => {
    const list = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[;,]/) : v == null ? [] : v
    return Array.isArray(list) ? [...new Set(list.map((s) => String(s).trim()).filter(Boolean))] : list
  },
  z.array(z.string().max(30)).max(50),
)

export const trajectoryRowInput = z.object({
  period: z.string({ error: 'Enter the period' }).trim().min(1, 'Enter the period'),
  placeGss: optionalText(20),
  value: numberField('Enter the target value as a number').refine(
    (v) => v !== null,
    'Enter the target value',
  ),
})
export type TrajectoryRowInput = z.output<typeof trajectoryRowInput>

export const trajectoryInput = z.object({
  rows: z.array(trajectoryRowInput).max(500),
})

const targetFields = {
  kind: z.enum(targetKinds, { error: 'Select the kind of target' }),
  status: z.enum(targetStatuses, { error: 'Select the negotiation status' }),
  placeholderElements: optionalText(1000),
  outcomeRefs: refList.default([]),
  placeGss: optionalText(20),
  baselinePeriod: optionalText(30),
  baselineValue: numberField('Enter the baseline as a number'),
  tolerancePercent: z.preprocess(
    (v) => (v === '' || v === undefined || v === null ? undefined : v),
    numberField('Enter the tolerance as a percentage, like 5')
      .refine((v) => v === null || v >= 0, 'The tolerance cannot be negative: enter 0 or more')
      .refine((v) => v === null || v <= 100, 'The tolerance must be 100% or less')
      .transform((v) => v ?? DEFAULT_TOLERANCE)
      .default(DEFAULT_TOLERANCE),
  ),
  withoutRewardValue: numberField('Enter the performance expected without the reward as a number'),
  stretchValue: numberField('Enter the stretched target as a number'),
  rewardGrant: numberField('Enter the maximum reward grant in pounds').refine(
    (v) => v === null || v >= 0,
    'The reward grant cannot be negative',
  ),
  notes: optionalText(4000),
  /** On the public site (yes/no). Left out: as the target's current version has it (no, for a new one). */
  published: yesNo.optional(),
}

/** Rules that need no database: reward values and the baseline pair. */
function refineTarget(
  v: {
    kind: TargetKind
    status: TargetStatus
    placeholderElements?: string | null | undefined
    baselinePeriod?: string | null | undefined
    baselineValue: number | null
    withoutRewardValue: number | null
    stretchValue: number | null
    rewardGrant: number | null
  },
  ctx: z.RefinementCtx,
) {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
  if (v.kind === 'reward') {
    if (v.withoutRewardValue === null)
      issue('withoutRewardValue', 'A reward target needs the performance expected without the reward')
    if (v.stretchValue === null) issue('stretchValue', 'A reward target needs the stretched target value')
    if (v.rewardGrant === null) issue('rewardGrant', 'A reward target needs the maximum reward grant')
    if (v.withoutRewardValue !== null && v.stretchValue !== null && v.withoutRewardValue === v.stretchValue)
      issue(
        'stretchValue',
        'The stretched target must differ from the performance expected without the reward',
      )
  } else {
    for (const f of ['withoutRewardValue', 'stretchValue', 'rewardGrant'] as const)
      if (v[f] !== null) issue(f, 'Only a reward target has reward values: leave this blank or choose Reward')
  }
  // A placeholder may say which elements are still to agree, but need not (workbook.md).
  if (v.baselineValue !== null && !v.baselinePeriod)
    issue('baselinePeriod', 'Enter the period of the baseline, like 2007/08')
  if (v.baselinePeriod && v.baselineValue === null)
    issue('baselineValue', 'Enter the baseline value, or leave its period blank')
}

const indicatorCode = z.preprocess(
  (v) => (typeof v === 'string' ? tidyCode(v) : (v ?? '')),
  z.string({ error: 'Choose the indicator' }).min(1, 'Choose the indicator').max(30),
)

export const targetCreate = z
  .object({
    indicatorCode,
    ...targetFields,
    /** Optional: the trajectory in the same call. */
    trajectory: z.array(trajectoryRowInput).max(500).optional(),
  })
  .superRefine(refineTarget)
export type TargetCreate = z.output<typeof targetCreate>

/** Changing a target during negotiation: the indicator stays. */
export const targetUpdate = z.object(targetFields).superRefine(refineTarget)
export type TargetUpdate = z.output<typeof targetUpdate>

/** A revision of an agreed target (the LAA refresh): what changes, why, and who agreed it for government. */
export const targetRevision = z
  .object({
    ...targetFields,
    status: z.literal('agreed').default('agreed'),
    reason: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim() : (v ?? '')),
      z.string().min(1, 'Say why the target is being revised').max(2000),
    ),
    agreedBy: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim() : (v ?? '')),
      z.string().min(1, 'Enter who agreed the revision for the government office').max(200),
    ),
    agreedOn: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim() : (v ?? '')),
      z.iso.date({ error: 'Enter the date the revision was agreed, like 2009-03-31' }),
    ),
    trajectory: z.array(trajectoryRowInput).max(500).optional(),
  })
  // The date agreed is not in the future: checked by the service against its clock.
  .superRefine(refineTarget)
export type TargetRevision = z.output<typeof targetRevision>

export const commentInput = z.object({
  body: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : (v ?? '')),
    z.string().min(1, 'Enter the comment').max(4000, 'The comment must be 4000 characters or fewer'),
  ),
  evidenceUrl: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim() : v),
    z
      .url({ protocol: /^https?$/, error: 'Enter a web address starting http:// or https://' })
      .max(1000)
      .nullable()
      .optional(),
  ),
})
export type CommentInput = z.output<typeof commentInput>

export const agreeInput = z.object({
  comment: optionalText(4000),
})

export const targetListQuery = z.object({
  kind: z.preprocess((v) => (v === '' ? undefined : v), z.enum(targetKinds).optional()),
  status: z.preprocess((v) => (v === '' ? undefined : v), z.enum(targetStatuses).optional()),
})

/**
 * The agreement page's target filters: a value it does not know filters nothing (it is not an
 * error page).
 */
export const targetFilterQuery = z.object({
  kind: targetListQuery.shape.kind.catch(undefined),
  status: targetListQuery.shape.status.catch(undefined),
})
export type TargetFilters = z.output<typeof targetFilterQuery>

/** The coverage page's `?agreement=`: anything but an id shows the latest agreement (not an error page). */
export const coverageQuery = z.object({ agreement: z.uuid().optional().catch(undefined) })

/** `as at` a past moment: an ISO date-time, or a date meaning the end of that day (UK time). */
export const asAtQuery = z.object({
  asAt: z.string().max(40).optional().describe('ISO 8601 date-time, or a date (end of that day, UK time)'),
})
