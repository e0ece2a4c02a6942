import { eq } from 'drizzle-orm'
import { beforeEach, expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, system, unique } from '../../../test/helpers/app.ts'
import { buildMember, type Member } from '../../../test/helpers/factories.ts'
import { auditEvents, partnerships } from '../../db/schema/index.ts'
import type { Services } from '../../services.ts'
import type { Actor } from '../auth/actor.ts'
import type { Role } from '../auth/roles.ts'
import { targetCreate } from '../targets/targets.schema.ts'
import { seedValuesWorld, type ValuesWorld } from '../values/values.fixtures.ts'

describeIntegration('improvement plans', (t) => {
  let s: Services
  let w: ValuesWorld
  let targetId: string
  let indicatorId: string
  let lead: Member
  let leadPersonId: string
  let otherLead: Member

  const actorOf = (m: Member, role: Role): Actor => ({
    kind: 'user',
    userId: m.userId,
    label: `${role} user`,
    isSystemAdmin: false,
    roles: new Map([[w.partnershipId, role]]),
  })
  const save = async (period: string, value: number, indicator = indicatorId) => {
    const key = { indicatorId: indicator, placeId: w.area.id, period }
    return s.values.save(system, w.partnershipId, key, {
      value,
      numerator: null,
      denominator: null,
      commentary: null,
      version: 0,
      submit: true,
    })
  }
  const plans = () => s.improvement.list(system, w.partnershipId, { targetId })

  // Each test: its own partnership, and L 09 (a count, lower is better, 1000 a year, rated
  // quarter by quarter) linked to outcome 1.1, whose outcome lead is `lead`.
  beforeEach(async () => {
    s = t().services
    w = await seedValuesWorld(s, unique('improve'))
    const db = t().database.db
    await db.update(partnerships).set({ allowSelfApproval: true }).where(eq(partnerships.id, w.partnershipId))
    const version = await s.strategy.startVersion(system, w.partnershipId, { title: 'SCS', copyFrom: 0 })
    const theme = await s.strategyNodes.createNode(system, w.partnershipId, version.number, {
      kind: 'theme',
      parentId: null,
      ref: undefined,
      title: 'Safer communities',
      statement: null,
      rationale: null,
      tagIds: [],
    })
    const outcome = await s.strategyNodes.createNode(system, w.partnershipId, version.number, {
      kind: 'outcome',
      parentId: theme.id,
      ref: '1.1',
      title: 'Less waste',
      statement: null,
      rationale: null,
      tagIds: [],
    })
    lead = await buildMember(s, w.partnershipId, { role: 'outcome_lead', name: 'Olive Lead' })
    otherLead = await buildMember(s, w.partnershipId, { role: 'outcome_lead', name: 'Other Lead' })
    leadPersonId = (await s.directory.findPeopleOfUser(db, w.partnershipId, lead.userId))[0]!
    await s.directory.set(system, w.partnershipId, outcome.id, {
      leadPartnership: null,
      boardChampionId: null,
      executiveOfficerId: null,
      outcomeLeadId: leadPersonId,
    })
    const ind = await s.indicators.create(system, w.partnershipId, {
      code: 'L 09',
      title: 'Household waste',
      set: 'local',
      theme: null,
      definition: null,
      numerator: null,
      denominator: null,
      unit: 'count',
      ratePer: null,
      polarity: 'lower',
      frequency: 'quarterly',
      combine: 'sum',
      dataSource: null,
      lagMonths: null,
      responsibleOrganisationId: null,
      accumulation: 'snapshot',
    })
    indicatorId = ind.id
    const agreements = await s.agreements.list(system, w.partnershipId)
    const created = await s.targets.create(
      system,
      w.partnershipId,
      agreements[0]!.id,
      targetCreate.parse({
        indicatorCode: 'L 09',
        kind: 'designated',
        status: 'agreed',
        outcomeRefs: ['1.1'],
        trajectory: [
          { period: '2008/09', value: 1000 },
          { period: '2009/10', value: 1000 },
        ],
      }),
    )
    targetId = created.target.id
  })

  it('opens one plan when a target goes red twice, owned by its outcome lead and audited as the system', async () => {
    await save('2008/09 Q1', 1200)
    expect(await plans()).toHaveLength(0)
    await save('2008/09 Q2', 1250)
    let list = await plans()
    expect(list).toHaveLength(1)
    expect(list[0]!.plan).toMatchObject({
      status: 'open',
      ownerPersonId: leadPersonId,
      openedReason: 'Red in 2008/09 Q1 and 2008/09 Q2 (two periods running)',
    })
    expect(list[0]!.ownerName).toBe('Olive Lead')
    expect(list[0]!.indicatorCode).toBe('L 09')
    // Still red, and reassessed: still the one plan.
    await save('2008/09 Q3', 1300)
    await s.assessments.reassess(system, w.partnershipId)
    list = await plans()
    expect(list).toHaveLength(1)
    const events = await t()
      .database.db.select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, list[0]!.plan.id))
    expect(events.map((e) => [e.action, e.actorLabel])).toEqual([['open', 'improvement plans']])
    const open = await s.improvement.openForTarget(system, w.partnershipId, targetId)
    expect(open?.plan.id).toBe(list[0]!.plan.id)
    // The read methods for the target, outcome and home pages.
    expect((await s.improvement.forTarget(system, w.partnershipId, targetId)).map((p) => p.plan.id)).toEqual([
      list[0]!.plan.id,
    ])
    const outcomeKey = (await s.targets.findOutcomeKeys(t().database.db, [targetId])).get(targetId)![0]!
    expect(
      (await s.improvement.forOutcome(system, w.partnershipId, outcomeKey)).map((p) => p.plan.id),
    ).toEqual([list[0]!.plan.id])
    const own = await s.improvement.ownedBy(actorOf(lead, 'outcome_lead'), w.partnershipId)
    expect(own.map((p) => p.plan.id)).toEqual([list[0]!.plan.id])
    expect(await s.improvement.ownedBy(actorOf(otherLead, 'outcome_lead'), w.partnershipId)).toEqual([])
  })

  it('closes once the target has recovered and the plan is signed off, in either order; red again opens a new one', async () => {
    const officer = actorOf(w.users.officer, 'performance_officer')
    await save('2008/09 Q1', 1200)
    await save('2008/09 Q2', 1200)
    const [first] = await plans()
    // A summary first: nothing is signed off blank.
    await expect(s.improvement.signOff(officer, w.partnershipId, first!.plan.id)).rejects.toMatchObject({
      status: 422,
    })
    await s.improvement.update(actorOf(lead, 'outcome_lead'), w.partnershipId, first!.plan.id, {
      summary: 'Weekly collections and a recycling campaign',
      reviewOn: '2009-01-31',
    })
    // Signed off while still red: stays open until the target recovers.
    const signed = await s.improvement.signOff(officer, w.partnershipId, first!.plan.id)
    expect(signed).toMatchObject({ status: 'open', signedOffBy: 'performance_officer user' })
    await save('2008/09 Q3', 950)
    expect((await plans())[0]!.plan).toMatchObject({ status: 'closed' })
    expect((await plans())[0]!.plan.closedAt).not.toBeNull()

    // Red twice again: a new plan; the closed one stays closed.
    await save('2008/09 Q4', 1200)
    await save('2009/10 Q1', 1200)
    let list = await plans()
    expect(list.map((p) => p.plan.status).sort()).toEqual(['closed', 'open'])
    const second = list.find((p) => p.plan.status === 'open')!
    expect(second.plan.openedReason).toBe('Red in 2008/09 Q4 and 2009/10 Q1 (two periods running)')

    // Recovered first, then signed off: it closes at sign-off.
    await save('2009/10 Q2', 900)
    expect((await s.improvement.get(system, w.partnershipId, second.plan.id)).targetFlagged).toBe(false)
    await s.improvement.update(officer, w.partnershipId, second.plan.id, { summary: 'Done' })
    const closed = await s.improvement.signOff(officer, w.partnershipId, second.plan.id)
    expect(closed.status).toBe('closed')
    list = await plans()
    expect(list.every((p) => p.plan.status === 'closed')).toBe(true)
    await expect(
      s.improvement.update(officer, w.partnershipId, second.plan.id, { summary: 'Again' }),
    ).rejects.toMatchObject({ status: 409 })
  })

  it('leaves a plan without an owner when the directory names no outcome lead, and says so', async () => {
    // L 02 of the world is linked to no outcome.
    await save('2008/09 Q1', 1500, w.waste.id)
    await save('2008/09 Q2', 1500, w.waste.id)
    const all = await s.improvement.list(system, w.partnershipId, {})
    const waste = all.find((p) => p.indicatorCode === 'L 02')!
    expect(waste.plan.ownerPersonId).toBeNull()
    const [event] = await t()
      .database.db.select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, waste.plan.id))
    expect((event!.after as { note: string }).note).toMatch(/No owner/)
  })

  it('lets the owner and managers edit, others not; checks dates and owners; lists overdue reviews', async () => {
    await save('2008/09 Q1', 1200)
    await save('2008/09 Q2', 1200)
    const [p] = await plans()
    const id = p!.plan.id
    const own = actorOf(lead, 'outcome_lead')
    await s.improvement.update(own, w.partnershipId, id, { summary: 'Plan', reviewOn: '2001-01-01' })
    await expect(
      s.improvement.update(actorOf(otherLead, 'outcome_lead'), w.partnershipId, id, { summary: 'x' }),
    ).rejects.toMatchObject({ status: 403 })
    await expect(
      s.improvement.update(actorOf(w.users.police, 'data_provider'), w.partnershipId, id, { summary: 'x' }),
    ).rejects.toMatchObject({ status: 403 })
    await expect(s.improvement.signOff(own, w.partnershipId, id)).rejects.toMatchObject({ status: 403 })
    // An outcome lead does not reassign; an owner must be a person of the partnership.
    await expect(
      s.improvement.update(own, w.partnershipId, id, { ownerPersonId: null }),
    ).rejects.toMatchObject({ status: 422, fields: { ownerPersonId: expect.any(String) } })
    const officer = actorOf(w.users.officer, 'performance_officer')
    await expect(
      s.improvement.update(officer, w.partnershipId, id, {
        ownerPersonId: '00000000-0000-4000-8000-000000000000',
      }),
    ).rejects.toMatchObject({ status: 422, fields: { ownerPersonId: expect.any(String) } })
    expect((await s.improvement.get(own, w.partnershipId, id)).plan.summary).toBe('Plan')
    const overdue = await s.improvement.overdueReviews(system, w.partnershipId)
    expect(overdue.map((o) => o.plan.id)).toEqual([id])
    // Another partnership's plan is not found.
    const elsewhere = await seedValuesWorld(s, unique('elsewhere'))
    await expect(s.improvement.get(system, elsewhere.partnershipId, id)).rejects.toMatchObject({
      status: 404,
    })
  })

  it('serves plans on the API: list, one, update (422 naming the field) and sign-off', async () => {
    await save('2008/09 Q1', 1200)
    await save('2008/09 Q2', 1200)
    const app = t().app
    const base = `/api/v1/partnerships/${w.slug}/improvement-plans`
    const list = await app.inject({ url: base, headers: bearer(lead.token) })
    expect(list.statusCode).toBe(200)
    const [doc] = list.json<{ data: { id: string; ownerName: string; targetFlagged: boolean }[] }>().data
    expect(doc).toMatchObject({ ownerName: 'Olive Lead', targetFlagged: true })
    const bad = await app.inject({
      method: 'PATCH',
      url: `${base}/${doc!.id}`,
      headers: bearer(lead.token),
      payload: { reviewOn: '31/01/2009' },
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.json<{ error: { fields: Record<string, string> } }>().error.fields).toHaveProperty('reviewOn')
    const ok = await app.inject({
      method: 'PATCH',
      url: `${base}/${doc!.id}`,
      headers: bearer(lead.token),
      payload: { summary: 'Collections', reviewOn: '2009-01-31' },
    })
    expect(ok.statusCode).toBe(200)
    expect(ok.json<{ data: { reviewOn: string } }>().data.reviewOn).toBe('2009-01-31')
    const refused = await app.inject({
      method: 'POST',
      url: `${base}/${doc!.id}/sign-off`,
      headers: bearer(lead.token),
      payload: {},
    })
    expect(refused.statusCode).toBe(403)
    const signed = await app.inject({
      method: 'POST',
      url: `${base}/${doc!.id}/sign-off`,
      headers: bearer(w.users.officer.token),
      payload: {},
    })
    expect(signed.statusCode).toBe(200)
    expect(signed.json<{ data: { signedOffAt: string; status: string } }>().data).toMatchObject({
      status: 'open',
    })
    // The exported ImprovementPlans sheet.
    const sheet = await app.inject({
      url: `/api/v1/partnerships/${w.slug}/exports/ImprovementPlans?format=json`,
      headers: bearer(w.users.admin.token),
    })
    expect(sheet.statusCode).toBe(200)
    expect(sheet.json()).toEqual([
      {
        indicator_code: 'L 09',
        place_gss: w.area.gss,
        opened: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        status: 'open',
        review_date: '2009-01-31',
        owner: 'Olive Lead',
        actions: '',
      },
    ])
  })

  it('walks the pages without JavaScript: the list, the plan, its edit form (422 naming the field) and sign-off', async () => {
    await save('2008/09 Q1', 1200)
    await save('2008/09 Q2', 1200)
    const [p] = await plans()
    const url = `/p/${w.slug}/improvement-plans/${p!.plan.id}`
    const owner = new Agent(t().app)
    await owner.signIn(lead.email, lead.password)
    const list = await owner.get(`/p/${w.slug}/improvement-plans`)
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('L 09 Household waste')
    expect(list.body).toContain('Red in 2008/09 Q1 and 2008/09 Q2 (two periods running)')
    const page = await owner.get(url)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Target still red two periods running')
    expect(page.body).toContain(
      `/p/${w.slug}/escalations/new?subjectType=improvement_plan&amp;subjectId=${p!.plan.id}`,
    )
    expect(page.body).not.toContain('data-qa="sign-off"')
    const bad = await owner.submit(`${url}/edit`, `${url}/edit`, { summary: 'Plan', reviewOn: 'next week' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Enter the review date as YYYY-MM-DD')
    const ok = await owner.submit(`${url}/edit`, `${url}/edit`, { summary: 'Plan', reviewOn: '2009-01-31' })
    expect(ok.statusCode).toBe(302)
    expect((await s.improvement.get(system, w.partnershipId, p!.plan.id)).plan).toMatchObject({
      summary: 'Plan',
      reviewOn: '2009-01-31',
      ownerPersonId: leadPersonId,
    })
    const officer = new Agent(t().app)
    await officer.signIn(w.users.officer.email, w.users.officer.password)
    const signed = await officer.submit(url, `${url}/sign-off`, {})
    expect(signed.statusCode).toBe(302)
    expect((await officer.get(url)).body).toContain('Open: signed off, closes when the target recovers')
  })

  it('opens the plan when an import of values makes the target red twice, and not when the import fails', async () => {
    const url = `/api/v1/partnerships/${w.slug}/imports?sheet=Values`
    const headers = bearer(w.users.officer.token)
    const bad = await t().app.inject({
      method: 'POST',
      url,
      headers,
      payload: [
        { indicator_code: 'L 09', period: '2008/09 Q1', value: 1200, commentary: null },
        { indicator_code: 'L 09', period: '2008/09 Q2', value: 'lots', commentary: null },
      ],
    })
    expect(bad.statusCode).toBe(422)
    expect(await plans()).toHaveLength(0)
    const ok = await t().app.inject({
      method: 'POST',
      url,
      headers,
      payload: [
        { indicator_code: 'L 09', period: '2008/09 Q1', value: 1200, commentary: null },
        { indicator_code: 'L 09', period: '2008/09 Q2', value: 1300, commentary: null },
      ],
    })
    expect(ok.statusCode, ok.body).toBe(200)
    const list = await plans()
    expect(list).toHaveLength(1)
    expect(list[0]!.plan.openedReason).toBe('Red in 2008/09 Q1 and 2008/09 Q2 (two periods running)')
  })
})
