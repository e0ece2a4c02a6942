import { expect, it } from 'vitest'
import { loadDemo } from '../../demo/demo.ts'
import { DEMO_ADMIN_EMAIL, DEMO_SLUG } from '../../demo/leicestershire.ts'
import { Agent, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'

describeIntegration('strategy pages on the demo', (t) => {
  it('renders every strategy, directory, timetable and consultation page', async () => {
    const { app, services } = t()
    await loadDemo(services, { password: 'demo-password-123' })
    await loadDemo(services, { password: 'demo-password-123' })
    const agent = new Agent(app)
    await agent.signIn(DEMO_ADMIN_EMAIL, 'demo-password-123')
    const base = `/p/${DEMO_SLUG}`
    const nodes = await services.strategyNodes.listNodes(
      { kind: 'system', userId: null, label: 't', isSystemAdmin: true, roles: new Map() },
      (await services.partnerships.findBySlug(DEMO_SLUG))!.id,
      2,
    )
    const n17 = nodes.find((n) => n.ref === '1.7')!
    for (const url of [
      `${base}/strategy`,
      `${base}/strategy/versions`,
      `${base}/strategy/versions/1`,
      `${base}/strategy/versions/2/outline`,
      `${base}/strategy/versions/2/edit`,
      `${base}/strategy/versions/2/status`,
      `${base}/strategy/versions/2/compare?with=1`,
      `${base}/strategy/versions/2/nodes/new?kind=theme`,
      `${base}/strategy/versions/2/consultation`,
      `${base}/strategy/versions/1/consultation`,
      `${base}/strategy/tags`,
      `${base}/strategy/nodes/${n17.id}`,
      `${base}/strategy/nodes/${n17.id}/edit`,
      `${base}/strategy/nodes/${n17.id}/move`,
      `${base}/directory`,
      `${base}/directory/gaps`,
      `${base}/directory/${n17.id}/edit`,
      `${base}/timetable`,
      `${base}/timetable/stages/new`,
      `${base}/timetable/signoffs/new`,
    ]) {
      const res = await agent.get(url)
      expect(res.statusCode, `${url}: ${res.body.slice(0, 2000)}`).toBe(200)
    }
    const csv = await agent.get(`${base}/directory.csv`)
    expect(csv.statusCode).toBe(200)
    const xlsx = await agent.get(`${base}/directory.xlsx`)
    expect(xlsx.statusCode).toBe(200)
  }, 120_000)

  it('starts a strategy and edits its outline through GOV.UK forms, showing errors in place', async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, ['performance_officer'])
    const agent = new Agent(app)
    await agent.signIn(users.performance_officer!.email, users.performance_officer!.password)
    const base = `/p/${slug}/strategy`
    const empty = await agent.get(base)
    expect(empty.body).toContain('Start the strategy')
    const noTitle = await agent.submit(base, `${base}/versions`, { title: '' })
    expect(noTitle.statusCode).toBe(422)
    expect(noTitle.body).toContain('Enter the strategy’s title')
    const started = await agent.submit(base, `${base}/versions`, { title: 'Rutland Strategy' })
    expect(started.headers.location).toBe(`${base}/versions/1/outline`)

    const form = `${base}/versions/1/nodes/new?kind=theme`
    const bad = await agent.submit(form, `${base}/versions/1/nodes`, {
      kind: 'outcome',
      parentId: '',
      title: '',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Enter the title')
    expect(bad.body).toContain('href="#title"')
    for (const title of ['Safer', 'Healthier'])
      expect(
        (await agent.submit(form, `${base}/versions/1/nodes`, { kind: 'theme', parentId: '', title }))
          .statusCode,
      ).toBe(302)
    const [safer, healthier] = (await services.strategyNodes.listNodes(system, partnership.id, 1)).sort(
      (a, b) => a.ref.localeCompare(b.ref),
    )
    await agent.submit(form, `${base}/versions/1/nodes`, {
      kind: 'outcome',
      parentId: safer!.id,
      title: 'Less crime',
    })
    const outcome = (await services.strategyNodes.listNodes(system, partnership.id, 1)).find(
      (n) => n.ref === '1.1',
    )!

    const cycle = await agent.submit(`${base}/nodes/${outcome.id}/move`, `${base}/nodes/${outcome.id}/move`, {
      parentId: outcome.id,
    })
    expect(cycle.statusCode).toBe(422)
    expect(cycle.body).toContain('cannot move under itself')
    const moved = await agent.submit(`${base}/nodes/${outcome.id}/move`, `${base}/nodes/${outcome.id}/move`, {
      parentId: healthier!.id,
    })
    expect(moved.statusCode).toBe(302)
    const page = await agent.get(`${base}/nodes/${outcome.id}`)
    expect(page.body).toContain('2.1</span> Less crime')
    expect(page.body).toContain('Move')
    const outline = await agent.get(`${base}/versions/1/outline`)
    expect(outline.body).toContain('data-ref="2.1"')
  })
})
