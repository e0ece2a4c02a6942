import { beforeEach, expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, system, unique } from '../../../test/helpers/app.ts'
import { csvSource } from '../../../test/helpers/workbook.ts'
import { seedValuesWorld, type ValuesWorld } from '../values/values.fixtures.ts'

describeIntegration('dashboard pages and the assessments API', (t) => {
  let w: ValuesWorld
  let agent: Agent
  let wasteTarget: string
  const save = (placeId: string, period: string, value: number) =>
    t().services.values.save(
      system,
      w.partnershipId,
      { indicatorId: w.waste.id, placeId, period },
      {
        value,
        numerator: null,
        denominator: null,
        commentary: null,
        version: 0,
        submit: true,
      },
    )

  beforeEach(async () => {
    w = await seedValuesWorld(t().services, unique('dash'))
    await save(w.area.id, '2008/09 Q1', 1100)
    await save(w.area.id, '2008/09 Q2', 1200)
    agent = new Agent(t().app)
    await agent.signIn(w.users.officer.email, w.users.officer.password)
    const { lines } = await t().services.dashboard.lines(system, w.partnershipId, {})
    wasteTarget = lines.find((l) => l.target.indicator.code === w.waste.code)!.target.id
  })

  it('shows status counts, the targets needing an improvement plan and rewards', async () => {
    const res = await agent.get(`/p/${w.slug}/dashboard`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toContain('data-qa="total-red">1<')
    expect(res.body).toMatch(/data-qa="needs-plan"[\s\S]*L 02/)
    expect(res.body).toContain('No reward targets.')
  })

  it('filters and sorts the targets table', async () => {
    const red = await agent.get(`/p/${w.slug}/dashboard/targets?status=red&sort=status`)
    expect(red.statusCode, red.body).toBe(200)
    expect(red.body.match(/data-qa="target-row"/g)).toHaveLength(1)
    expect(red.body).toContain('L 02')
    const all = await agent.get(`/p/${w.slug}/dashboard/targets?kind=designated`)
    expect(all.body.match(/data-qa="target-row"/g)).toHaveLength(2)
  })

  it('shows a target with its chart and table, and compares places', async () => {
    const res = await agent.get(`/p/${w.slug}/dashboard/targets/${wasteTarget}`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toContain('role="img"')
    expect(res.body).toContain('data-qa="assessment-table"')
    // L 02 is a count, so cumulative: the page and its chart show the year to date.
    expect(res.body).toContain('L 02 Indicator L 02: year to date against the profile')
    expect(res.body).toMatch(/Latest: 2008\/09 Q2, 2,300 in the year to date against a target of 500/)
    expect(res.body).toContain('(year to date)')
    const crime = (await t().services.dashboard.lines(system, w.partnershipId, {})).lines.find(
      (l) => l.target.indicator.code === w.crime.code,
    )!
    const places = await agent.get(
      `/p/${w.slug}/dashboard/targets/${crime.target.id}/places?period=2008/09%20Q1`,
    )
    expect(places.statusCode, places.body).toBe(200)
    expect(places.body.match(/data-qa="place-row"/g)).toHaveLength(4)
  })

  it('reads as at a date, and says what is wrong with a bad one', async () => {
    const past = await agent.get(`/p/${w.slug}/dashboard?as-at=2001-01-01`)
    expect(past.statusCode).toBe(422)
    expect(past.body).toContain('before the partnership was set up')
    const future = await agent.get(`/p/${w.slug}/dashboard/targets?as-at=2999-01-01`)
    expect(future.statusCode).toBe(422)
    const now = encodeURIComponent(new Date().toISOString())
    const ok = await agent.get(`/p/${w.slug}/dashboard?as-at=${now}`)
    expect(ok.statusCode).toBe(200)
    expect(ok.body).toContain('data-qa="as-at-banner"')
  })

  it('gives stored assessments through the API, filtered, with as-at errors as 422', async () => {
    const url = `/api/v1/partnerships/${w.slug}/assessments`
    const res = await t().app.inject({ url: `${url}?status=red`, headers: bearer(w.users.officer.token) })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().data.map((r: { period: string }) => r.period)).toEqual(['2008/09 Q1', '2008/09 Q2'])
    expect(res.json().data[0]).toMatchObject({ indicator_code: 'L 02', place_gss: w.area.gss, value: 1100 })
    const bad = await t().app.inject({
      url: `${url}?as-at=2999-01-01`,
      headers: bearer(w.users.officer.token),
    })
    expect(bad.statusCode).toBe(422)
  })

  it('publishes the rules with worked examples to anyone', async () => {
    const res = await t().app.inject({ url: '/help/assessment-rules' })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('is amber (2 below')
    expect(res.body).toContain('60 of 200 = 30%')
    // Snapshot or cumulative, and exact at the edges.
    expect(res.body).toContain('a year to date of 6.7 at Q2, against a target of 13.4 × 2/4 = 6.7: green')
    expect(res.body).toContain('1,300 × 1/12 = 108: green')
    expect(res.body).toContain('the year ends at 95 ÷ 1 × 12 = 1,140')
    expect(res.body).toContain('the Q2 target is 7.3')
    expect(res.body).toContain('a share of 60% and earns £60,000')
    expect(res.body).toContain('so amber')
    expect(res.body).toContain('shows “no progress towards the stretch”')
  })

  it('exports the Assessments sheet as CSV, JSON and XLSX, as at a date', async () => {
    const url = `/api/v1/partnerships/${w.slug}/exports/Assessments`
    const headers = bearer(w.users.officer.token)
    const csv = await t().app.inject({ url: `${url}?format=csv`, headers })
    expect(csv.statusCode, csv.body).toBe(200)
    const lines = csv.body.trim().split(/\r?\n/)
    expect(lines[0]).toBe(
      'indicator_code,place_gss,period,value,target_value,status,direction,forecast_value,forecast_status,reward_share,reward_payable',
    )
    // L 02 is a count, so cumulative: Q2 is rated on its year to date (1,100 + 1,200) against
    // 1,000 × 2/4, forecast at its run rate, and has no same point of the year before.
    expect(lines).toContain(`L 02,${w.area.gss},2008/09 Q2,2300,500,red,n/a,4600,red,,`)
    const json = await t().app.inject({ url: `${url}?format=json`, headers })
    expect(json.statusCode).toBe(200)
    expect(json.json().length).toBe(lines.length - 1)
    const xlsx = await t().app.inject({ url: `${url}?format=xlsx`, headers })
    expect(xlsx.statusCode).toBe(200)
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK')
    const bad = await t().app.inject({ url: `${url}?as-at=2001-01-01`, headers })
    expect(bad.statusCode).toBe(422)
    const then = await t().services.workbook.export(system, w.partnershipId, 'Assessments', 'json', {
      'as-at': new Date().toISOString(),
    })
    const chunks: Buffer[] = []
    for await (const c of then.stream) chunks.push(Buffer.from(c))
    expect(JSON.parse(Buffer.concat(chunks).toString()).length).toBe(lines.length - 1)
  })

  it('refreshes the assessments of the targets a bulk import touches, in its transaction', async () => {
    const csv =
      'indicator_code,place_gss,period,value,numerator,denominator,commentary\n' +
      `L 02,,2008/09 Q3,990,,,\nL 01,${w.districts[0]!.gss},2008/09 Q1,,30,50,\n`
    const result = await t().services.workbook.import(system, w.partnershipId, csvSource('Values.csv', csv))
    expect(JSON.stringify(result)).toContain('"created":2')
    const rows = await t().services.assessments.list(system, w.partnershipId, { period: '2008/09 Q3' })
    expect(rows.find((r) => r.code === 'L 02' && r.row.placeId === w.area.id)!.row).toMatchObject({
      value: 1100 + 1200 + 990,
      targetValue: 750,
      status: 'red',
      provisional: true,
    })
    const q1 = await t().services.assessments.list(system, w.partnershipId, { period: '2008/09 Q1' })
    expect(q1.find((r) => r.code === 'L 01' && r.row.placeId === w.districts[0]!.id)!.row.value).toBe(60)
  })
})
