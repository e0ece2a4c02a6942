import { z } from 'zod'
import { poundsText } from '../../lib/money.ts'
import type { AllocationView } from './money.allocations.views.ts'
import type { StreamYear } from './money.reconcile.ts'
import type { BudgetRow, StreamNode } from './money.streams.service.ts'

/**
 * Money's API answers: funding streams, budgets, allocations and the financial protocol. Every
 * amount is given twice, `…Pence` as whole pence (an integer, exact) and the same amount in
 * pounds as a string with two decimals (`"1234.56"`, `"-3.00"`): read either, never a float.
 */

/** Whole pence, documented. */
export const penceDoc = (what: string) => z.number().int().describe(`${what}, in whole pence`)
/** Pounds as text, documented. */
export const poundsDoc = (what: string) =>
  z.string().describe(`${what}, in pounds with two decimals, like "1234.56"`)

/** `{ xPence, x }` for an amount (null stays null in both). */
export const amount = <K extends string>(key: K, pence: number | null) =>
  ({
    [`${key}Pence`]: pence,
    [key]: pence === null ? null : poundsText(pence),
  }) as { [P in `${K}Pence`]: number } & { [P in K]: string }

/** The doc of `amount(key, …)`: both spellings. */
export const amountDoc = <K extends string>(key: K, what: string) =>
  ({ [`${key}Pence`]: penceDoc(what), [key]: poundsDoc(what) }) as {
    [P in `${K}Pence`]: z.ZodNumber
  } & { [P in K]: z.ZodString }
export const nullableAmountDoc = <K extends string>(key: K, what: string) =>
  ({ [`${key}Pence`]: penceDoc(what).nullable(), [key]: poundsDoc(what).nullable() }) as {
    [P in `${K}Pence`]: z.ZodNullable<z.ZodNumber>
  } & { [P in K]: z.ZodNullable<z.ZodString> }

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export const streamYearDoc = z.object({
  year: z.string(),
  hasBudget: z.boolean().describe('Whether a budget is set for the year'),
  ...amountDoc('budget', 'The year’s budget'),
  ...amountDoc('allocated', 'First-level allocations'),
  ...amountDoc('unallocated', 'Budget − allocated'),
})

export const presentStreamYear = (y: StreamYear) => ({
  year: y.year,
  hasBudget: y.hasBudget,
  ...amount('budget', y.budget),
  ...amount('allocated', y.allocated),
  ...amount('unallocated', y.unallocated),
})

export const streamDoc = z
  .object({
    id: z.uuid(),
    ref: z.string(),
    name: z.string(),
    source: z.string(),
    kind: z.enum(['pooled', 'aligned', 'grant']),
    ringFenced: z.boolean(),
    spendType: z.string().nullable(),
    parentId: z.uuid().nullable(),
    accountableOrganisationId: z.uuid().nullable(),
    accountableName: z.string().nullable(),
    purpose: z.string().nullable(),
    notes: z.string().nullable(),
    years: z.array(streamYearDoc),
    ...nullableAmountDoc('rewardEarned', 'For a reward stream: the reward grant earned now'),
  })
  .describe('FundingStream')

type StreamLike = Omit<StreamNode, 'children' | 'years' | 'accountableName'> & {
  years: StreamYear[]
  accountableName?: string | null
}

export const presentStream = (s: StreamLike) => ({
  id: s.id,
  ref: s.ref,
  name: s.name,
  source: s.source,
  kind: s.kind as 'pooled' | 'aligned' | 'grant',
  ringFenced: s.ringFenced,
  spendType: s.spendType,
  parentId: s.parentId,
  accountableOrganisationId: s.accountableOrganisationId,
  accountableName: s.accountableName ?? null,
  purpose: s.purpose,
  notes: s.notes,
  years: s.years.map(presentStreamYear),
  ...amount('rewardEarned', s.rewardEarned),
})

/** The tree, flattened parents first (each names its parent). */
export function flattenStreams(roots: StreamNode[]): StreamNode[] {
  return roots.flatMap((r) => [r, ...flattenStreams(r.children)])
}

export const budgetDoc = z
  .object({
    id: z.uuid(),
    streamId: z.uuid(),
    year: z.string(),
    ...amountDoc('amount', 'The budget'),
    recordedAt: z.string().describe('When this version was recorded (ISO 8601)'),
    recordedBy: z.string(),
    supersededAt: z.string().nullable().describe('When a later version replaced it; null: current'),
  })
  .describe('StreamBudget')

export const presentBudget = (b: BudgetRow) => ({
  id: b.id,
  streamId: b.streamId,
  year: b.year,
  ...amount('amount', b.amountPence),
  recordedAt: b.recordedAt.toISOString(),
  recordedBy: b.recordedBy,
  supersededAt: iso(b.supersededAt),
})

const paysForDoc = z
  .object({
    kind: z.enum(['target', 'outcome', 'action']),
    id: z.string(),
    label: z.string(),
    path: z.string().nullable().describe('Where it is shown, under /p/{slug}'),
  })
  .nullable()

export const allocationDoc = z
  .object({
    id: z.uuid(),
    ref: z.string().nullable(),
    title: z.string().nullable(),
    streamId: z.uuid(),
    streamRef: z.string(),
    streamName: z.string(),
    year: z.string(),
    recipientId: z.uuid(),
    recipientName: z.string(),
    parentAllocationId: z.uuid().nullable().describe('Set for an onward allocation'),
    ...amountDoc('amount', 'The amount allocated'),
    paysFor: paysForDoc,
    inheritedPaysFor: z.boolean().describe('An onward allocation paying for what its parent pays for'),
    profilePence: z.array(z.number().int()).nullable().describe('Four quarterly amounts in pence'),
    profile: z.array(z.string()).nullable().describe('The same in pounds'),
    notes: z.string().nullable(),
    awardedOn: z.string().nullable(),
    releasedAt: z.string().nullable().describe('When the funds were released; null: not yet'),
    releasedBy: z.string().nullable(),
  })
  .describe('Allocation')

export const presentAllocation = (a: AllocationView) => ({
  id: a.id,
  ref: a.ref,
  title: a.title,
  streamId: a.streamId,
  streamRef: a.streamRef,
  streamName: a.streamName,
  year: a.year,
  recipientId: a.recipientId,
  recipientName: a.recipientName,
  parentAllocationId: a.parentAllocationId,
  ...amount('amount', a.amountPence),
  paysFor: a.paysFor,
  inheritedPaysFor: a.inheritedPaysFor,
  profilePence: a.profile ?? null,
  profile: a.profile ? a.profile.map(poundsText) : null,
  notes: a.notes,
  awardedOn: a.awardedOn,
  releasedAt: iso(a.releasedAt),
  releasedBy: a.releasedBy,
})

export const allocationWithOnwardDoc = allocationDoc
  .extend({
    onward: z.array(allocationDoc).describe('Onward allocations passed on from it'),
    ...amountDoc('left', 'What is left of it to pass on'),
  })
  .describe('AllocationWithOnward')

export const presentAllocationWithOnward = (
  a: AllocationView & { onward: AllocationView[]; left: number },
) => ({
  ...presentAllocation(a),
  onward: a.onward.map(presentAllocation),
  ...amount('left', a.left),
})

const signatureDoc = z
  .object({
    id: z.uuid(),
    protocolVersionId: z.uuid(),
    organisationId: z.uuid(),
    organisationName: z.string(),
    signedByName: z.string(),
    signedByUserId: z.uuid().nullable(),
    signedAt: z.string(),
  })
  .describe('ProtocolSignature')
export { signatureDoc }

export const presentSignature = (s: {
  id: string
  protocolVersionId: string
  organisationId: string
  organisationName: string
  signedByName: string
  signedByUserId: string | null
  signedAt: Date
}) => ({
  id: s.id,
  protocolVersionId: s.protocolVersionId,
  organisationId: s.organisationId,
  organisationName: s.organisationName,
  signedByName: s.signedByName,
  signedByUserId: s.signedByUserId,
  signedAt: s.signedAt.toISOString(),
})

const versionDoc = z.object({
  id: z.uuid(),
  version: z.number().int(),
  text: z.string(),
  publishedAt: z.string(),
  publishedBy: z.string(),
})

export const presentVersion = (v: {
  id: string
  version: number
  text: string
  publishedAt: Date
  publishedBy: string
}) => ({
  id: v.id,
  version: v.version,
  text: v.text,
  publishedAt: v.publishedAt.toISOString(),
  publishedBy: v.publishedBy,
})

export const protocolDoc = z
  .object({
    current: versionDoc
      .extend({ signatures: z.array(signatureDoc) })
      .nullable()
      .describe('The current version with its signatures; null before the first is published'),
    versions: z.array(versionDoc).describe('Every version, newest first'),
  })
  .describe('FinancialProtocol')
export const protocolVersionDoc = versionDoc.describe('ProtocolVersion')
