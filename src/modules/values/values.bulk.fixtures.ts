/** Shared set-up for the bulk value import and export tests (and the benchmark). */
import { Readable } from 'node:stream'
import { isAppError, type AppError } from '../../errors.ts'
import { systemActor, type Actor } from '../auth/actor.ts'
import type { Services } from '../../services.ts'
import { targetCreate } from '../targets/targets.schema.ts'
import type { ImportSource } from '../../workbook/read.ts'

const system = systemActor('test')

let next = 20_000_000 + Math.floor(Math.random() * 70_000_000)
/** A GSS code no other test uses (places are shared by every partnership in a database). */
export const freshGss = () => `E${String(next++).padStart(8, '0')}`

export const csvFile = (filename: string, text: string): ImportSource => ({
  kind: 'file',
  stream: Readable.from([Buffer.from(text, 'utf8')]),
  filename,
})

/** The Values sheet's header, and a CSV of it with these rows. */
export const VALUES_HEAD = 'indicator_code,place_gss,period,value,numerator,denominator,commentary'
export const valuesCsv = (...rows: string[]) => [VALUES_HEAD, ...rows].join('\n') + '\n'

/** The AppError an import is refused with (any other error is rethrown). */
export async function importFailure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (e) {
    if (isAppError(e)) return e
    throw e
  }
  throw new Error('expected the import to fail')
}

export interface ValuesWorld {
  partnershipId: string
  slug: string
  area: { id: string; gss: string }
  districts: { id: string; gss: string }[]
  police: { id: string }
  council: { id: string }
  /** Codes by unit: P01 percent quarterly (police), C01 count quarterly (council), M01 money annual, R01 rate monthly. */
  codes: { percent: string; count: string; money: string; rate: string }
  actors: { admin: Actor; officer: Actor; policeProvider: Actor; councilProvider: Actor }
  tokens: { admin: string; officer: string; policeProvider: string }
  users: Record<'admin' | 'officer' | 'policeProvider', { email: string; password: string }>
}

/**
 * A partnership with an area and two districts, two organisations, four complete indicators,
 * an agreement 2008/09-2010/11 with targets for the percent indicator (at the area and the first
 * district) and the count indicator (at the area), and a user (with an actor and API token) in
 * each role an import cares about.
 */
export async function seedValuesWorld(s: Services, slug: string, districts = 2): Promise<ValuesWorld> {
  const partnership = await s.partnerships.create(system, {
    slug,
    name: `Partnership ${slug}`,
    kind: 'county',
    parentId: null,
  })
  const pid = partnership.id
  const areaGss = freshGss()
  const area = await s.places.create(system, pid, {
    gssCode: areaGss,
    name: `Area ${slug}`,
    type: 'area',
    parentId: null,
    priority: false,
  })
  const ds = []
  for (let i = 0; i < districts; i++) {
    const gss = freshGss()
    const d = await s.places.create(system, pid, {
      gssCode: gss,
      name: `District ${i + 1} ${slug}`,
      type: 'district',
      parentId: area.id,
      priority: false,
    })
    ds.push({ id: d.id, gss })
  }
  const ctx = await s.partnerships.resolve(system, slug)
  await s.partnerships.update(system, ctx, {
    name: partnership.name,
    kind: 'county',
    description: null,
    accountableBodyId: null,
    areaPlaceId: area.id,
    // The import tests approve their own rows (`approve`); the second-person rule has its own tests.
    allowSelfApproval: true,
  })
  const police = await s.organisations.create(system, pid, {
    name: 'Constabulary',
    type: 'police',
    dutyToCooperate: true,
  })
  const council = await s.organisations.create(system, pid, {
    name: 'County Council',
    type: 'council',
    dutyToCooperate: true,
  })

  const indicator = (
    code: string,
    unit: 'percent' | 'count' | 'money' | 'rate',
    frequency: 'quarterly' | 'annual' | 'monthly',
    org: string | null,
  ) =>
    s.indicators.create(system, pid, {
      code,
      title: `Indicator ${code}`,
      set: 'local',
      theme: null,
      definition: null,
      numerator: null,
      denominator: null,
      unit,
      ratePer: unit === 'rate' ? 1000 : null,
      polarity: 'higher',
      frequency,
      combine: 'none',
      dataSource: null,
      lagMonths: null,
      responsibleOrganisationId: org,
    })
  await indicator('L P01', 'percent', 'quarterly', police.id)
  await indicator('L C01', 'count', 'quarterly', council.id)
  await indicator('L M01', 'money', 'annual', council.id)
  await indicator('L R01', 'rate', 'monthly', null)

  const agreement = await s.agreements.create(system, pid, {
    name: 'LAA',
    start: 2008,
    end: 2010,
    description: null,
  })
  // L P01 is targeted at the area and (by a per-place trajectory) the first district; L C01 at the area.
  await s.targets.create(
    system,
    pid,
    agreement.id,
    targetCreate.parse({
      indicatorCode: 'L P01',
      kind: 'local',
      status: 'agreed',
      trajectory: [
        { period: '2008/09', value: 60 },
        ...(ds[0] ? [{ period: '2008/09', value: 60, placeGss: ds[0].gss }] : []),
      ],
    }),
  )
  await s.targets.create(
    system,
    pid,
    agreement.id,
    targetCreate.parse({ indicatorCode: 'L C01', kind: 'local', status: 'agreed' }),
  )

  const member = async (
    role: 'admin' | 'performance_officer' | 'data_provider',
    organisationId: string | null,
    name: string,
  ) => {
    const email = `${name}.${slug}@example.org`
    const password = 'correct-horse-battery'
    const { user } = await s.users.addMember(system, pid, { email, name, role, organisationId, password })
    const { secret } = await s.auth.createToken(system, user.id, 'test')
    const actor = (await s.auth.actorForUser(user.id, 'test'))!
    return { actor, token: secret, email, password }
  }
  const admin = await member('admin', null, 'admin')
  const officer = await member('performance_officer', null, 'officer')
  const policeProvider = await member('data_provider', police.id, 'police')
  const councilProvider = await member('data_provider', council.id, 'council')

  return {
    partnershipId: pid,
    slug,
    area: { id: area.id, gss: areaGss },
    districts: ds,
    police: { id: police.id },
    council: { id: council.id },
    codes: { percent: 'L P01', count: 'L C01', money: 'L M01', rate: 'L R01' },
    actors: {
      admin: admin.actor,
      officer: officer.actor,
      policeProvider: policeProvider.actor,
      councilProvider: councilProvider.actor,
    },
    tokens: { admin: admin.token, officer: officer.token, policeProvider: policeProvider.token },
    users: {
      admin: { email: admin.email, password: admin.password },
      officer: { email: officer.email, password: officer.password },
      policeProvider: { email: policeProvider.email, password: policeProvider.password },
    },
  }
}

/** A collection round for the period whose window is open today, or closed a week ago. */
export async function roundFor(s: Services, partnershipId: string, period: string, state: 'open' | 'closed') {
  const day = (offset: number) => new Date(Date.now() + offset * 864e5).toISOString().slice(0, 10)
  const window =
    state === 'open' ? { opensOn: day(-7), dueOn: day(14) } : { opensOn: day(-60), dueOn: day(-7) }
  return s.rounds.create(system, partnershipId, { period, ...window })
}
