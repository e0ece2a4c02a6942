import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { buildAgreement, buildIndicator, buildMember } from '../../../test/helpers/factories.ts'
import { targetCreate } from '../targets/targets.schema.ts'

describeIntegration('delivery plans, actions and challenge', (t) => {
  /**
   * A partnership whose outcome 1.1 is led (in the directory) by `outcome_lead`, with a target
   * serving it, a second outcome lead who leads nothing, a data provider with a person record,
   * and a board member.
   */
  async function setup() {
    const { app, services: s, database } = t()
    const seeded = await seedPartnership(s, [
      'admin',
      'performance_officer',
      'outcome_lead',
      'data_provider',
      'board_member',
      'scrutiny',
    ])
    const pid = seeded.partnership.id
    const version = await s.strategy.startVersion(system, pid, { title: 'SCS' })
    const theme = await s.strategyNodes.createNode(system, pid, version.number, {
      kind: 'theme',
      title: 'Safer communities',
      tagIds: [],
    })
    const outcome = await s.strategyNodes.createNode(system, pid, version.number, {
      kind: 'outcome',
      parentId: theme.id,
      ref: '1.1',
      title: 'Less re-offending',
      tagIds: [],
    })
    const db = database.db
    const personOf = async (userId: string) => (await s.directory.findPeopleOfUser(db, pid, userId))[0]!
    const leadPerson = await personOf(seeded.users.outcome_lead!.userId)
    const providerPerson = await personOf(seeded.users.data_provider!.userId)
    await s.directory.set(system, pid, outcome.id, {
      leadPartnership: null,
      boardChampionId: null,
      executiveOfficerId: null,
      outcomeLeadId: leadPerson,
    })
    const otherLead = await buildMember(s, pid, { role: 'outcome_lead', name: 'Other Lead' })
    const agreement = await buildAgreement(s, pid)
    const ind = await buildIndicator(s, pid, { title: 'Re-offending rate' })
    const target = await s.targets.create(
      system,
      pid,
      agreement.id,
      targetCreate.parse({
        indicatorCode: ind.code,
        kind: 'designated',
        status: 'agreed',
        outcomeRefs: ['1.1'],
        trajectory: [{ period: '2008/09', value: 10 }],
      }),
    )
    const as = (token: string) => bearer(token)
    const call = (who: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, payload?: object) =>
      app.inject({
        method,
        url: `/api/v1/partnerships/${seeded.slug}${path}`,
        headers: as(who),
        ...(payload ? { payload } : {}),
      })
    const u = seeded.users
    return {
      ...seeded,
      app,
      s,
      db,
      pid,
      outcome,
      target: target.target,
      leadPerson,
      providerPerson,
      otherLead,
      call,
      admin: u.admin!.token,
      perf: u.performance_officer!.token,
      lead: u.outcome_lead!.token,
      provider: u.data_provider!.token,
      board: u.board_member!.token,
      scrutiny: u.scrutiny!.token,
    }
  }

  async function withPlan(w: Awaited<ReturnType<typeof setup>>) {
    const res = await w.call(w.lead, 'POST', '/delivery-plans', {
      targetId: w.target.id,
      title: 'Reducing re-offending',
      purpose: 'Bring re-offending down to the LAA2 trajectory',
      leadPersonId: w.leadPerson,
      partners: 'Probation, police, the county council',
      fundingNote: 'Area Based Grant',
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json().data as { id: string; status: string; subject: string }
  }

  const action = (ref: string, extra: object = {}) => ({
    ref,
    title: `Action ${ref}`,
    startOn: '2099-01-01',
    dueOn: '2099-06-30',
    ...extra,
  })

  it('lets an outcome lead plan for the targets of outcomes they lead, and no others', async () => {
    const w = await setup()
    const plan = await withPlan(w)
    expect(plan).toMatchObject({ status: 'draft', subject: expect.stringContaining('Re-offending rate') })
    // Another outcome lead does not lead 1.1: refused, nothing written.
    const other = await w.call(w.otherLead.token, 'PUT', `/delivery-plans/${plan.id}`, { title: 'Mine now' })
    expect(other.statusCode).toBe(403)
    expect(
      (await w.call(w.otherLead.token, 'POST', '/delivery-plans', { outcomeKey: w.outcome.key, title: 'X' }))
        .statusCode,
    ).toBe(403)
    // Scrutiny reads but may not write.
    expect((await w.call(w.scrutiny, 'GET', `/delivery-plans/${plan.id}`)).statusCode).toBe(200)
    expect(
      (await w.call(w.scrutiny, 'POST', '/delivery-plans', { outcomeKey: w.outcome.key, title: 'X' }))
        .statusCode,
    ).toBe(403)
    // An outcome plan beside the target's.
    const outcomePlan = await w.call(w.perf, 'POST', '/delivery-plans', {
      outcomeKey: w.outcome.key,
      title: 'Outcome plan',
    })
    expect(outcomePlan.statusCode, outcomePlan.body).toBe(201)
    expect(outcomePlan.json().data.subject).toBe('1.1 Less re-offending')
    const listed = await w.call(w.scrutiny, 'GET', '/delivery-plans')
    expect(
      listed
        .json()
        .data.map((p: { title: string }) => p.title)
        .sort(),
    ).toEqual(['Outcome plan', 'Reducing re-offending'])
  })

  it('refuses bad plans with the field named and writes nothing', async () => {
    const w = await setup()
    await withPlan(w)
    const elsewhere = await seedPartnership(w.s, ['admin'])
    const agreement = await buildAgreement(w.s, elsewhere.partnership.id)
    const ind = await buildIndicator(w.s, elsewhere.partnership.id, { title: 'Elsewhere' })
    const theirs = await w.s.targets.create(
      system,
      elsewhere.partnership.id,
      agreement.id,
      targetCreate.parse({
        indicatorCode: ind.code,
        kind: 'designated',
        status: 'agreed',
        trajectory: [{ period: '2008/09', value: 1 }],
      }),
    )
    const cross = await w.call(w.perf, 'POST', '/delivery-plans', {
      targetId: theirs.target.id,
      title: 'Theirs',
    })
    expect(cross.statusCode).toBe(422)
    expect(cross.json().error.fields).toEqual({
      targetId: 'Choose a target of this partnership from the list',
    })
    const both = await w.call(w.perf, 'POST', '/delivery-plans', {
      targetId: w.target.id,
      outcomeKey: w.outcome.key,
      title: 'Both',
    })
    expect(Object.keys(both.json().error.fields)).toEqual(['subject'])
    const dup = await w.call(w.perf, 'POST', '/delivery-plans', { targetId: w.target.id, title: 'Again' })
    expect(dup.statusCode).toBe(409)
    expect(dup.json().error.fields).toEqual({ targetId: 'It already has a plan: Reducing re-offending' })
    const lead = await w.call(w.perf, 'POST', '/delivery-plans', {
      outcomeKey: w.outcome.key,
      title: 'X',
      leadPersonId: crypto.randomUUID(),
    })
    expect(lead.json().error.fields).toEqual({
      leadPersonId: 'Choose a person of this partnership as the lead',
    })
    expect((await w.call(w.perf, 'GET', '/delivery-plans')).json().data).toHaveLength(1)
  })

  it('keeps actions with owners, dates, dependencies without cycles, versions and a derived late', async () => {
    const w = await setup()
    const plan = await withPlan(w)
    const add = (body: object, who = w.lead) =>
      w.call(who, 'POST', `/delivery-plans/${plan.id}/actions`, body)
    const a = (await add(action('A-001', { ownerPersonId: w.providerPerson, status: 'on-track' }))).json()
      .data
    const b = (await add(action('A-002', { dependsOn: [a.id], milestone: true }))).json().data
    const c = await add(
      action('A-003', { dependsOn: [b.id], startOn: '2008-01-01', dueOn: '2008-03-31', status: 'on-track' }),
    )
    expect(c.statusCode, c.body).toBe(201)
    expect(c.json().data).toMatchObject({
      late: true,
      effectiveStatus: 'late',
      status: 'on-track',
      dependsOn: [b.id],
    })
    expect(b).toMatchObject({ late: false, effectiveStatus: 'not-started', milestone: true })

    // A cycle: A-001 waiting for A-003 (which waits for A-002, which waits for A-001).
    const cycle = await w.call(
      w.lead,
      'PUT',
      `/actions/${a.id}`,
      action('A-001', { dependsOn: [c.json().data.id] }),
    )
    expect(cycle.statusCode).toBe(422)
    expect(cycle.json().error.fields).toEqual({
      dependsOn: 'That would make a loop of dependencies: A-001 → A-003 → A-002 → A-001',
    })
    // Dates out of order, an owner from nowhere, a taken reference, a bad percentage: all named.
    const bad = await add(
      action('a- 002', { startOn: '2099-07-01', ownerPersonId: crypto.randomUUID(), percentComplete: 140 }),
    )
    expect(bad.statusCode).toBe(422)
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['dueOn', 'percentComplete'])
    const owner = await add(action('A-009', { ownerPersonId: crypto.randomUUID() }))
    expect(owner.json().error.fields).toEqual({
      ownerPersonId: 'Choose a person of this partnership as the owner',
    })
    const taken = await add(action('a- 002'))
    expect(taken.json().error.fields).toEqual({ ref: 'Another action already has the reference A-002' })
    const detail = (await w.call(w.scrutiny, 'GET', `/delivery-plans/${plan.id}`)).json().data
    expect(detail.actions.map((x: { ref: string }) => x.ref)).toEqual(['A-003', 'A-001', 'A-002'])

    // The owner (a data provider) records progress; another member may not.
    const progress = await w.call(w.provider, 'POST', `/actions/${a.id}/progress`, {
      status: 'at-risk',
      percentComplete: 40,
      notes: 'Waiting on probation data',
    })
    expect(progress.statusCode, progress.body).toBe(200)
    expect(progress.json().data).toMatchObject({ status: 'at-risk', percentComplete: 40 })
    expect(
      (
        await w.call(w.board, 'POST', `/actions/${a.id}/progress`, {
          status: 'complete',
          percentComplete: 100,
        })
      ).statusCode,
    ).toBe(403)
    // The owner may not edit the action itself.
    expect((await w.call(w.provider, 'PUT', `/actions/${a.id}`, action('A-001'))).statusCode).toBe(403)
    const versions = (await w.call(w.scrutiny, 'GET', `/actions/${a.id}`)).json().data.versions
    expect(
      versions.map((v: { status: string; percentComplete: number }) => [v.status, v.percentComplete]),
    ).toEqual([
      ['at-risk', 40],
      ['on-track', 0],
    ])

    // Overdue across the partnership: only A-003; completing it takes it off.
    const overdue = await w.call(w.board, 'GET', '/actions/overdue')
    expect(overdue.json().data.map((x: { ref: string }) => x.ref)).toEqual(['A-003'])
    await w.call(w.lead, 'POST', `/actions/${c.json().data.id}/progress`, {
      status: 'complete',
      percentComplete: 10,
    })
    expect((await w.call(w.board, 'GET', '/actions/overdue')).json().data).toEqual([])
    const done = (await w.call(w.board, 'GET', `/actions/${c.json().data.id}`)).json().data
    expect(done).toMatchObject({ status: 'complete', percentComplete: 100, late: false })
  })

  it('takes a plan through challenge, revision and acceptance, keeping every round', async () => {
    const w = await setup()
    const plan = await withPlan(w)
    const reviewer = await w.call(w.admin, 'POST', '/challenge-reviewers', {
      userId: w.users.board_member!.userId,
    })
    expect(reviewer.statusCode, reviewer.body).toBe(201)
    expect(
      (await w.call(w.perf, 'POST', '/challenge-reviewers', { userId: crypto.randomUUID() })).json().error
        .fields,
    ).toEqual({
      userId: 'Choose a member of this partnership as a reviewer',
    })

    const r1 = await w.call(w.lead, 'POST', `/delivery-plans/${plan.id}/submissions`, { note: 'First draft' })
    expect(r1.statusCode, r1.body).toBe(201)
    expect(r1.json().data).toMatchObject({ number: 1, outcome: 'open' })
    expect((await w.call(w.lead, 'POST', `/delivery-plans/${plan.id}/submissions`, {})).statusCode).toBe(409)
    // The lead is not a reviewer; scrutiny is not named.
    expect(
      (await w.call(w.lead, 'POST', `/delivery-plans/${plan.id}/issues`, { body: 'Self review' })).statusCode,
    ).toBe(403)
    expect((await w.call(w.scrutiny, 'POST', `/delivery-plans/${plan.id}/acceptance`)).statusCode).toBe(403)
    const issue = await w.call(w.perf, 'POST', `/delivery-plans/${plan.id}/issues`, {
      body: 'No milestone for the PPO scheme',
    })
    expect(issue.statusCode, issue.body).toBe(201)
    expect((await w.call(w.perf, 'POST', `/delivery-plans/${plan.id}/acceptance`)).statusCode).toBe(409)
    const back = await w.call(w.perf, 'POST', `/delivery-plans/${plan.id}/revision`)
    expect(back.json().data.status).toBe('revising')
    // Resubmitting needs every issue answered.
    const early = await w.call(w.lead, 'POST', `/delivery-plans/${plan.id}/submissions`, {})
    expect(early.statusCode).toBe(409)
    const answer = await w.call(w.lead, 'POST', `/challenge-issues/${issue.json().data.id}/response`, {
      response: 'Added milestone A-010',
    })
    expect(answer.statusCode, answer.body).toBe(200)
    expect(
      (
        await w.call(w.otherLead.token, 'POST', `/challenge-issues/${issue.json().data.id}/response`, {
          response: 'x',
        })
      ).statusCode,
    ).toBe(403)
    const r2 = await w.call(w.lead, 'POST', `/delivery-plans/${plan.id}/submissions`, { note: 'Revised' })
    expect(r2.json().data.number).toBe(2)
    // Round 1's issue can no longer be answered.
    expect(
      (
        await w.call(w.lead, 'POST', `/challenge-issues/${issue.json().data.id}/response`, {
          response: 'Later',
        })
      ).statusCode,
    ).toBe(409)
    // The named reviewer (a board member) accepts.
    const accepted = await w.call(w.board, 'POST', `/delivery-plans/${plan.id}/acceptance`)
    expect(accepted.statusCode, accepted.body).toBe(200)
    const d = accepted.json().data
    expect(d).toMatchObject({ status: 'accepted', acceptedBy: expect.any(String) })
    expect(
      d.rounds.map((r: { number: number; outcome: string; note: string }) => [r.number, r.outcome, r.note]),
    ).toEqual([
      [1, 'revise', 'First draft'],
      [2, 'accepted', 'Revised'],
    ])
    expect(d.rounds[0].issues).toEqual([
      expect.objectContaining({ body: 'No milestone for the PPO scheme', response: 'Added milestone A-010' }),
    ])
  })

  it('shows plans, the timeline with its table, actions and challenge on pages without JavaScript', async () => {
    const w = await setup()
    const agent = new Agent(w.app)
    await agent.signIn(w.users.outcome_lead!.email, w.users.outcome_lead!.password)
    const base = `/p/${w.slug}/delivery`
    const created = await agent.submit(`${base}/plans/new`, `${base}/plans`, {
      subject: `target:${w.target.id}`,
      title: 'Reducing re-offending',
      purpose: 'Down to trajectory',
      leadPersonId: w.leadPerson,
    })
    expect(created.statusCode, created.body).toBe(302)
    const planUrl = created.headers.location as string
    const bad = await agent.submit(`${planUrl}/actions/new`, `${planUrl}/actions`, {
      ref: 'A-001',
      title: 'PPO scheme',
      startOn: '2099-05-01',
      dueOn: '2099-04-01',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Due date must be the same as or after the start date')
    const ok = await agent.submit(`${planUrl}/actions/new`, `${planUrl}/actions`, {
      ref: 'A-001',
      title: 'PPO scheme',
      startOn: '2008-01-01',
      dueOn: '2008-04-01',
      ownerPersonId: w.leadPerson,
      status: 'on-track',
      percentComplete: '',
    })
    expect(ok.statusCode, ok.body).toBe(302)
    const page = await agent.get(planUrl)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('role="img"')
    expect(page.body).toMatch(/<table[^>]*data-qa="timeline-table"/)
    expect(page.body).toContain('Late')
    const overdue = await agent.get(`${base}/actions/overdue`)
    expect(overdue.body).toContain('PPO scheme')
    const submitted = await agent.submit(planUrl, `${planUrl}/submit`, { note: 'Please review' })
    expect(submitted.statusCode, submitted.body).toBe(302)
    expect((await agent.get(planUrl)).body).toContain('In challenge')
    expect((await agent.get(`${base}/plans`)).body).toContain('Reducing re-offending')
  })
})
