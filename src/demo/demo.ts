import crypto from 'node:crypto'
import { systemActor } from '../modules/auth/actor.ts'
import type { Services } from '../services.ts'
import { DEMO_ADMIN_EMAIL, DEMO_SLUG, demoOrganisations, demoPeople, demoPlaces } from './leicestershire.ts'
import { loadAgreementDemo } from './agreement.ts'
import { loadValuesDemo } from './values.ts'
import { loadStrategyDemo } from './strategy.ts'
import { loadReportsDemo } from './reports.ts'
import { loadRisksDemo } from './risks.ts'
import { loadImprovementDemo } from './improvement.ts'
import { loadRequestsDemo } from './requests.ts'
import { loadEscalationsDemo } from './escalations.ts'
import { loadCommentaryDemo } from './commentary.ts'
import { loadDeliveryDemo } from './delivery.ts'
import { loadMoneyDemo } from './money.ts'
import { loadPublicDemo } from './public.ts'
import { loadResidentsDemo } from './residents.ts'

export interface DemoResult {
  slug: string
  email: string
  password: string
  generated: boolean
  /** False when the administrator already existed: the password shown is then not theirs. */
  adminCreated: boolean
}

/**
 * Load the demo partnership. Idempotent: each piece is looked up by its natural key first, so
 * running it again adds only what is missing and changes nothing else.
 */
export async function loadDemo(
  services: Services,
  opts: { password?: string | undefined } = {},
): Promise<DemoResult> {
  const actor = systemActor('demo')
  const generated = !opts.password
  const password = opts.password ?? crypto.randomBytes(12).toString('base64url')

  let partnership = await services.partnerships.findBySlug(DEMO_SLUG)
  if (!partnership) {
    partnership = await services.partnerships.create(actor, {
      slug: DEMO_SLUG,
      name: 'Leicestershire Together',
      kind: 'county',
      parentId: null,
      description:
        'The Local Strategic Partnership for Leicestershire: a partnership of partnerships bringing together the county and district councils, police, health, voluntary and community sector and business.',
    })
  }
  const pid = partnership.id

  for (const place of demoPlaces) {
    if (await services.places.findByGss(place.gssCode)) continue
    const parent = place.parent ? await services.places.findByGss(place.parent) : undefined
    await services.places.create(actor, pid, {
      gssCode: place.gssCode,
      name: place.name,
      type: place.type,
      parentId: parent?.id ?? null,
      priority: false,
    })
  }

  const existingOrgs = await services.organisations.list(actor, pid)
  for (const org of demoOrganisations) {
    if (!existingOrgs.some((o) => o.name === org.name)) await services.organisations.create(actor, pid, org)
  }
  const orgs = await services.organisations.list(actor, pid)
  const orgId = (name: string) => orgs.find((o) => o.name === name)?.id ?? null

  if (!partnership.areaPlaceId || !partnership.accountableBodyId) {
    const area = await services.places.findByGss('E10000018')
    const ctx = await services.partnerships.resolve(actor, DEMO_SLUG)
    partnership = await services.partnerships.update(actor, ctx, {
      name: partnership.name,
      kind: 'county',
      description: partnership.description,
      areaPlaceId: area?.id ?? null,
      accountableBodyId: orgId('Leicestershire County Council'),
    })
  }

  const people = await services.people.list(actor, pid)
  const members = await services.users.listMembers(actor, pid)
  const adminCreated = !members.some((m) => m.email === DEMO_ADMIN_EMAIL)
  for (const p of demoPeople) {
    if (p.role) {
      if (members.some((m) => m.email === p.email)) continue
      await services.users.addMember(actor, pid, {
        email: p.email,
        name: p.name,
        role: p.role,
        organisationId: orgId(p.organisation),
        password,
      })
      // The person row was created from the account; complete it with the job title.
      const person = (await services.people.list(actor, pid)).find((x) => x.email === p.email)
      if (person && !person.jobTitle)
        await services.people.update(actor, pid, person.id, {
          name: p.name,
          email: p.email,
          organisationId: orgId(p.organisation),
          jobTitle: p.jobTitle,
          phone: null,
        })
    } else if (!people.some((x) => x.email === p.email)) {
      await services.people.create(actor, pid, {
        name: p.name,
        email: p.email,
        organisationId: orgId(p.organisation),
        jobTitle: p.jobTitle,
        phone: null,
      })
    }
  }

  // The demo administrator may also create partnerships (e.g. a district LSP) from the web.
  await services.users.makeSystemAdmin(actor, DEMO_ADMIN_EMAIL)

  await loadStrategyDemo(services, pid)
  await loadAgreementDemo(services, pid)
  await loadValuesDemo(services, partnership)
  // The demo writes values in bulk, so its assessments are built once at the end.
  await services.assessments.reassess(actor, pid)
  await loadRisksDemo(services, pid)
  // After the reassessment: it opened the plans of the targets red two periods running.
  await loadImprovementDemo(services, pid)
  await loadRequestsDemo(services, pid)
  await loadEscalationsDemo(services, pid)
  await loadCommentaryDemo(services, pid)
  await loadDeliveryDemo(services, pid)
  // After delivery (allocations pay for its actions) and before the reports (the finance report reads it).
  await loadMoneyDemo(services, pid)
  await loadPublicDemo(services, DEMO_SLUG)
  await loadResidentsDemo(services, DEMO_SLUG)
  // Last: the stored reports read everything above.
  await loadReportsDemo(services, pid)

  return { slug: DEMO_SLUG, email: DEMO_ADMIN_EMAIL, password, generated, adminCreated }
}
