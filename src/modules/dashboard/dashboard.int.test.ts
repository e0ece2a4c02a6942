import { beforeEach, expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, system, unique } from '../../../test/helpers/app.ts'
import { buildIndicator } from '../../../test/helpers/factories.ts'
import { csvSource } from '../../../test/helpers/workbook.ts'
import { targetCreate } from '../targets/targets.schema.ts'
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

  /** Saves a submitted value of any indicator at the area. */
  const saveAt = (indicatorId: string, period: string, value: number) =>
    t().services.values.save(
      system,
      w.partnershipId,
      { indicatorId, placeId: w.area.id, period },
      { value, numerator: null, denominator: null, commentary: null, version: 0, submit: true },
    )
  /** The text of an element by its data-qa (to the end of its tag's block), tags stripped. */
  const textAt = (html: string, qa: string, end = '</ul>') => {
    const start = html.indexOf(`data-qa="${qa}"`)
    if (start < 0) return ''
    return html
      .slice(start, html.indexOf(end, start))
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
  }

  it('shows a board member the status at a glance: bars, words, trends, changes and links to each target', async () => {
    // L 01 (higher is better, 60 for the year): green in Q1, red in Q2 — it slipped.
    await saveAt(w.crime.id, '2008/09 Q1', 70)
    await saveAt(w.crime.id, '2008/09 Q2', 40)
    const crimeTarget = (await t().services.dashboard.lines(system, w.partnershipId, {})).lines.find(
      (l) => l.target.indicator.code === w.crime.code,
    )!.target.id
    const { user } = await t().services.users.addMember(system, w.partnershipId, {
      email: `board.${w.slug}@example.org`,
      name: 'Board member',
      role: 'board_member',
      organisationId: null,
      password: w.users.officer.password,
    })
    const board = new Agent(t().app)
    await board.signIn(user.email, w.users.officer.password)
    const res = await board.get(`/p/${w.slug}/dashboard`)
    expect(res.statusCode, res.body).toBe(200)
    const html = res.body

    // The overall bar: an image whose description says the shares, and the same in words.
    expect(html).toMatch(
      /<svg [^>]*class="gt-bar"[^>]*role="img" aria-labelledby="status-all-title status-all-desc"/,
    )
    expect(html).toContain('<desc id="status-all-desc">2 red (100%)</desc>')
    expect(textAt(html, 'overall-words')).toMatch(
      /Green 0 targets Amber 0 targets Red 2 targets Not rated 0 targets/,
    )
    // One bar per theme (here: the targets not linked to one), with its words.
    expect(html.match(/data-qa="theme-bar"/g)).toHaveLength(1)
    expect(textAt(html, 'theme-words')).toContain('Red 2')

    // Every figure links to what is behind it: counts to the targets they count, rows to the target.
    expect(html).toMatch(/href="\/p\/[^"]+\/dashboard\/targets\?status=red" data-qa="total-red">2</)
    const rows = html.match(/<tr class="govuk-table__row" data-qa="glance-row">[\s\S]*?<\/tr>/g)!
    expect(rows).toHaveLength(2)
    for (const row of rows) {
      expect(row).toMatch(/<strong class="govuk-tag govuk-tag--red" data-qa="glance-status">Red<\/strong>/)
      const target = row.includes(w.crime.code) ? crimeTarget : wasteTarget
      expect(row).toContain(`href="/p/${w.slug}/dashboard/targets/${target}"`)
      expect(row).toMatch(/data-qa="glance-value">/)
    }
    // A trend line per target, its periods and figures in words.
    expect(html).toContain('aria-label="L 01 trend: 2008/09 Q1 70.0%, 2008/09 Q2 40.0%"')
    expect(html).toContain('aria-label="L 02 trend, year to date: 2008/09 Q1 1,100, 2008/09 Q2 2,300"')
    expect(rows.find((r) => r.includes(w.waste.code))).toContain('Needs an improvement plan')

    // What slipped since the period before, linked to the target.
    expect(textAt(html, 'changes-slipped')).toContain(
      'L 01 Indicator L 01 : Green in 2008/09 Q1, Red in 2008/09 Q2',
    )
    expect(html).toMatch(
      new RegExp(
        `data-qa="changes-slipped">\\s*<li><a class="govuk-link" href="/p/${w.slug}/dashboard/targets/${crimeTarget}"`,
      ),
    )
    expect(textAt(html, 'changes-improved', '</p>')).toContain('None.')
  })

  it('keeps the glance as at a moment, its links carrying the moment', async () => {
    await saveAt(w.crime.id, '2008/09 Q1', 70)
    const then = new Date().toISOString()
    await new Promise((r) => setTimeout(r, 20))
    await saveAt(w.crime.id, '2008/09 Q2', 40)
    const res = await agent.get(`/p/${w.slug}/dashboard?as-at=${encodeURIComponent(then)}`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toContain('<desc id="status-all-desc">1 green (50%), 1 red (50%)</desc>')
    expect(res.body).toContain(`/dashboard/targets/${wasteTarget}?as-at=${encodeURIComponent(then)}`)
    expect(res.body).toContain(`/dashboard/targets?status=green&amp;as-at=${encodeURIComponent(then)}`)
    expect(res.body).toContain('No target has improved or slipped since the period before.')
  })

  it('draws a bar per theme, its counts linked to that theme’s targets', async () => {
    const s = t().services
    const pid = w.partnershipId
    await s.strategy.startVersion(system, pid, { title: 'Strategy' })
    const theme = await s.strategyNodes.createNode(system, pid, 1, {
      kind: 'theme',
      title: 'Safer',
      tagIds: [],
    })
    await s.strategyNodes.createNode(system, pid, 1, {
      kind: 'outcome',
      parentId: theme.id,
      ref: '1.1',
      title: 'Streets are safer',
      tagIds: [],
    })
    const i = await buildIndicator(s, pid, { unit: 'percent', combine: 'ratio', polarity: 'higher' })
    const agreement = (await s.agreements.list(system, pid))[0]!
    await s.targets.create(
      system,
      pid,
      agreement.id,
      targetCreate.parse({
        indicatorCode: i.code,
        kind: 'designated',
        status: 'agreed',
        outcomeRefs: ['1.1'],
        trajectory: [{ period: '2008/09', value: 60 }],
      }),
    )
    await saveAt(i.id, '2008/09 Q1', 58.5)
    const html = (await agent.get(`/p/${w.slug}/dashboard`)).body
    expect(html.match(/data-qa="theme-bar"/g)).toHaveLength(2)
    expect(html).toMatch(/Safer<\/a>\s*<span class="govuk-body-s govuk-!-font-weight-regular">· 1 target</)
    expect(html).toContain(
      'Safer: targets by status</title><desc id="status-theme-1-desc">1 amber (100%)</desc>',
    )
    expect(html).toContain(`/dashboard/targets?theme=${theme.id}&amp;status=amber">1</a>`)
    expect(html).toContain('<desc id="status-theme-2-desc">1 red (50%), 1 not rated (50%)</desc>')
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
