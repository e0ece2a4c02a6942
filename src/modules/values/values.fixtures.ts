/**
 * Shared set-up for the values and rounds tests: a partnership with an area and two districts,
 * two partner organisations each with a data provider, two quarterly indicators with targets in
 * a 2008-2011 agreement (one with per-district trajectories), and the 2008/09 rounds.
 * (The bulk import tests have their own world in values.bulk.fixtures.ts.)
 */
import type { Services } from '../../services.ts'
import { systemActor } from '../auth/actor.ts'
import type { Role } from '../auth/roles.ts'
import { ukDate as ukToday } from '../../lib/clock.ts'
import { addDays } from '../rounds/rounds.rules.ts'
import { targetCreate } from '../targets/targets.schema.ts'

const system = systemActor('test')
let next = 10_000_000 + Math.floor(Math.random() * 9_000_000)
/** A GSS code no other test in the database has used (places are shared geography). */
const gss = () => `E${String(next++).padStart(8, '0')}`

export const PASSWORD = 'correct-horse-battery'

export interface ValuesWorld {
  partnershipId: string
  slug: string
  area: { id: string; name: string; gss: string }
  districts: { id: string; name: string; gss: string }[]
  /** A place no target asks for. */
  elsewhere: { id: string; name: string; gss: string }
  police: { id: string; name: string }
  council: { id: string; name: string }
  /** L 01: percent, higher is better, Police; area target with per-district trajectories. */
  crime: { id: string; code: string }
  /** L 02: count, lower is better, Council; area target only. */
  waste: { id: string; code: string }
  users: Record<
    'admin' | 'officer' | 'police' | 'council',
    { email: string; password: string; userId: string; token: string }
  >
  /** 2008/09 Q1..Q4 rounds, ids by period. */
  rounds: Record<string, string>
}

async function member(
  s: Services,
  partnershipId: string,
  slug: string,
  name: string,
  role: Role,
  organisationId: string | null,
) {
  const email = `${name}.${slug}@example.org`
  const { user } = await s.users.addMember(system, partnershipId, {
    email,
    name: `${name} user`,
    role,
    organisationId,
    password: PASSWORD,
  })
  const { secret } = await s.auth.createToken(system, user.id, 'test')
  return { email, password: PASSWORD, userId: user.id, token: secret }
}

export async function seedValuesWorld(s: Services, slug: string): Promise<ValuesWorld> {
  const p = await s.partnerships.create(system, {
    slug,
    name: `Partnership ${slug}`,
    kind: 'county',
    parentId: null,
  })
  const pid = p.id
  const place = async (type: 'area' | 'district', parentId: string | null, name: string) => {
    const row = await s.places.create(system, pid, { gssCode: gss(), name, type, parentId, priority: false })
    return { id: row.id, name: row.name, gss: row.gssCode }
  }
  const area = await place('area', null, `County ${slug}`)
  const districts = [
    await place('district', area.id, `North ${slug}`),
    await place('district', area.id, `South ${slug}`),
  ]
  const elsewhere = await place('district', area.id, `West ${slug}`)
  const ctx = await s.partnerships.resolve(system, slug)
  await s.partnerships.update(system, ctx, {
    name: p.name,
    kind: 'county',
    description: null,
    accountableBodyId: null,
    areaPlaceId: area.id,
  })
  const police = await s.organisations.create(system, pid, {
    name: 'Police',
    type: 'police',
    dutyToCooperate: true,
  })
  const council = await s.organisations.create(system, pid, {
    name: 'County Council',
    type: 'council',
    dutyToCooperate: true,
  })
  const indicator = (code: string, unit: 'percent' | 'count', polarity: 'higher' | 'lower', org: string) =>
    s.indicators.create(system, pid, {
      code,
      title: `Indicator ${code}`,
      set: 'local',
      theme: null,
      definition: null,
      numerator: unit === 'percent' ? 'People who feel safe' : null,
      denominator: unit === 'percent' ? 'People asked' : null,
      unit,
      ratePer: null,
      polarity,
      frequency: 'quarterly',
      combine: unit === 'percent' ? 'ratio' : 'sum',
      dataSource: null,
      lagMonths: null,
      responsibleOrganisationId: org,
    })
  const crime = await indicator('L 01', 'percent', 'higher', police.id)
  const waste = await indicator('L 02', 'count', 'lower', council.id)
  const agreement = await s.agreements.create(system, pid, {
    name: 'LAA 2008-2011',
    start: 2008,
    end: 2010,
    description: null,
  })
  const target = (code: string, rows: { period: string; placeGss?: string; value: number }[]) =>
    s.targets.create(
      system,
      pid,
      agreement.id,
      targetCreate.parse({ indicatorCode: code, kind: 'designated', status: 'agreed', trajectory: rows }),
    )
  await target('L 01', [
    { period: '2008/09', value: 60 },
    { period: '2009/10', value: 62 },
    ...districts.map((d) => ({ period: '2008/09', placeGss: d.gss, value: 58 })),
  ])
  await target('L 02', [{ period: '2008/09', value: 1000 }])
  const generated = await s.rounds.generateYear(system, pid, { year: '2008/09', dueWeeks: 6 })
  const users = {
    admin: await member(s, pid, slug, 'admin', 'admin', null),
    officer: await member(s, pid, slug, 'officer', 'performance_officer', null),
    police: await member(s, pid, slug, 'police', 'data_provider', police.id),
    council: await member(s, pid, slug, 'council', 'data_provider', council.id),
  }
  return {
    partnershipId: pid,
    slug,
    area,
    districts,
    elsewhere,
    police: { id: police.id, name: police.name },
    council: { id: council.id, name: council.name },
    crime: { id: crime.id, code: crime.code },
    waste: { id: waste.id, code: waste.code },
    users,
    rounds: Object.fromEntries(generated.created.map((r) => [r.period, r.id])),
  }
}

/** Move a round's window so that it is open today, closed (due yesterday) or not yet open. */
export async function setWindow(
  s: Services,
  w: ValuesWorld,
  period: string,
  state: 'open' | 'closed' | 'upcoming',
  today = ukToday(new Date()),
) {
  const window =
    state === 'open'
      ? { opensOn: addDays(today, -10), dueOn: addDays(today, 10) }
      : state === 'closed'
        ? { opensOn: addDays(today, -50), dueOn: addDays(today, -1) }
        : { opensOn: addDays(today, 5), dueOn: addDays(today, 40) }
  return s.rounds.updateWindow(system, w.partnershipId, w.rounds[period]!, window)
}
