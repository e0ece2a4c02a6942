/**
 * Factories for integration tests: each builds one thing through the services, with sensible
 * defaults, and returns what a test needs of it. A test (or its `beforeEach`) builds its own
 * data, so it passes alone, in any order, beside any other test's data in the same database.
 */
import { systemActor, type Actor } from '../../src/modules/auth/actor.ts'
import type { Role } from '../../src/modules/auth/roles.ts'
import type { OrganisationType } from '../../src/modules/organisations/organisations.schema.ts'
import { targetCreate } from '../../src/modules/targets/targets.schema.ts'
import type { Services } from '../../src/services.ts'

/** The actor factories (and tests) act as when nobody in particular is doing it. */
export const system = systemActor('test')

let seq = 0
/** A name no other test in this database has used. */
export const unique = (prefix: string) => `${prefix}-${++seq}-${Math.random().toString(36).slice(2, 7)}`

let gssSeq = 10_000_000 + Math.floor(Math.random() * 9_000_000)
/** A GSS code no other test in the database has used (places are shared geography). */
export const uniqueGss = () => `E${String(gssSeq++).padStart(8, '0')}`

export const PASSWORD = 'correct-horse-battery'

export interface Member {
  email: string
  password: string
  userId: string
  /** An API token's secret. */
  token: string
}

/** A member of a partnership, with a password and an API token. */
export async function buildMember(
  s: Services,
  partnershipId: string,
  opts: { role?: Role; email?: string; name?: string; organisationId?: string | null } = {},
): Promise<Member> {
  const role = opts.role ?? 'admin'
  const email = opts.email ?? `${unique(role)}@example.org`
  const { user } = await s.users.addMember(system, partnershipId, {
    email,
    name: opts.name ?? `${role} user`,
    role,
    organisationId: opts.organisationId ?? null,
    password: PASSWORD,
  })
  const { secret } = await s.auth.createToken(system, user.id, 'test')
  return { email, password: PASSWORD, userId: user.id, token: secret }
}

/** A partnership with a user in each given role; returns ids, tokens and passwords per role. */
export async function buildPartnership(s: Services, roles: Role[] = ['admin'], slug = unique('p')) {
  const partnership = await s.partnerships.create(system, {
    slug,
    name: `Partnership ${slug}`,
    kind: 'county',
    parentId: null,
  })
  const users: Record<string, Member> = {}
  for (const role of roles)
    users[role] = await buildMember(s, partnership.id, {
      role,
      email: `${role}.${slug}@example.org`,
    })
  return { partnership, slug, users }
}

/** A place (an area unless told), with a fresh GSS code. */
export async function buildPlace(
  s: Services,
  partnershipId: string,
  opts: {
    type?: 'area' | 'district' | 'neighbourhood'
    name?: string
    parentId?: string | null
    gssCode?: string
  } = {},
) {
  const type = opts.type ?? 'area'
  const row = await s.places.create(system, partnershipId, {
    gssCode: opts.gssCode ?? uniqueGss(),
    name: opts.name ?? unique(type),
    type,
    parentId: opts.parentId ?? null,
    priority: false,
  })
  return { id: row.id, name: row.name, gss: row.gssCode }
}

/** A partner organisation (a council unless told). */
export async function buildOrganisation(
  s: Services,
  partnershipId: string,
  opts: { name?: string; type?: OrganisationType } = {},
) {
  const row = await s.organisations.create(system, partnershipId, {
    name: opts.name ?? unique('Organisation'),
    type: opts.type ?? 'council',
    dutyToCooperate: true,
  })
  return { id: row.id, name: row.name }
}

type IndicatorInput = Parameters<Services['indicators']['create']>[2]

/** A local indicator: a quarterly count, higher is better, nobody responsible, unless told. */
export async function buildIndicator(s: Services, partnershipId: string, opts: Partial<IndicatorInput> = {}) {
  const row = await s.indicators.create(system, partnershipId, {
    code: unique('L').toUpperCase(),
    title: 'An indicator',
    set: 'local',
    theme: null,
    definition: null,
    numerator: null,
    denominator: null,
    unit: 'count',
    ratePer: null,
    polarity: 'higher',
    frequency: 'quarterly',
    combine: 'sum',
    dataSource: null,
    lagMonths: null,
    responsibleOrganisationId: null,
    ...opts,
  })
  return { id: row.id, code: row.code }
}

/** A Local Area Agreement, 2008 to 2011 unless told. */
export async function buildAgreement(
  s: Services,
  partnershipId: string,
  opts: { name?: string; start?: number; end?: number } = {},
) {
  return s.agreements.create(system, partnershipId, {
    name: opts.name ?? 'LAA 2008-2011',
    start: opts.start ?? 2008,
    end: opts.end ?? 2010,
    description: null,
  })
}

/** An agreed designated target of an indicator, by code, with its trajectory (per place by GSS). */
export async function buildTarget(
  s: Services,
  partnershipId: string,
  agreementId: string,
  opts: {
    indicatorCode: string
    trajectory: { period: string; placeGss?: string; value: number }[]
    kind?: 'designated' | 'mandatory' | 'local' | 'reward'
    status?: 'proposed' | 'negotiating' | 'agreed' | 'placeholder'
  },
) {
  return s.targets.create(
    system,
    partnershipId,
    agreementId,
    targetCreate.parse({
      indicatorCode: opts.indicatorCode,
      kind: opts.kind ?? 'designated',
      status: opts.status ?? 'agreed',
      trajectory: opts.trajectory,
    }),
  )
}

/** A year's collection rounds, generated from the partnership's targets; ids by period. */
export async function buildRounds(s: Services, partnershipId: string, year = '2008/09', dueWeeks = 6) {
  const generated = await s.rounds.generateYear(system, partnershipId, { year, dueWeeks })
  return Object.fromEntries(generated.created.map((r) => [r.period, r.id])) as Record<string, string>
}

/** A value saved (submitted unless told) by `actor` (the system unless told); returns the stored value. */
export async function buildValue(
  s: Services,
  partnershipId: string,
  key: { indicatorId: string; placeId: string; period: string },
  opts: {
    value?: number | null
    numerator?: number | null
    denominator?: number | null
    commentary?: string | null
    submit?: boolean
    actor?: Actor
  } = {},
) {
  const saved = await s.values.save(opts.actor ?? system, partnershipId, key, {
    value: opts.value ?? null,
    numerator: opts.numerator ?? null,
    denominator: opts.denominator ?? null,
    commentary: opts.commentary ?? null,
    version: 0,
    submit: opts.submit ?? true,
  })
  return saved.value
}
