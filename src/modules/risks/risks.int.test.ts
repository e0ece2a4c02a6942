import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { riskInput } from './risks.schema.ts'

describeIntegration('risk register', (t) => {
  async function setup() {
    const { app, services } = t()
    const seeded = await seedPartnership(services, ['admin', 'outcome_lead', 'board_member', 'scrutiny'])
    const pid = seeded.partnership.id
    const people = await services.people.list(system, pid)
    const lead = people.find((p) => p.email === seeded.users.outcome_lead!.email)!
    const board = people.find((p) => p.email === seeded.users.board_member!.email)!
    const as = (role: string) => bearer(seeded.users[role]!.token)
    const call = (
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      path: string,
      payload?: object,
      headers = as('admin'),
    ) =>
      app.inject({
        method,
        url: `/api/v1/partnerships/${seeded.slug}${path}`,
        headers,
        ...(payload ? { payload } : {}),
      })
    return { ...seeded, app, services, pid, lead, board, as, call }
  }

  const reoffending = {
    ref: 'R-01',
    title: 'Re-offending by reprimanded young people does not fall',
    description: 'The re-offending rate rose from 21.6% to 32.9%; the stretch target may be missed.',
    category: 'Performance',
    controls: 'Youth Offending Service early intervention',
    inherentLikelihood: 5,
    inherentImpact: 4,
    likelihood: 4,
    impact: 4,
    targetLikelihood: 2,
    targetImpact: 3,
    reviewOn: '2009-03-31',
  }

  it('keeps a risk with its inherent, current and target scores and a first review', async () => {
    const s = await setup()
    const res = await s.call('POST', '/risks', { ...reoffending, ownerPersonId: s.board.id })
    expect(res.statusCode, res.body).toBe(201)
    const risk = res.json().data
    expect(risk).toMatchObject({
      ref: 'R-01',
      level: 'partnership',
      ownerName: s.board.name,
      inherent: { score: 20, band: 'high' },
      current: { likelihood: 4, impact: 4, score: 16, band: 'high' },
      target: { score: 6, band: 'moderate' },
      trend: 'new',
      reviewOverdue: true,
      status: 'open',
    })
    expect(risk.reviews).toHaveLength(1)
    const audit = await s.services.audit.list(system, s.pid, {
      entityType: 'risk',
      entityId: risk.id,
      limit: 10,
      offset: 0,
    })
    expect(audit.rows.map((r) => r.event.action)).toEqual(['create'])
  })

  it('refuses bad input naming each field, and writes nothing', async () => {
    const s = await setup()
    const other = await seedPartnership(s.services, ['admin'])
    const otherPerson = (await s.services.people.list(system, other.partnership.id))[0]!
    const bad = await s.call('POST', '/risks', {
      ref: '',
      title: 'X',
      likelihood: 6,
      impact: 0,
      inherentLikelihood: 3,
      reviewOn: '2009-02-30',
    })
    expect(bad.statusCode).toBe(422)
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(
      ['impact', 'inherentImpact', 'likelihood', 'ref', 'reviewOn'].sort(),
    )
    const stranger = await s.call('POST', '/risks', {
      ...reoffending,
      ownerPersonId: otherPerson.id,
      subject: 'target:00000000-0000-4000-8000-000000000000',
    })
    expect(stranger.statusCode).toBe(422)
    expect(Object.keys(stranger.json().error.fields).sort()).toEqual(['ownerPersonId', 'subject'])
    await s.call('POST', '/risks', reoffending)
    const clash = await s.call('POST', '/risks', { ...reoffending, ref: 'r - 01' })
    expect(clash.json().error.fields).toEqual({ ref: 'R-01 is already the reference of another risk' })
    expect((await s.call('GET', '/risks')).json().data).toHaveLength(1)
  })

  it('appends a review on every change of score and shows the trend between reviews', async () => {
    const s = await setup()
    const id = (await s.call('POST', '/risks', reoffending)).json().data.id
    const up = await s.call('POST', `/risks/${id}/reviews`, {
      likelihood: 5,
      impact: 4,
      note: 'Rate rose again',
    })
    expect(up.statusCode, up.body).toBe(201)
    expect(up.json().data).toMatchObject({ trend: 'rising', current: { score: 20 } })
    const same = await s.call('POST', `/risks/${id}/reviews`, { likelihood: 5, impact: 4 })
    expect(same.json().data.trend).toBe('steady')
    // A change through the form or API that rescored appends a review too; a change of words does not.
    const down = await s.call('PUT', `/risks/${id}`, { ...reoffending, likelihood: 3, impact: 4 })
    expect(down.json().data).toMatchObject({ trend: 'falling' })
    expect(down.json().data.reviews).toHaveLength(4)
    const words = await s.call('PUT', `/risks/${id}`, { ...reoffending, likelihood: 3, title: 'Reworded' })
    expect(words.json().data.reviews).toHaveLength(4)
    expect(words.json().data.reviews.map((r: { score: number }) => r.score)).toEqual([16, 20, 20, 12])
  })

  it('highlights risks above the board’s appetite, maps them on the heat map and lists high risks and overdue reviews', async () => {
    const s = await setup()
    await s.call('POST', '/risks', reoffending)
    await s.call('POST', '/risks', {
      ref: 'R-02',
      title: 'Drug treatment budget stays ring-fenced',
      category: 'Financial',
      likelihood: 2,
      impact: 3,
      reviewOn: '2099-01-01',
    })
    const refused = await s.call(
      'PUT',
      '/risk-appetites',
      { category: 'Performance', maxScore: 12 },
      s.as('scrutiny'),
    )
    expect(refused.statusCode).toBe(403)
    const set = await s.call(
      'PUT',
      '/risk-appetites',
      { category: 'performance', maxScore: 12 },
      s.as('board_member'),
    )
    expect(set.statusCode, set.body).toBe(200)
    expect((await s.call('PUT', '/risk-appetites', { category: 'Financial', maxScore: 26 })).statusCode).toBe(
      422,
    )
    const list = (await s.call('GET', '/risks')).json().data
    expect(list.map((r: { ref: string; aboveAppetite: boolean }) => [r.ref, r.aboveAppetite])).toEqual([
      ['R-01', true],
      ['R-02', false],
    ])
    const map = (await s.call('GET', '/risks/heat-map')).json().data
    expect(map.cells).toHaveLength(25)
    expect(
      map.cells.find((c: { likelihood: number; impact: number }) => c.likelihood === 4 && c.impact === 4),
    ).toMatchObject({ score: 16, band: 'high', risks: [{ ref: 'R-01' }] })
    expect(map.likelihood[4]).toMatchObject({ value: 5, label: 'Almost certain' })
    expect((await s.call('GET', '/risks/high')).json().data.map((r: { ref: string }) => r.ref)).toEqual([
      'R-01',
    ])
    expect((await s.call('GET', '/risks/high?threshold=6')).json().data).toHaveLength(2)
    expect((await s.call('GET', '/risks/overdue')).json().data.map((r: { ref: string }) => r.ref)).toEqual([
      'R-01',
    ])
  })

  it('lets an outcome lead change the risks they own and no others', async () => {
    const s = await setup()
    const mine = (await s.call('POST', '/risks', { ...reoffending, ownerPersonId: s.lead.id })).json().data.id
    const theirs = (
      await s.call('POST', '/risks', { ...reoffending, ref: 'R-09', ownerPersonId: s.board.id })
    ).json().data.id
    const ok = await s.call(
      'POST',
      `/risks/${mine}/reviews`,
      { likelihood: 2, impact: 2 },
      s.as('outcome_lead'),
    )
    expect(ok.statusCode, ok.body).toBe(201)
    const no = await s.call(
      'POST',
      `/risks/${theirs}/reviews`,
      { likelihood: 2, impact: 2 },
      s.as('outcome_lead'),
    )
    expect(no.statusCode).toBe(403)
    // Nor may they hand their risk to someone else.
    const away = await s.call(
      'PUT',
      `/risks/${mine}`,
      { ...reoffending, ownerPersonId: s.board.id },
      s.as('outcome_lead'),
    )
    expect(away.statusCode).toBe(403)
    expect(
      (await s.call('POST', '/risks', { ...reoffending, ref: 'R-10' }, s.as('board_member'))).statusCode,
    ).toBe(403)
    expect((await s.call('GET', '/risks', undefined, s.as('scrutiny'))).json().data).toHaveLength(2)
  })

  it('records a workshop with the partners’ risks it drew on and the risks it produced', async () => {
    const s = await setup()
    const police = await s.services.organisations.create(system, s.pid, {
      name: 'Leicestershire Constabulary',
      type: 'police',
      dutyToCooperate: true,
    })
    const w = await s.call('POST', '/risk-workshops', {
      title: 'Area based risk assessment',
      heldOn: '2008-01-15',
    })
    expect(w.statusCode, w.body).toBe(201)
    const wid = w.json().data.id
    const src = await s.call('POST', `/risk-workshops/${wid}/sources`, {
      organisationId: police.id,
      description: 'Rising re-offending among young people',
    })
    expect(src.statusCode, src.body).toBe(201)
    await s.call('POST', '/risks', { ...reoffending, workshopId: wid })
    const got = (await s.call('GET', `/risk-workshops/${wid}`)).json().data
    expect(got).toMatchObject({
      sources: [{ organisationName: 'Leicestershire Constabulary' }],
      risks: [{ ref: 'R-01' }],
    })
    const missing = await s.call('POST', `/risk-workshops/${wid}/sources`, { description: '' })
    expect(missing.json().error.fields).toHaveProperty('description')
  })

  it('serves the register, heat map, forms and a risk’s page without JavaScript', async () => {
    const s = await setup()
    const risk = await s.services.risks.create(system, s.pid, riskInput.parse(reoffending))
    const agent = new Agent(s.app)
    await agent.signIn(s.users.admin!.email, s.users.admin!.password)
    const base = `/p/${s.slug}/risks`
    const register = await agent.get(base)
    expect(register.statusCode).toBe(200)
    expect(register.body).toContain('16 High')
    const map = await agent.get(`${base}/heat-map`)
    expect(map.body).toContain('1 risk<span class="govuk-visually-hidden"> at likelihood 4, impact 4')
    expect(map.body).toContain('Almost certain')
    const form = await agent.get(`${base}/new`)
    expect(form.body).toContain('Catastrophic')
    const bad = await agent.submit(`${base}/new`, base, {
      ref: 'R-02',
      title: 'Y',
      likelihood: '9',
      impact: '2',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Current likelihood must be from 1 to 5')
    const page = await agent.get(`${base}/${risk.id}`)
    expect(page.body).toContain('Record a review')
    for (const path of [
      'high',
      'overdue',
      'appetite',
      'workshops',
      'workshops/new',
      `${risk.id}/edit`,
      `${risk.id}/review`,
    ])
      expect((await agent.get(`${base}/${path}`)).statusCode, path).toBe(200)
  })
})
