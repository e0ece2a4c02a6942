/**
 * The demo's public site (#16): Leicestershire Together publishes its site with the partnership
 * office as its contact, and a few targets (the ones with commentary, and a handful more from
 * other themes). The commentary on NI 40 and NI 135 is written published (src/demo/commentary.ts).
 * Idempotent: publishing again changes nothing.
 */
import { systemActor } from '../modules/auth/actor.ts'
import type { Services } from '../services.ts'

/** Targets shown on the demo's public site, by indicator code. */
export const PUBLIC_TARGETS = ['NI 19', 'NI 40', 'NI 135', 'NI 30', 'NI 117', 'NI 186']

export const PUBLIC_CONTACT =
  'Leicestershire Together partnership office, County Hall, Glenfield, Leicester LE3 8RA. Telephone 0116 232 3232.'

export async function loadPublicDemo(services: Services, slug: string) {
  const actor = systemActor('demo')
  const ctx = await services.partnerships.resolve(actor, slug)
  const pid = ctx.partnership.id
  if (!ctx.partnership.publicSite || ctx.partnership.publicContact !== PUBLIC_CONTACT)
    await services.partnerships.setPublicSite(actor, ctx, { publicSite: true, publicContact: PUBLIC_CONTACT })

  for (const agreement of await services.agreements.list(actor, pid))
    for (const t of await services.targets.list(actor, pid, agreement.id))
      if (PUBLIC_TARGETS.includes(t.indicator.code))
        await services.targets.setPublished(actor, pid, t.target.id, true)
}
