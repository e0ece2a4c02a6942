import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { buildAgreement, buildIndicator, buildPlace } from '../../../test/helpers/factories.ts'
import { targetCreate } from '../targets/targets.schema.ts'

describeIntegration('escalations to the board', (t) => {
  async function setup() {
    const { app, services } = t()
    const seeded = await seedPartnership(services, [
      'admin',
      'performance_officer',
      'outcome_lead',
      'board_member',
      'scrutiny',
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
    const call = (method: 'GET' | 'POST', path: string, token: string, payload?: object) =>
      app.inject({
        method,
        url: `/api/v1/partnerships/${seeded.slug}/escalations${path}`,
        headers: bearer(token),
        ...(payload ? { payload } : {}),
      })
    return { ...seeded, app, services, pid, outcome, call }
  }

  /** A target of partnership `pid`, on its own place and indicator. */
  async function target(pid: string) {
    const { services } = t()
    const place = await buildPlace(services, pid)
    const indicator = await buildIndicator(services, pid, { title: 'Re-offending by PPOs' })
    const agreement = await buildAgreement(services, pid)
    const created = await services.targets.create(
      system,
      pid,
      agreement.id,
      targetCreate.parse({
        indicatorCode: indicator.code,
        kind: 'local',
        status: 'proposed',
        placeGss: place.gss,
      }),
    )
    return created.target
  }

  it('is raised by an outcome lead about a target, decided by a board member, and listed in the log', async () => {
    const s = await setup()
    const tgt = await target(s.pid)
    const lead = s.users.outcome_lead!.token
    const raised = await s.call('POST', '', lead, {
      subjectType: 'target',
      subjectId: tgt.id,
      title: 'PPO re-offending off track',
      question: 'Should police and probation fund a second PPO case manager?',
    })
    expect(raised.statusCode, raised.body).toBe(201)
    const e = raised.json().data
    expect(e).toMatchObject({
      status: 'open',
      raisedBy: 'outcome_lead user',
      subjectType: 'target',
      subjectLabel: expect.stringContaining('Re-offending by PPOs'),
      decision: null,
    })
    expect(
      (await s.services.escalations.openForSubject(t().database.db, s.pid, tgt.id)).map((x) => x.id),
    ).toEqual([e.id])
    expect((await s.services.escalations.awaitingDecision(system, s.pid)).map((x) => x.id)).toEqual([e.id])
    expect((await s.services.escalations.forTarget(system, s.pid, tgt.id)).length).toBe(1)

    // A performance officer does not decide; scrutiny does not escalate.
    expect(
      (await s.call('POST', `/${e.id}/decision`, s.users.performance_officer!.token, { decision: 'X' }))
        .statusCode,
    ).toBe(403)
    expect(
      (await s.call('POST', '', s.users.scrutiny!.token, { subjectType: 'other', title: 'X', question: 'Y' }))
        .statusCode,
    ).toBe(403)

    const board = s.users.board_member!.token
    const future = await s.call('POST', `/${e.id}/decision`, board, {
      decision: 'Agreed',
      decidedOn: '2199-01-01',
    })
    expect(future.statusCode).toBe(422)
    expect(future.json().error.fields).toEqual({ decidedOn: 'Meeting date must be today or in the past' })
    const early = await s.call('POST', `/${e.id}/decision`, board, {
      decision: 'Agreed',
      decidedOn: '1999-01-01',
    })
    expect(Object.keys(early.json().error.fields)).toEqual(['decidedOn'])
    const outOfRange = await s.call('POST', `/${e.id}/decision`, board, {
      decision: 'Agreed',
      decidedOn: '9999-01-01',
    })
    expect(outOfRange.json().error.fields).toEqual({
      decidedOn: 'Meeting date must be between 1900 and 2200',
    })
    const blank = await s.call('POST', `/${e.id}/decision`, board, { decision: ' ' })
    expect(blank.json().error.fields).toEqual({ decision: 'Enter the board’s decision' })

    const decided = await s.call('POST', `/${e.id}/decision`, board, {
      decision: 'Agreed: the police will fund the post for a year.',
    })
    expect(decided.statusCode, decided.body).toBe(200)
    expect(decided.json().data).toMatchObject({
      status: 'decided',
      decidedBy: 'board_member user',
      decision: 'Agreed: the police will fund the post for a year.',
      decidedOn: null,
    })
    expect(decided.json().data.decidedAt).toEqual(expect.any(String))
    // Decided once: again is a conflict, and it can no longer be withdrawn.
    expect((await s.call('POST', `/${e.id}/decision`, board, { decision: 'Again' })).statusCode).toBe(409)
    expect((await s.call('POST', `/${e.id}/withdraw`, lead)).statusCode).toBe(409)
    expect(await s.services.escalations.openForSubject(t().database.db, s.pid, tgt.id)).toEqual([])

    const open = await s.call('GET', '?status=open', s.users.scrutiny!.token)
    expect(open.json().data).toEqual([])
    const all = await s.call('GET', '', s.users.scrutiny!.token)
    expect(all.json().data.map((x: { id: string }) => x.id)).toEqual([e.id])
  })

  it('refuses another partnership’s target, an unknown outcome, duplicates and bad input, writing nothing', async () => {
    const s = await setup()
    const other = await seedPartnership(s.services, ['admin'])
    const theirs = await target(other.partnership.id)
    const perf = s.users.performance_officer!.token
    const foreign = await s.call('POST', '', perf, {
      subjectType: 'target',
      subjectId: theirs.id,
      title: 'T',
      question: 'Q',
    })
    expect(foreign.statusCode).toBe(422)
    expect(Object.keys(foreign.json().error.fields)).toEqual(['subjectId'])
    const missing = await s.call('POST', '', perf, { subjectType: 'target', title: 'T', question: 'Q' })
    expect(missing.json().error.fields).toEqual({ subjectId: 'Choose what is escalated from the list' })
    const bad = await s.call('POST', '', perf, { subjectType: 'nonsense', title: '', question: '' })
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['question', 'subjectType', 'title'])
    const unknownField = await s.call('POST', '', perf, {
      subjectType: 'other',
      title: 'T',
      question: 'Q',
      extra: 1,
    })
    expect(unknownField.statusCode).toBe(422)

    const ok = await s.call('POST', '', perf, {
      subjectType: 'outcome',
      subjectId: s.outcome.key,
      title: 'Monthly PPO reporting',
      question: 'Support the request to relax it?',
    })
    expect(ok.statusCode, ok.body).toBe(201)
    expect(ok.json().data.subjectLabel).toBe('1.1 Reduction in offending by PPOs')
    expect((await s.services.escalations.forOutcome(system, s.pid, s.outcome.key)).length).toBe(1)
    const again = await s.call('POST', '', perf, {
      subjectType: 'outcome',
      subjectId: s.outcome.key,
      title: 'monthly ppo reporting',
      question: 'Again?',
    })
    expect(again.statusCode).toBe(409)
    expect((await s.call('GET', '', perf)).json().data).toHaveLength(1)
  })

  it('is withdrawn by whoever raised it or a performance officer, not by another outcome lead', async () => {
    const s = await setup()
    const lead = s.users.outcome_lead!.token
    const raise = async (title: string) =>
      (await s.call('POST', '', lead, { subjectType: 'other', title, question: 'Q?' })).json().data
        .id as string
    const first = await raise('First')
    const second = await raise('Second')
    const { buildMember } = await import('../../../test/helpers/factories.ts')
    const otherLead = await buildMember(s.services, s.pid, { role: 'outcome_lead' })
    expect((await s.call('POST', `/${first}/withdraw`, otherLead.token)).statusCode).toBe(403)
    const own = await s.call('POST', `/${first}/withdraw`, lead)
    expect(own.json().data).toMatchObject({ status: 'withdrawn', withdrawnAt: expect.any(String) })
    const byOfficer = await s.call('POST', `/${second}/withdraw`, s.users.performance_officer!.token)
    expect(byOfficer.json().data.status).toBe('withdrawn')
    expect((await s.call('POST', `/${second}/withdraw`, lead)).statusCode).toBe(409)
  })

  it('has a log page with filters and a CSV export, a form reachable from other pages, and the decision form', async () => {
    const s = await setup()
    const officer = new Agent(s.app)
    await officer.signIn(s.users.performance_officer!.email, s.users.performance_officer!.password)
    const form = await officer.get(
      `/p/${s.slug}/escalations/new?subjectType=outcome&subjectId=${s.outcome.key}`,
    )
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Reduction in offending by PPOs')
    const empty = await officer.submit(
      `/p/${s.slug}/escalations/new?subjectType=outcome&subjectId=${s.outcome.key}`,
      `/p/${s.slug}/escalations`,
      { subjectType: 'outcome', subjectId: s.outcome.key, title: '', question: '' },
    )
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('Enter the question for the board')
    const created = await officer.submit(`/p/${s.slug}/escalations/new`, `/p/${s.slug}/escalations`, {
      subject: `outcome:${s.outcome.key}`,
      title: '=Formula title',
      question: 'Should the board back the PPO request?',
    })
    expect(created.statusCode, created.body).toBe(302)
    const id = created.headers.location!.split('/').pop()!
    const other = await officer.submit(`/p/${s.slug}/escalations/new`, `/p/${s.slug}/escalations`, {
      subject: 'other:',
      title: 'Pooled budget',
      question: 'Pool the Area Based Grant?',
    })
    expect(other.statusCode).toBe(302)

    const log = await officer.get(`/p/${s.slug}/escalations?status=open`)
    expect(log.body).toContain('2 escalations: 2 awaiting a decision, 0 decided, 0 withdrawn.')
    expect(log.body).toContain('Awaiting decision')

    const board = new Agent(s.app)
    await board.signIn(s.users.board_member!.email, s.users.board_member!.password)
    const noDecision = await board.submit(
      `/p/${s.slug}/escalations/${id}/decide`,
      `/p/${s.slug}/escalations/${id}/decide`,
      {
        decision: '',
        decidedOn: '2009-02-30',
      },
    )
    expect(noDecision.statusCode).toBe(422)
    expect(noDecision.body).toContain('Enter the board’s decision')
    expect(noDecision.body).toContain('Meeting date must be a real date')
    const done = await board.submit(
      `/p/${s.slug}/escalations/${id}/decide`,
      `/p/${s.slug}/escalations/${id}/decide`,
      {
        decision: 'Backed.',
        decidedOn: '',
      },
    )
    expect(done.statusCode).toBe(302)
    const page = await board.get(`/p/${s.slug}/escalations/${id}`)
    expect(page.body).toContain('Backed.')
    expect(page.body).toContain('Decided')

    const decidedOnly = await officer.get(`/p/${s.slug}/escalations?status=decided`)
    expect(decidedOnly.body).toContain('=Formula title')
    expect(decidedOnly.body).not.toContain('Pooled budget')
    const csv = await officer.get(`/p/${s.slug}/escalations.csv`)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body).toContain('raised_on,title,subject_type,subject,question')
    expect(csv.body).toContain("'=Formula title")
    expect(csv.body).toContain('Backed.')
    expect(csv.body).toContain('Pooled budget')
  })
})
