/**
 * Assessment at scale: a generated partnership with BENCH_DISTRICTS districts (default 350, about
 * the number of English districts) under one area and BENCH_TARGETS quarterly targets (default
 * 30) with per-district trajectories and two years of submitted values at every district. Prints
 * dashboard page throughput beside a bare GOV.UK page, the full reassessment beside a raw SQL
 * scan of the same values, and the time to reassess after one value changes.
 * Run alone: `npx tsx bench/assessment.bench.ts` (PGlite; BENCH_ENGINE=postgres for PostgreSQL).
 */
import { sql } from 'drizzle-orm'
import { buildApp } from '../src/app.ts'
import { systemActor } from '../src/modules/auth/actor.ts'
import { insertValues, insertValueVersions } from '../src/modules/values/values.queries.ts'
import { targetCreate } from '../src/modules/targets/targets.schema.ts'
import { createServices } from '../src/services.ts'
import { testConfig } from '../test/helpers/config.ts'
import { freshDatabase } from '../test/helpers/db.ts'
import type { Engine } from '../src/db/client.ts'

const DISTRICTS = Number(process.env.BENCH_DISTRICTS ?? 350)
const TARGETS = Number(process.env.BENCH_TARGETS ?? 30)
const DURATION_MS = Number(process.env.BENCH_MS ?? 2000)
const engine = (process.env.BENCH_ENGINE ?? 'pglite') as Engine
const PERIODS = [
  '2008/09 Q1',
  '2008/09 Q2',
  '2008/09 Q3',
  '2008/09 Q4',
  '2009/10 Q1',
  '2009/10 Q2',
  '2009/10 Q3',
  '2009/10 Q4',
]
const system = systemActor('bench')

async function time<T>(fn: () => Promise<T>) {
  const t0 = performance.now()
  const result = await fn()
  return { ms: Math.round(performance.now() - t0), result }
}

async function throughput(fn: () => Promise<void>) {
  let n = 0
  const end = performance.now() + DURATION_MS
  const t0 = performance.now()
  while (performance.now() < end) {
    await fn()
    n++
  }
  return Math.round((n / (performance.now() - t0)) * 1000)
}

async function main() {
  const database = await freshDatabase(engine)
  const s = createServices(database.db, { engine })
  const p = await s.partnerships.create(system, {
    slug: 'bench-national',
    name: 'National bench',
    kind: 'county',
    parentId: null,
  })
  const prefix = 90_000_000 + Math.floor(Math.random() * 1_000_000)
  const area = await s.places.create(system, p.id, {
    gssCode: `E${prefix}`,
    name: 'Area',
    type: 'area',
    parentId: null,
    priority: false,
  })
  const districts: Awaited<ReturnType<typeof s.places.create>>[] = []
  for (let i = 0; i < DISTRICTS; i++)
    districts.push(
      await s.places.create(system, p.id, {
        gssCode: `E${prefix + 1 + i}`,
        name: `District ${i}`,
        type: 'district',
        parentId: area.id,
        priority: false,
      }),
    )
  const ctx = await s.partnerships.resolve(system, 'bench-national')
  await s.partnerships.update(system, ctx, {
    name: p.name,
    kind: 'county',
    description: null,
    accountableBodyId: null,
    areaPlaceId: area.id,
  })
  const agreement = await s.agreements.create(system, p.id, {
    name: 'LAA',
    start: 2008,
    end: 2010,
    description: null,
  })
  const indicators = []
  for (let i = 0; i < TARGETS; i++) {
    const ind = await s.indicators.create(system, p.id, {
      code: `L ${100 + i}`,
      title: `Indicator ${i}`,
      set: 'local',
      theme: null,
      definition: null,
      numerator: null,
      denominator: null,
      unit: 'count',
      ratePer: null,
      polarity: i % 2 ? 'lower' : 'higher',
      frequency: 'quarterly',
      combine: 'sum',
      dataSource: null,
      lagMonths: null,
      responsibleOrganisationId: null,
    })
    indicators.push(ind)
    await s.targets.create(
      system,
      p.id,
      agreement.id,
      targetCreate.parse({
        indicatorCode: ind.code,
        kind: 'local',
        status: 'agreed',
        trajectory: [
          { period: '2008/09', value: 100 * DISTRICTS },
          { period: '2009/10', value: 105 * DISTRICTS },
          ...districts.slice(0, 50).map((d) => ({ period: '2008/09', placeGss: d.gssCode, value: 100 })),
        ],
      }),
    )
  }
  // Values written in bulk, as the demo does: the assessments are then built by one reassess.
  const rows = indicators.flatMap((ind) =>
    districts.flatMap((d) =>
      PERIODS.map((period, k) => ({
        partnershipId: p.id,
        indicatorId: ind.id,
        placeId: d.id,
        period,
        periodType: 'quarter',
        value: 90 + ((k * 7 + d.gssCode.charCodeAt(8)) % 25),
        status: 'submitted',
        version: 1,
      })),
    ),
  )
  const inserted = await insertValues(database.db, rows)
  await insertValueVersions(
    database.db,
    inserted.map((v) => ({
      valueId: v.id,
      version: 1,
      value: v.value,
      status: 'submitted',
      action: 'imported',
      recordedBy: 'bench',
    })),
  )

  const full = await time(() => s.assessments.reassess(system, p.id))
  const scan = await time(() =>
    database.db.execute(sql`
    select v.indicator_id, v.place_id, count(*), sum(x.value) from data_values v
    join lateral (select value from data_value_versions w where w.value_id = v.id order by version desc limit 1) x on true
    where v.partnership_id = ${p.id} group by 1, 2`),
  )
  const assessed = await database.db.execute(
    sql`select count(*)::int as n from assessments where partnership_id = ${p.id} and valid_to is null`,
  )
  const one = inserted[0]!
  const single = await time(() =>
    s.values.save(
      system,
      p.id,
      { indicatorId: one.indicatorId, placeId: one.placeId, period: one.period },
      {
        value: 1,
        numerator: null,
        denominator: null,
        commentary: null,
        version: 1,
        submit: true,
      },
    ),
  )

  const user = await s.users.addMember(system, p.id, {
    email: 'bench@example.org',
    name: 'Bench',
    role: 'admin',
    organisationId: null,
    password: 'bench-password-123',
  })
  const { secret } = await s.auth.createToken(system, user.user.id, 'bench')
  const app = await buildApp(testConfig, s, { logger: false })
  await app.ready()
  // Signed in through the real form, as a person would be.
  const cookies = new Map<string, string>()
  const keep = (res: { cookies: { name: string; value: string }[] }) => {
    for (const c of res.cookies) cookies.set(c.name, c.value)
  }
  const cookie = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  const form = await app.inject({ url: '/sign-in' })
  keep(form)
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!
  keep(
    await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        email: 'bench@example.org',
        password: 'bench-password-123',
        _csrf: csrf,
      }).toString(),
    }),
  )
  const agent = { get: (url: string) => app.inject({ url, headers: { cookie: cookie() } }) }
  const get =
    (url: string, auth = true) =>
    async () => {
      const res = url.startsWith('/api/')
        ? await app.inject({ url, headers: { authorization: `Bearer ${secret}` } })
        : auth
          ? await agent.get(url)
          : await app.inject({ url })
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`)
    }
  const table = {
    engine,
    districts: DISTRICTS,
    targets: TARGETS,
    values: inserted.length,
    'assessment rows': (assessed as unknown as { rows: { n: number }[] }).rows[0]!.n,
    'full reassess ms': full.ms,
    'raw SQL scan ms': scan.ms,
    'one value save + reassess ms': single.ms,
    'GET /sign-in per s': await throughput(get('/sign-in', false)),
    'GET dashboard per s': await throughput(get('/p/bench-national/dashboard')),
    'GET targets table per s': await throughput(get('/p/bench-national/dashboard/targets')),
    'GET API assessments (Q1) per s': await throughput(
      get('/api/v1/partnerships/bench-national/assessments?period=2008%2F09%20Q1'),
    ),
  }
  console.table(table)
  await app.close()
  await database.close()
}

await main()
