import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'

describeIntegration('development timetable and sign-offs', (t) => {
  async function setup() {
    const { app, services } = t()
    const seeded = await seedPartnership(services, ['admin', 'board_member'])
    const pid = seeded.partnership.id
    await services.strategy.startVersion(system, pid, { title: 'Strategy' })
    const council = await services.organisations.create(system, pid, {
      name: 'County Council',
      type: 'council',
      dutyToCooperate: true,
    })
    const h = bearer(seeded.users.admin!.token)
    const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, payload?: object, headers = h) =>
      app.inject({
        method,
        url: `/api/v1/partnerships/${seeded.slug}${path}`,
        headers,
        ...(payload ? { payload } : {}),
      })
    return { ...seeded, app, services, pid, council, call, h }
  }

  it('keeps stages with dates, deadlines, owners and a derived overdue flag', async () => {
    const s = await setup()
    const created = await s.call('POST', '/timetable/stages', {
      name: 'Stage 2: comment on the evidence base',
      startsOn: '2007-10-03',
      endsOn: '2007-10-26',
      deadline: '2007-10-26',
      owner: `organisation:${s.council.id}`,
      status: 'in_progress',
    })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json().data).toMatchObject({ ownerName: 'County Council', overdue: true, position: 1 })
    const done = await s.call('PUT', `/timetable/stages/${created.json().data.id}`, {
      name: 'Stage 2: comment on the evidence base',
      deadline: '2007-10-26',
      status: 'complete',
    })
    expect(done.json().data).toMatchObject({ overdue: false, owner: null, startsOn: null })
    const bad = await s.call('POST', '/timetable/stages', {
      name: '',
      startsOn: '2007-02-30',
      endsOn: '2007-01-01',
      owner: 'person:nobody',
    })
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['name', 'owner', 'startsOn'])
    const order = await s.call('POST', '/timetable/stages', {
      name: 'Stage 1',
      startsOn: '2007-10-05',
      endsOn: '2007-10-01',
    })
    expect(order.json().error.fields).toEqual({
      endsOn: 'End date must be the same as or after the start date',
    })
    expect(
      (await s.call('POST', '/timetable/stages', { name: 'X' }, bearer(s.users.board_member!.token)))
        .statusCode,
    ).toBe(403)
  })

  it('records partner sign-offs and signs the version off only when all have signed', async () => {
    const s = await setup()
    const cabinet = await s.call('POST', '/timetable/signoffs', {
      versionNumber: 1,
      body: 'County Council Cabinet',
      organisationId: s.council.id,
      dueOn: '2008-02-13',
    })
    expect(cabinet.statusCode, cabinet.body).toBe(201)
    const board = await s.call('POST', '/timetable/signoffs', {
      versionNumber: 1,
      body: 'Leicestershire Together Board',
      dueOn: '2008-02-21',
    })
    const dup = await s.call('POST', '/timetable/signoffs', {
      versionNumber: 1,
      body: 'county council cabinet',
    })
    expect(dup.json().error.fields).toEqual({
      body: 'county council cabinet is already listed for this version',
    })
    const future = await s.call('POST', `/timetable/signoffs/${cabinet.json().data.id}/sign`, {
      signedOn: '2999-01-01',
    })
    expect(future.json().error.fields).toEqual({ signedOn: 'Date signed must be today or in the past' })

    await s.call('POST', `/timetable/signoffs/${cabinet.json().data.id}/sign`, { signedOn: '2008-02-13' })
    const early = await s.call('POST', '/strategy/versions/1/status', { status: 'signed_off' })
    expect(early.statusCode).toBe(422)
    expect(early.json().error.fields).toEqual({
      status: 'Still waiting for sign-off from Leicestershire Together Board',
    })

    await s.call('POST', `/timetable/signoffs/${board.json().data.id}/sign`, { signedOn: '2008-02-21' })
    const list = await s.call('GET', '/timetable/signoffs?version=1')
    expect(list.json().data.map((x: { body: string; signedOn: string }) => [x.body, x.signedOn])).toEqual([
      ['County Council Cabinet', '2008-02-13'],
      ['Leicestershire Together Board', '2008-02-21'],
    ])
    const signed = await s.call('POST', '/strategy/versions/1/status', { status: 'signed_off' })
    expect(signed.json().data).toMatchObject({ status: 'signed_off', editable: false })
    // Signed off: its sign-offs are the record.
    expect((await s.call('DELETE', `/timetable/signoffs/${board.json().data.id}`)).statusCode).toBe(409)
    expect(
      (await s.call('POST', '/timetable/signoffs', { versionNumber: 1, body: 'Police Authority' }))
        .statusCode,
    ).toBe(409)
    const { rows } = await s.services.audit.list(system, s.pid, {
      entityType: 'strategy_signoff',
      limit: 20,
      offset: 0,
    })
    expect(rows.map((r) => r.event.action).sort()).toEqual(['create', 'create', 'sign', 'sign'])
  })

  it('works in the pages: validation, then saved', async () => {
    const s = await setup()
    const agent = new Agent(s.app)
    await agent.signIn(s.users.admin!.email, s.users.admin!.password)
    const bad = await agent.submit(`/p/${s.slug}/timetable/stages/new`, `/p/${s.slug}/timetable/stages`, {
      name: '',
      status: 'not_started',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Enter the stage name')
    const ok = await agent.submit(`/p/${s.slug}/timetable/stages/new`, `/p/${s.slug}/timetable/stages`, {
      name: 'Stage 9: sign-off',
      deadline: '2008-06-30',
      status: 'not_started',
      owner: '',
    })
    expect(ok.statusCode).toBe(302)
    const signoff = await agent.submit(
      `/p/${s.slug}/timetable/signoffs/new`,
      `/p/${s.slug}/timetable/signoffs`,
      {
        versionNumber: '1',
        body: 'County Council Cabinet',
        organisationId: '',
        dueOn: '',
        signedOn: '',
        notes: '',
      },
    )
    expect(signoff.statusCode).toBe(302)
    const page = await agent.get(`/p/${s.slug}/timetable`)
    expect(page.body).toContain('Stage 9: sign-off')
    expect(page.body).toContain('Overdue')
    expect(page.body).toContain('County Council Cabinet')
  })
})
