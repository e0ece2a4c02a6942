import { stringify } from 'csv-stringify/sync'
import { poundsText } from '../../lib/money.ts'
import { csvSafe } from '../../workbook/csv.ts'

/**
 * Allocations in the 360Giving Data Standard's ten core fields, for partnerships that publish
 * their grants: pure, from what the money service reads.
 *
 * - **Identifier** (`id`): the publisher prefix and the allocation's id, `360G-<slug>-<uuid>`.
 *   The prefix is derived from the partnership's slug (`360G-<slug>`) unless one issued by
 *   360Giving is passed in. The allocation's uuid, not its optional `ref`: a ref may be blank or
 *   shared by two allocations, and a grant's identifier must be unique and never change.
 * - **Title**: the allocation's title, else “Grant to <recipient>”.
 * - **Description**: the allocation's notes, else the stream, year and what it pays for.
 * - **Currency**: GBP. **Amount Awarded**: pounds as a number (`1234.56`; exact, from pence).
 * - **Award Date**: the allocation's award date, else the day it was recorded (a proxy date, as
 *   the standard allows).
 * - **Recipient Org**: organisations hold no charity or company number, so no `GB-CHC-`/`GB-COH-`
 *   identifier can be given: each is identified under the publisher prefix by its own id,
 *   `360G-<slug>-org-<uuid>` (the standard's rule for organisations without a registered number).
 * - **Funding Org**: for a first-level allocation, the stream's accountable body (identified as
 *   above) or, without one, the funder given: the partnership's accountable body, else the
 *   partnership itself (identified by the prefix alone); for an onward allocation, the recipient
 *   that passed it on.
 */

/** The standard's column titles, in the order of its template. */
export const GIVING_COLUMNS = [
  'Identifier',
  'Title',
  'Description',
  'Currency',
  'Amount Awarded',
  'Award Date',
  'Recipient Org:Identifier',
  'Recipient Org:Name',
  'Funding Org:Identifier',
  'Funding Org:Name',
] as const

/** What the export needs of an allocation (the money service's allocation view has it all). */
export interface GivingAllocation {
  id: string
  ref: string | null
  title: string | null
  notes: string | null
  streamId: string
  streamRef: string
  streamName: string
  year: string
  recipientId: string
  recipientName: string
  parentAllocationId: string | null
  amountPence: number
  awardedOn: string | null
  createdAt: Date
  paysFor: { label: string } | null
}

/** What it needs of a stream: its accountable body. */
export interface GivingStream {
  id: string
  accountableOrganisationId: string | null
  accountableName: string | null
}

export interface GivingOrg {
  id: string
  name: string
}

/** One grant in the standard's JSON shape. */
export interface Grant {
  id: string
  title: string
  description: string
  currency: 'GBP'
  amountAwarded: number
  awardDate: string
  recipientOrganization: GivingOrg[]
  fundingOrganization: GivingOrg[]
}

/** The publisher prefix: the one given (trimmed) or `360G-<slug>`. */
export function givingPrefix(slug: string, configured?: string | null): string {
  const given = configured?.trim()
  return given ? given : `360G-${slug}`
}

/** An organisation of the partnership, under the publisher prefix. */
export const orgIdentifier = (prefix: string, organisationId: string) => `${prefix}-org-${organisationId}`

/** Pence as the standard's number of pounds: read from the exact decimal text, so 123456 → 1234.56. */
const poundsNumber = (pence: number) => Number(poundsText(pence))

/** The allocations as 360Giving grants, in the order given. */
export function toGrants(
  allocations: readonly GivingAllocation[],
  streams: readonly GivingStream[],
  funder: { prefix: string; id: string; name: string },
): Grant[] {
  const streamOf = new Map(streams.map((s) => [s.id, s]))
  const byId = new Map(allocations.map((a) => [a.id, a]))
  const org = (id: string, name: string): GivingOrg => ({ id: orgIdentifier(funder.prefix, id), name })
  const fundingOrg = (a: GivingAllocation): GivingOrg => {
    const parent = a.parentAllocationId ? byId.get(a.parentAllocationId) : undefined
    if (parent) return org(parent.recipientId, parent.recipientName)
    const s = streamOf.get(a.streamId)
    if (s?.accountableOrganisationId) return org(s.accountableOrganisationId, s.accountableName ?? '')
    return { id: funder.id, name: funder.name }
  }
  return allocations.map((a) => ({
    id: `${funder.prefix}-${a.id}`,
    title: a.title?.trim() || `Grant to ${a.recipientName}`,
    description: a.notes?.trim() || describe(a),
    currency: 'GBP',
    amountAwarded: poundsNumber(a.amountPence),
    awardDate: a.awardedOn ?? a.createdAt.toISOString().slice(0, 10),
    recipientOrganization: [org(a.recipientId, a.recipientName)],
    fundingOrganization: [fundingOrg(a)],
  }))
}

function describe(a: GivingAllocation) {
  const what = a.parentAllocationId ? 'Onward allocation' : 'Allocation'
  const pays = a.paysFor ? `, paying for ${a.paysFor.label}` : ''
  return `${what} from ${a.streamName} (${a.streamRef}) for ${a.year}${pays}`
}

/** The standard's JSON: `{ grants: [...] }`. */
export const givingJson = (grants: Grant[]) => ({ grants })

/** The standard's CSV: its column titles, one grant a row; text a spreadsheet would run is neutralised. */
export function givingCsv(grants: Grant[]): string {
  const rows = grants.map((g) =>
    [
      g.id,
      g.title,
      g.description,
      g.currency,
      poundsText(Math.round(g.amountAwarded * 100)),
      g.awardDate,
      g.recipientOrganization[0]!.id,
      g.recipientOrganization[0]!.name,
      g.fundingOrganization[0]!.id,
      g.fundingOrganization[0]!.name,
    ].map(csvSafe),
  )
  return stringify([[...GIVING_COLUMNS], ...rows], { bom: true })
}
