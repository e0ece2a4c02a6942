import type { Actor } from '../auth/actor.ts'
import type { MoneyService } from './money.service.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import { givingPrefix, orgIdentifier, toGrants } from './money.giving.ts'

/**
 * The partnership's live allocations (one financial year if told) as 360Giving grants: read with
 * the reader's rights (money.read), mapped by `money.giving.ts`. Shared by the API and the page.
 */
export async function givingGrants(
  services: { money: MoneyService; organisations: Pick<OrganisationsService, 'list'> },
  actor: Actor,
  partnership: { id: string; slug: string; name: string; accountableBodyId: string | null },
  opts: { year?: string | null } = {},
) {
  const { money, organisations } = services
  const allocations = await money.listAllocations(actor, partnership.id, { year: opts.year ?? null })
  const streams = await money.listStreams(actor, partnership.id)
  const prefix = givingPrefix(partnership.slug)
  // The funder of a stream without its own accountable body: the partnership's, else the partnership.
  const body = partnership.accountableBodyId
    ? (await organisations.list(actor, partnership.id, { includeArchived: true })).find(
        (o) => o.id === partnership.accountableBodyId,
      )
    : undefined
  const funder = body
    ? { prefix, id: orgIdentifier(prefix, body.id), name: body.name }
    : { prefix, id: prefix, name: partnership.name }
  return toGrants(allocations, streams, funder)
}
