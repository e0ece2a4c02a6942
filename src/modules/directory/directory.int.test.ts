import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'

describeIntegration('Partnership Directory', (t) => {
  /** A partnership with a theme, an outcome and a sub-outcome, two people and an organisation. */
  async function setup() {
    const { app, services } = t()
    const seeded = await seedPartnership(services, ['admin', 'outcome_lead', 'board_member'])
    const pid = seeded.partnership.id
    const h = bearer(seeded.users.admin!.token)
    await services.strategy.startVersion(system, pid, { title: 'Strategy' })
    const theme = await services.strategyNodes.createNode(system, pid, 1, {
      kind: 'theme',
      title: 'Older People',
      tagIds: [],
    })
    const outcome = await services.strategyNodes.createNode(system, pid, 1, {
      kind: 'outcome',
      parentId: theme.id,
      ref: '1.7',
      title: 'More older people are able to lead independent lives',
      tagIds: [],
    })
    const sub = await services.strategyNodes.createNode(system, pid, 1, {
      kind: 'sub_outcome',
      parentId: outcome.id,
      title: 'Carers are supported',
      tagIds: [],
    })
    const org = await services.organisations.create(system, pid, {
      name: 'Age Concern',
      type: 'vcs',
      dutyToCooperate: false,
    })
    const tom = await services.people.create(system, pid, {
      name: 'Tom Hughes',
      email: 'tom@example.org',
      organisationId: org.id,
      jobTitle: null,
      phone: null,
    })
    const ann = await services.people.create(system, pid, {
      name: 'Ann Patel',
      email: 'ann@example.org',
      organisationId: null,
      jobTitle: null,
      phone: null,
    })
    const put = (nodeId: string, payload: object, headers = h) =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/partnerships/${seeded.slug}/directory/${nodeId}`,
        headers,
        payload,
      })
    return { ...seeded, app, services, pid, h, theme, outcome, sub, org, tom, ann, put }
  }

  it('lists every outcome and sub-outcome with the roles not filled, and fills them', async () => {
    const s = await setup()
    const gaps = await s.app.inject({ url: `/api/v1/partnerships/${s.slug}/directory/gaps`, headers: s.h })
    expect(gaps.json().data.rows.map((r: { ref: string; missing: string[] }) => [r.ref, r.missing])).toEqual([
      ['1.7', ['lead_partnership', 'board_champion', 'executive_officer', 'outcome_lead']],
      ['1.7.1', ['lead_partnership', 'board_champion', 'executive_officer', 'outcome_lead']],
    ])
    const res = await s.put(s.outcome.id, {
      leadPartnership: `organisation:${s.org.id}`,
      boardChampionId: s.ann.id,
      executiveOfficerId: s.ann.id,
      outcomeLeadId: s.tom.id,
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().data).toMatchObject({
      ref: '1.7',
      theme: '1 Older People',
      leadPartnership: { type: 'organisation', name: 'Age Concern' },
      outcomeLead: { type: 'person', name: 'Tom Hughes' },
      missing: [],
    })
    const partial = await s.put(s.sub.id, {
      leadPartnership: `partnership:${s.pid}`,
      outcomeLeadId: s.tom.id,
    })
    expect(partial.json().data.missing).toEqual(['board_champion', 'executive_officer'])
    const after = await s.app.inject({ url: `/api/v1/partnerships/${s.slug}/directory/gaps`, headers: s.h })
    expect(after.json().data.rows.map((r: { ref: string }) => r.ref)).toEqual(['1.7.1'])

    // Changing a role keeps the old entry, archived, with an audit trail.
    await s.put(s.outcome.id, {
      leadPartnership: `organisation:${s.org.id}`,
      boardChampionId: s.ann.id,
      executiveOfficerId: s.ann.id,
      outcomeLeadId: s.ann.id,
    })
    const { rows } = await s.services.audit.list(system, s.pid, {
      entityType: 'directory_entry',
      limit: 50,
      offset: 0,
    })
    expect(rows.filter((r) => r.event.action === 'archive')).toHaveLength(1)
  })

  it('refuses a person of another partnership, a theme and bad input', async () => {
    const s = await setup()
    const other = await seedPartnership(s.services, ['admin'])
    const stranger = await s.services.people.create(system, other.partnership.id, {
      name: 'Stranger',
      email: null,
      organisationId: null,
      jobTitle: null,
      phone: null,
    })
    const res = await s.put(s.outcome.id, {
      outcomeLeadId: stranger.id,
      leadPartnership: `partnership:${other.partnership.id}`,
    })
    expect(res.statusCode).toBe(422)
    expect(res.json().error.fields).toEqual({
      outcomeLeadId: 'Choose a person of this partnership from the list',
      leadPartnership: 'Choose this partnership or one of its partnerships from the list',
    })
    const theme = await s.put(s.theme.id, { outcomeLeadId: s.tom.id })
    expect(theme.statusCode).toBe(422)
    const bad = await s.put(s.outcome.id, { leadPartnership: 'person:nobody', boardChampionId: 'x' })
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['boardChampionId', 'leadPartnership'])
    // Another partnership's outcome is not found.
    const cross = await s.app.inject({
      method: 'PUT',
      url: `/api/v1/partnerships/${other.slug}/directory/${s.outcome.id}`,
      headers: bearer(other.users.admin!.token),
      payload: {},
    })
    expect(cross.statusCode).toBe(404)
  })

  it('lets an outcome lead fill the roles of outcomes they lead, and nothing else; board members only read', async () => {
    const s = await setup()
    const lead = await s.services.people
      .list(system, s.pid)
      .then((ps) => ps.find((p) => p.email === s.users.outcome_lead!.email)!)
    await s.services.directory.set(system, s.pid, s.outcome.id, {
      leadPartnership: null,
      boardChampionId: null,
      executiveOfficerId: null,
      outcomeLeadId: lead.id,
    })
    const lh = bearer(s.users.outcome_lead!.token)
    expect(
      (await s.put(s.outcome.id, { outcomeLeadId: lead.id, boardChampionId: s.ann.id }, lh)).statusCode,
    ).toBe(200)
    expect((await s.put(s.sub.id, { outcomeLeadId: lead.id }, lh)).statusCode).toBe(403)
    expect(
      (await s.put(s.sub.id, { outcomeLeadId: s.tom.id }, bearer(s.users.board_member!.token))).statusCode,
    ).toBe(403)
    const read = await s.app.inject({
      url: `/api/v1/partnerships/${s.slug}/directory`,
      headers: bearer(s.users.board_member!.token),
    })
    expect(read.statusCode).toBe(200)
  })

  it('copies into a new version and refuses changes to the superseded one', async () => {
    const s = await setup()
    await s.put(s.outcome.id, { outcomeLeadId: s.tom.id })
    await s.services.strategy.startVersion(system, s.pid, {})
    const v2 = await s.app.inject({ url: `/api/v1/partnerships/${s.slug}/directory?version=2`, headers: s.h })
    expect(v2.json().data.rows[0]).toMatchObject({ ref: '1.7', outcomeLead: { name: 'Tom Hughes' } })
    // Version 1 is superseded: its directory is the record.
    expect((await s.put(s.outcome.id, { outcomeLeadId: s.ann.id })).statusCode).toBe(409)
  })

  it('serves the printable page, the gaps page, the form with errors and the downloads', async () => {
    const s = await setup()
    const agent = new Agent(s.app)
    await agent.signIn(s.users.admin!.email, s.users.admin!.password)
    const page = await agent.get(`/p/${s.slug}/directory`)
    expect(page.body).toContain('More older people are able to lead independent lives')
    const gaps = await agent.get(`/p/${s.slug}/directory/gaps`)
    expect(gaps.body).toContain('data-ref="1.7.1"')
    const ok = await agent.submit(
      `/p/${s.slug}/directory/${s.outcome.id}/edit`,
      `/p/${s.slug}/directory/${s.outcome.id}`,
      {
        leadPartnership: `organisation:${s.org.id}`,
        boardChampionId: s.ann.id,
        executiveOfficerId: s.ann.id,
        outcomeLeadId: s.tom.id,
        returnTo: 'gaps',
      },
    )
    expect(ok.statusCode).toBe(302)
    expect(ok.headers.location).toBe(`/p/${s.slug}/directory/gaps#r-${s.outcome.id}`)
    const bad = await agent.submit(
      `/p/${s.slug}/directory/${s.outcome.id}/edit`,
      `/p/${s.slug}/directory/${s.outcome.id}`,
      {
        outcomeLeadId: 'not-an-id',
      },
    )
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('govuk-error-summary')
    const csv = await agent.get(`/p/${s.slug}/directory.csv`)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(
      csv.body
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)
        .slice(0, 3),
    ).toEqual([
      'ref,title,theme,lead_partnership,board_champion,executive_officer,outcome_lead,outcome_lead_email,missing',
      '1.7,More older people are able to lead independent lives,1 Older People,Age Concern,Ann Patel,Ann Patel,Tom Hughes,tom@example.org,',
      '1.7.1,Carers are supported,1 Older People,,,,,,lead partnership; strategic board champion; executive officer; outcome lead',
    ])
    const xlsx = await agent.get(`/p/${s.slug}/directory.xlsx`)
    expect(xlsx.headers['content-type']).toContain('spreadsheetml')
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK')
  })
})
