import { expect, it } from 'vitest'
import { bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { commentaryWorld } from './commentary.fixtures.ts'

describeIntegration('commentary, outcome progress and commentary requests', (t) => {
  const setup = () => commentaryWorld(t())

  it('keeps versions: a change supersedes the current row and as-at reads the row valid then', async () => {
    const s = await setup()
    const first = await s.call('PUT', '/commentaries', 'outcome_lead', {
      targetId: s.target.id,
      period: '2008/09 q2',
      commentary: 'Assessments are behind plan',
      actions: 'Extra assessors from October',
    })
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json().data).toMatchObject({
      period: '2008/09 Q2',
      indicatorCode: s.ind.code,
      actions: 'Extra assessors from October',
      supportNeeded: null,
      supersededAt: null,
    })
    await new Promise((r) => setTimeout(r, 20))
    const between = new Date().toISOString()
    await new Promise((r) => setTimeout(r, 20))
    const second = await s.call('PUT', '/commentaries', 'performance_officer', {
      targetId: s.target.id,
      period: '2008/09 Q2',
      commentary: 'Assessments are catching up',
      supportNeeded: 'Funding for a third assessor',
    })
    expect(second.json().data).toMatchObject({ commentary: 'Assessments are catching up', actions: null })
    // The same text again adds no version.
    await s.call('PUT', '/commentaries', 'admin', {
      targetId: s.target.id,
      period: '2008/09 Q2',
      commentary: 'Assessments are catching up',
      supportNeeded: 'Funding for a third assessor',
    })
    const history = await s.services.commentary.history(system, s.pid, s.target.id, '2008/09 Q2')
    expect(history.map((h) => h.commentary)).toEqual([
      'Assessments are catching up',
      'Assessments are behind plan',
    ])
    expect(history[1]!.supersededAt).not.toBeNull()

    const now = await s.call('GET', `/commentaries?targetId=${s.target.id}`, 'scrutiny')
    expect(now.json().data.map((r: { commentary: string }) => r.commentary)).toEqual([
      'Assessments are catching up',
    ])
    const then = await s.call(
      'GET',
      `/commentaries?targetId=${s.target.id}&asAt=${encodeURIComponent(between)}`,
      'board_member',
    )
    expect(then.json().data.map((r: { commentary: string }) => r.commentary)).toEqual([
      'Assessments are behind plan',
    ])

    await s.services.commentary.record(system, s.pid, s.target.id, {
      period: '2008/09 Q3',
      commentary: 'On track',
      actions: null,
      supportNeeded: null,
    })
    const latest = await s.services.commentary.latestForTarget(system, s.pid, s.target.id)
    expect(latest).toMatchObject({ period: '2008/09 Q3', commentary: 'On track' })
    const all = await s.services.commentary.forTarget(system, s.pid, s.target.id)
    expect(all.map((r) => r.period)).toEqual(['2008/09 Q3', '2008/09 Q2'])
    const old = await s.services.commentary.latestForTarget(system, s.pid, s.target.id, {
      at: new Date(between),
    })
    expect(old).toMatchObject({ period: '2008/09 Q2', commentary: 'Assessments are behind plan' })

    const events = await s.call('GET', `/audit?entityType=commentary`, 'admin')
    if (events.statusCode === 200) expect(events.json().data.length).toBeGreaterThanOrEqual(3)
  })

  it('lets the outcome lead write only their own targets; readers read; bad input names the field', async () => {
    const s = await setup()
    const theirs = await s.call('PUT', '/commentaries', 'outcome_lead', {
      targetId: s.unled.id,
      period: '2008/09 Q2',
      commentary: 'Not mine',
    })
    expect(theirs.statusCode).toBe(403)
    for (const role of ['board_member', 'scrutiny'] as const) {
      const r = await s.call('PUT', '/commentaries', role, {
        targetId: s.target.id,
        period: '2008/09 Q2',
        commentary: 'Nope',
      })
      expect(r.statusCode).toBe(403)
    }
    const bad = await s.call('PUT', '/commentaries', 'admin', {
      targetId: s.target.id,
      period: '2008 Q9',
      commentary: '  ',
    })
    expect(bad.statusCode).toBe(422)
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['commentary', 'period'])
    const outside = await s.call('PUT', '/commentaries', 'admin', {
      targetId: s.target.id,
      period: '2012/13 Q1',
      commentary: 'Later',
    })
    expect(outside.statusCode).toBe(422)
    expect(outside.json().error.fields.period).toMatch(/outside LAA 2008-2011/)
    const elsewhere = await seedPartnership(s.services, ['admin'])
    const foreign = await s.app.inject({
      method: 'PUT',
      url: `/api/v1/partnerships/${elsewhere.slug}/commentaries`,
      headers: bearer(elsewhere.users.admin!.token),
      payload: { targetId: s.target.id, period: '2008/09 Q2', commentary: 'Theirs' },
    })
    expect(foreign.statusCode).toBe(422)
    expect(foreign.json().error.fields.targetId).toBeDefined()
    const extra = await s.call('PUT', '/commentaries', 'admin', {
      targetId: s.target.id,
      period: '2008/09 Q2',
      commentary: 'x',
      colour: 'red',
    })
    expect(extra.statusCode).toBe(422)
    expect(await s.services.commentary.forTarget(system, s.pid, s.target.id)).toEqual([])
  })

  it('takes outcome progress and gaps from the outcome’s lead, versioned', async () => {
    const s = await setup()
    const put = (role: keyof typeof s.users, body: object) => s.call('PUT', '/outcome-progress', role, body)
    const r = await put('outcome_lead', {
      outcomeKey: s.outcome.key,
      period: '2008/09 Q2',
      progress: 'Two new extra care schemes open',
      gaps: 'No scheme yet in Melton',
    })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json().data).toMatchObject({ outcomeRef: '1.7', gaps: 'No scheme yet in Melton' })
    await put('outcome_lead', {
      outcomeKey: s.outcome.key,
      period: '2008/09 Q2',
      progress: 'Three schemes open',
    })
    const list = await s.call('GET', `/outcome-progress?outcomeKey=${s.outcome.key}`, 'scrutiny')
    expect(list.json().data).toHaveLength(1)
    expect(list.json().data[0]).toMatchObject({ progress: 'Three schemes open', gaps: null })
    expect(
      await s.services.commentary.progressHistory(system, s.pid, s.outcome.key, '2008/09 Q2'),
    ).toHaveLength(2)
    expect(
      (await put('board_member', { outcomeKey: s.outcome.key, period: '2008/09 Q2', progress: 'x' }))
        .statusCode,
    ).toBe(403)
    const unknown = await put('admin', { outcomeKey: s.target.id, period: '2008/09 Q2', progress: 'x' })
    expect(unknown.statusCode).toBe(422)
    expect(unknown.json().error.fields.outcomeKey).toBeDefined()
  })

  it('asks the outcome lead when a round closes, reminds weekly, and the commentary fulfils the request', async () => {
    const s = await setup()
    const q1 = s.rounds['2008/09 Q1']!
    const round = await s.services.rounds.get(system, s.pid, q1)
    const closed = new Date(`${round.dueOn}T12:00:00Z`)
    closed.setUTCDate(closed.getUTCDate() + 3)
    const run = await s.services.commentary.sendDue(closed, { partnershipId: s.pid })
    expect(run.requested).toBe(1)
    expect((await s.services.commentary.sendDue(closed, { partnershipId: s.pid })).requested).toBe(0)
    const requests = await s.call('GET', `/commentary-requests?roundId=${q1}`, 'admin')
    expect(requests.json().data).toEqual([
      expect.objectContaining({
        targetId: s.target.id,
        personId: s.lead.id,
        period: '2008/09 Q1',
        reminders: 0,
      }),
    ])
    let messages = await s.services.outbox.list(system, s.pid)
    const asked = messages.filter((m) => m.kind === 'commentary-request')
    expect(asked).toHaveLength(1)
    expect(asked[0]!.toAddress).toBe(s.users.outcome_lead!.email)
    expect(asked[0]!.body).toContain(`/commentary/targets/${s.target.id}?period=2008%2F09%20Q1`)

    const mine = await s.call('GET', '/commentary-requests?mine=true', 'outcome_lead')
    expect(mine.json().data).toHaveLength(1)

    const week = new Date(closed.getTime() + 8 * 86_400_000)
    expect((await s.services.commentary.sendDue(week, { partnershipId: s.pid })).reminded).toBe(1)
    expect((await s.services.commentary.sendDue(week, { partnershipId: s.pid })).reminded).toBe(0)
    messages = await s.services.outbox.list(system, s.pid)
    expect(messages.filter((m) => m.kind === 'commentary-reminder')).toHaveLength(1)

    await s.call('PUT', '/commentaries', 'outcome_lead', {
      targetId: s.target.id,
      period: '2008/09 Q1',
      commentary: 'Written at last',
    })
    const after = await s.call('GET', `/commentary-requests?roundId=${q1}`, 'admin')
    expect(after.json().data[0]).toMatchObject({ status: 'fulfilled' })
    const later = new Date(week.getTime() + 8 * 86_400_000)
    expect((await s.services.commentary.sendDue(later, { partnershipId: s.pid })).reminded).toBe(0)
  })

  it('lets managers ask for a closed round by hand; others may not', async () => {
    const s = await setup()
    const q2 = s.rounds['2008/09 Q2']!
    expect((await s.call('POST', '/commentary-requests', 'outcome_lead', { roundId: q2 })).statusCode).toBe(
      403,
    )
    const r = await s.call('POST', '/commentary-requests', 'performance_officer', { roundId: q2 })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json().data).toMatchObject({ period: '2008/09 Q2', requests: 1, people: 1, messages: 1 })
    const again = await s.call('POST', '/commentary-requests', 'admin', { roundId: q2 })
    expect(again.json().data).toMatchObject({ requests: 0, messages: 0 })
    const bad = await s.call('POST', '/commentary-requests', 'admin', { roundId: s.target.id })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().error.fields.roundId).toBeDefined()
    const asked = await s.services.commentary.askedOf(
      {
        kind: 'user',
        userId: s.users.outcome_lead!.userId,
        label: 'lead',
        isSystemAdmin: false,
        roles: new Map([[s.pid, 'outcome_lead']]),
      },
      s.pid,
    )
    expect(asked.map((a) => a.target.id)).toEqual([s.target.id])
  })
})
