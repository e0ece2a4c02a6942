import type { Actor } from '../auth/actor.ts'
import type { MoneyService } from './money.service.ts'
import { givingPrefix, toGrants } from './money.giving.ts'

/**
 * The partnership's live allocations (one financial year if told) as 360Giving grants: read with
 * the reader's rights (money.read), mapped by `money.giving.ts`. Shared by the API and the page.
 */
export async function givingGrants(
  money: MoneyService,
  actor: Actor,
  partnership: { id: string; slug: string; name: string },
  opts: { year?: string | null } = {},
) {
  const allocations = await money.listAllocations(actor, partnership.id, { year: opts.year ?? null })
  const streams = await money.listStreams(actor, partnership.id)
  return toGrants(allocations, streams, { prefix: givingPrefix(partnership.slug), name: partnership.name })
}
