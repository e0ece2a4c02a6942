import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'

describeIntegration('freedoms and flexibilities requests', (t) => {
  async function setup() {
    const { app, services } = t()
    const seeded = await seedPartnership(services, [
      'admin',
      'performance_officer',
      'government_office',
      'board_member',
    ])
    const pid = seeded.partnership.id
    await services.strategy.startVersion(system, pid, { title: 'Strategy' })
    const theme = await services.strategyNodes.createNode(system, pid, 1, {
      kind: 'theme',
      title: 'Safer Communities',
      tagIds: [],
    })
    const outcome = await services.strategyNodes.createNode(system, pid, 1, {
      kind: 'outcome',
      title: 'Reduction in offending by PPOs',
      parentId: theme.id,
      tagIds: [],
    })
    const call = (method: 'GET' | 'POST' | 'PUT', path: string, token: string, payload?: object) =>
      app.inject({
        method,
        url: `/api/v1/partnerships/${seeded.slug}/requests${path}`,
        headers: bearer(token),
        ...(payload ? { payload } : {}),
      })
    return { ...seeded, app, services, pid, theme, outcome, call }
  }

  const ppo = (outcomeKey: string | null) => ({
    ref: 'FF-01',
    title: 'Reduction in levels of PPO monitoring',
    outcomeKey,
    department: 'Home Office',
    businessCase: null,
  })

  it('goes draft → submitted → agreed, with the government office’s comments, and refuses moves out of order', async () => {
    const s = await setup()
    const perf = s.users.performance_officer!.token
    const go = s.users.government_office!.token
    const created = await s.call('POST', '', perf, ppo(s.outcome.key))
    expect(created.statusCode, created.body).toBe(201)
    const r = created.json().data
    expect(r).toMatchObject({
      status: 'draft',
      outcomeRef: '1.1',
      outcomeTitle: 'Reduction in offending by PPOs',
    })

    // The government office neither drafts nor submits; a board member does not decide.
    expect((await s.call('POST', '', go, { ...ppo(null), ref: 'FF-09' })).statusCode).toBe(403)
    expect((await s.call('POST', `/${r.id}/submit`, go)).statusCode).toBe(403)
    const decision = {
      status: 'agreed',
      decision: 'Monthly returns become quarterly',
      decidedOn: '2006-03-01',
    }
    expect(
      (await s.call('POST', `/${r.id}/decision`, s.users.board_member!.token, decision)).statusCode,
    ).toBe(403)

    // Not decided before it is submitted; not submitted without a business case.
    const early = await s.call('POST', `/${r.id}/decision`, go, decision)
    expect(early.statusCode).toBe(409)
    expect(early.json().error.message).toBe(
      'FF-01 is draft: only a request that is submitted can be agreed or refused.',
    )
    const noCase = await s.call('POST', `/${r.id}/submit`, perf)
    expect(noCase.statusCode).toBe(422)
    expect(noCase.json().error.fields).toEqual({
      businessCase: 'Add the business case before submitting the request',
    })

    const withCase = await s.call('PUT', `/${r.id}`, perf, {
      ...ppo(s.outcome.key),
      businessCase: 'Free performance officer time to monitor re-offending.',
    })
    expect(withCase.statusCode, withCase.body).toBe(200)
    const submitted = await s.call('POST', `/${r.id}/submit`, perf)
    expect(submitted.json().data).toMatchObject({ status: 'submitted', submittedAt: expect.any(String) })
    expect((await s.call('POST', `/${r.id}/submit`, perf)).statusCode).toBe(409)

    const commented = await s.call('PUT', `/${r.id}/comments`, go, {
      goComments: 'Home Office are sympathetic.',
    })
    expect(commented.json().data.goComments).toBe('Home Office are sympathetic.')

    // The decision's date: not in the future (the clock's today), not before it was submitted.
    const future = await s.call('POST', `/${r.id}/decision`, go, { ...decision, decidedOn: '2199-01-01' })
    expect(future.json().error.fields).toEqual({ decidedOn: 'Date decided must be today or in the past' })
    const before = await s.call('POST', `/${r.id}/decision`, go, { ...decision, decidedOn: '2000-01-01' })
    expect(Object.keys(before.json().error.fields)).toEqual(['decidedOn'])
    const missing = await s.call('POST', `/${r.id}/decision`, go, { status: 'maybe', decision: '' })
    expect(Object.keys(missing.json().error.fields).sort()).toEqual(['decidedOn', 'decision', 'status'])

    const today = new Date().toISOString().slice(0, 10)
    const agreed = await s.call('POST', `/${r.id}/decision`, go, { ...decision, decidedOn: today })
    expect(agreed.statusCode, agreed.body).toBe(200)
    expect(agreed.json().data).toMatchObject({ status: 'agreed', decidedOn: today })
    // Decided: no withdrawing, changing or deciding again.
    expect((await s.call('POST', `/${r.id}/withdraw`, perf)).statusCode).toBe(409)
    expect((await s.call('PUT', `/${r.id}`, perf, ppo(null))).statusCode).toBe(409)
    expect(
      (await s.call('POST', `/${r.id}/decision`, go, { ...decision, status: 'refused', decidedOn: today }))
        .statusCode,
    ).toBe(409)

    expect((await s.services.requests.forOutcome(system, s.pid, s.outcome.key)).map((x) => x.ref)).toEqual([
      'FF-01',
    ])
    const agreedOnly = await s.call('GET', '?status=agreed', s.users.board_member!.token)
    expect(agreedOnly.json().data).toHaveLength(1)
  })

  it('refuses a duplicate ref (ignoring case and spaces), a theme or unknown outcome, and withdraws a draft', async () => {
    const s = await setup()
    const perf = s.users.performance_officer!.token
    const first = await s.call('POST', '', perf, { ...ppo(null), ref: 'FF-02' })
    expect(first.statusCode).toBe(201)
    const dup = await s.call('POST', '', perf, { ...ppo(null), ref: 'ff- 02' })
    expect(dup.statusCode).toBe(422)
    expect(dup.json().error.fields.ref).toContain('FF-02 is already the reference')
    const theme = await s.call('POST', '', perf, { ...ppo(s.theme.key), ref: 'FF-03' })
    expect(theme.json().error.fields).toEqual({ outcomeKey: 'Choose the outcome from the list' })
    const unknown = await s.call('POST', '', perf, {
      ...ppo('00000000-0000-4000-8000-000000000000'),
      ref: 'FF-03',
    })
    expect(unknown.json().error.fields).toEqual({ outcomeKey: 'Choose the outcome from the list' })
    const blank = await s.call('POST', '', perf, { ref: '', title: '', department: '' })
    expect(Object.keys(blank.json().error.fields).sort()).toEqual(['department', 'ref', 'title'])
    expect((await s.call('GET', '', perf)).json().data).toHaveLength(1)

    const withdrawn = await s.call('POST', `/${first.json().data.id}/withdraw`, perf)
    expect(withdrawn.json().data.status).toBe('withdrawn')
    expect((await s.call('POST', `/${first.json().data.id}/submit`, perf)).statusCode).toBe(409)
    const other = await seedPartnership(s.services, ['admin'])
    const foreign = await t().app.inject({
      method: 'GET',
      url: `/api/v1/partnerships/${other.slug}/requests/${first.json().data.id}`,
      headers: bearer(other.users.admin!.token),
    })
    expect(foreign.statusCode).toBe(404)
  })

  it('is drafted, submitted and decided through the pages without JavaScript', async () => {
    const s = await setup()
    const officer = new Agent(s.app)
    await officer.signIn(s.users.performance_officer!.email, s.users.performance_officer!.password)
    const empty = await officer.submit(`/p/${s.slug}/requests/new`, `/p/${s.slug}/requests`, {
      ref: '',
      title: '',
      department: '',
    })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('Enter what is asked for')
    const created = await officer.submit(`/p/${s.slug}/requests/new`, `/p/${s.slug}/requests`, {
      ref: 'FF-04',
      title: 'Relaxation of the capital / revenue split',
      outcomeKey: s.outcome.key,
      department: 'Home Office',
      businessCase: '',
    })
    expect(created.statusCode, created.body).toBe(302)
    const url = created.headers.location!
    const refused = await officer.submit(url, `${url}/submit`, {})
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('Add the business case before submitting the request')
    await officer.submit(`${url}/edit`, url, {
      ref: 'FF-04',
      title: 'Relaxation of the capital / revenue split',
      outcomeKey: s.outcome.key,
      department: 'Home Office',
      businessCase: 'Building Safer Communities has a small capital element.',
    })
    expect((await officer.submit(url, `${url}/submit`, {})).statusCode).toBe(302)
    const page = await officer.get(url)
    expect(page.body).toContain('Submitted')
    expect(page.body).toContain('Escalate to the board')

    const go = new Agent(s.app)
    await go.signIn(s.users.government_office!.email, s.users.government_office!.password)
    expect(
      (await go.submit(`${url}/comments`, `${url}/comments`, { goComments: 'Treasury rules apply.' }))
        .statusCode,
    ).toBe(302)
    const bad = await go.submit(`${url}/decide`, `${url}/decide`, { decision: 'No', decidedOn: '2009-13-01' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Select agreed or refused')
    expect(bad.body).toContain('Date decided must be a real date')
    const today = new Date().toISOString().slice(0, 10)
    const done = await go.submit(`${url}/decide`, `${url}/decide`, {
      status: 'refused',
      decision: 'Treasury does not allow capital to be switched to revenue.',
      decidedOn: today,
    })
    expect(done.statusCode).toBe(302)
    const list = await go.get(`/p/${s.slug}/requests?status=refused`)
    expect(list.body).toContain('FF-04')
    expect(list.body).toContain('Refused')
    expect((await go.get(url)).body).toContain('Treasury rules apply.')
  })
})
