import { expect, it } from 'vitest'
import { bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { targetAsAt, targetsAsAt } from './targets.asat.ts'
import { completeIndicators, seedAgreement, seedStrategy } from './targets.fixtures.ts'

describeIntegration('negotiation and revisions', (t) => {
  async function setUp() {
    const { services, app } = t()
    const s = await seedPartnership(services, [
      'performance_officer',
      'government_office',
      'board_member',
      'admin',
    ])
    const agreement = await seedAgreement(services, s.partnership.id)
    await completeIndicators(services, s.partnership.id, ['NI 32'], { polarity: 'lower', unit: 'count' })
    await seedStrategy(services, s.partnership.id, [3])
    const officer = bearer(s.users.performance_officer!.token)
    const go = bearer(s.users.government_office!.token)
    const created = await app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${s.slug}/agreements/${agreement.id}/targets`,
      headers: officer,
      payload: {
        indicatorCode: 'NI 32',
        kind: 'designated',
        status: 'negotiating',
        outcomeRefs: ['1.1'],
        baselinePeriod: '2007/08',
        baselineValue: 25,
        trajectory: [
          { period: '2008/09', value: 23 },
          { period: '2009/10', value: 21 },
          { period: '2010/11', value: 19 },
        ],
      },
    })
    expect(created.statusCode, created.body).toBe(201)
    const id = created.json().data.id as string
    const url = (p = '') => `/api/v1/partnerships/${s.slug}/targets/${id}${p}`
    return { ...s, agreement, officer, go, id, url }
  }

  it('lets the government office comment with evidence and agree; others only as their roles allow', async () => {
    const { app } = t()
    const s = await setUp()
    const comment = (headers: Record<string, string>, payload: object) =>
      app.inject({ method: 'POST', url: s.url('/comments'), headers, payload })
    const ev = await comment(s.go, {
      body: 'The baseline should use the MARAC referrals for 2007/08.',
      evidenceUrl: 'https://example.org/marac-2007-08.pdf',
    })
    expect(ev.statusCode).toBe(201)
    expect(ev.json().data).toMatchObject({ kind: 'evidence', authorRole: 'government_office' })
    expect((await comment(s.officer, { body: 'Agreed: revised below.' })).statusCode).toBe(201)
    expect((await comment(bearer(s.users.board_member!.token), { body: 'Me too' })).statusCode).toBe(403)
    const badUrl = await comment(s.go, { body: 'x', evidenceUrl: 'javascript:alert(1)' })
    expect(badUrl.json().error.fields.evidenceUrl).toMatch(/http/)
    expect((await comment(s.go, { body: '  ' })).json().error.fields.body).toMatch(/Enter the comment/)

    // A performance officer cannot agree, nor set agreed by editing.
    expect(
      (await app.inject({ method: 'POST', url: s.url('/agree'), headers: s.officer, payload: {} }))
        .statusCode,
    ).toBe(403)
    const sneak = await app.inject({
      method: 'PUT',
      url: s.url(),
      headers: s.officer,
      payload: { kind: 'designated', status: 'agreed', outcomeRefs: ['1.1'] },
    })
    expect(sneak.json().error.fields.status).toMatch(/Only the government office/)

    const agreed = await app.inject({
      method: 'POST',
      url: s.url('/agree'),
      headers: s.go,
      payload: { comment: 'Agreed at the negotiation meeting.' },
    })
    expect(agreed.statusCode).toBe(200)
    expect(agreed.json().data).toMatchObject({
      status: 'agreed',
      version: 2,
      agreed: { by: 'government_office user' },
    })
    const log = (await app.inject({ url: s.url('/comments'), headers: s.officer })).json().data
    expect(log.map((c: { kind: string }) => c.kind)).toEqual(['evidence', 'comment', 'agreed'])

    // Once agreed, ordinary edits and trajectory changes are refused: revise instead.
    const edit = await app.inject({
      method: 'PUT',
      url: s.url(),
      headers: s.officer,
      payload: { kind: 'designated', status: 'negotiating' },
    })
    expect(edit.json().error.fields._form).toMatch(/is agreed: change it by revising/)
    const traj = await app.inject({
      method: 'PUT',
      url: s.url('/trajectory'),
      headers: s.officer,
      payload: { rows: [{ period: '2008/09', value: 1 }] },
    })
    expect(traj.json().error.fields._form).toMatch(/revising the target/)
  })

  it('revises an agreed target as a new version; the old one stays and as-at reads return it', async () => {
    const { app, services } = t()
    const s = await setUp()
    await app.inject({ method: 'POST', url: s.url('/agree'), headers: s.go, payload: {} })
    const beforeRevision = new Date()
    await new Promise((r) => setTimeout(r, 20))

    const missing = await app.inject({
      method: 'POST',
      url: s.url('/revisions'),
      headers: s.officer,
      payload: { kind: 'designated', tolerancePercent: 10 },
    })
    expect(Object.keys(missing.json().error.fields).sort()).toEqual(['agreedBy', 'agreedOn', 'reason'])
    const future = await app.inject({
      method: 'POST',
      url: s.url('/revisions'),
      headers: s.officer,
      payload: { kind: 'designated', reason: 'Restated', agreedBy: 'GOEM', agreedOn: '2999-01-01' },
    })
    expect(future.statusCode).toBe(422)
    expect(future.json().error.fields).toEqual({ agreedOn: 'The date agreed cannot be in the future' })

    const revised = await app.inject({
      method: 'POST',
      url: s.url('/revisions'),
      headers: s.officer,
      payload: {
        kind: 'designated',
        outcomeRefs: ['1.1', '1.2'],
        baselinePeriod: '2007/08',
        baselineValue: 25,
        tolerancePercent: 10,
        reason: 'LAA refresh: the 2007/08 baseline was restated.',
        agreedBy: 'Julia Barnes, GOEM',
        agreedOn: '2009-03-31',
        trajectory: [
          { period: '2008/09', value: 23 },
          { period: '2009/10', value: 22 },
          { period: '2010/11', value: 20 },
        ],
      },
    })
    expect(revised.statusCode, revised.body).toBe(201)
    expect(revised.json().data).toMatchObject({
      version: 3,
      status: 'agreed',
      tolerancePercent: 10,
      revision: { reason: 'LAA refresh: the 2007/08 baseline was restated.', agreedBy: 'Julia Barnes, GOEM' },
    })

    const history = (await app.inject({ url: s.url('/revisions'), headers: s.officer })).json().data
    expect(history.map((v: { version: number }) => v.version)).toEqual([3, 2, 1])
    expect(history[1]).toMatchObject({
      tolerancePercent: 5,
      supersededAt: expect.any(String),
      revision: null,
    })
    expect(history[1].trajectory.map((r: { value: number }) => r.value)).toEqual([23, 21, 19])
    expect(history[0].trajectory.map((r: { value: number }) => r.value)).toEqual([23, 22, 20])

    const asAt = (
      await app.inject({
        url: s.url(`?asAt=${encodeURIComponent(beforeRevision.toISOString())}`),
        headers: s.officer,
      })
    ).json().data
    expect(asAt).toMatchObject({ version: 2, tolerancePercent: 5, outcomes: [{ ref: '1.1' }] })
    expect(asAt.trajectory.map((r: { value: number }) => r.value)).toEqual([23, 21, 19])
    const now = (await app.inject({ url: s.url(), headers: s.officer })).json().data
    expect(now.outcomes.map((o: { ref: string }) => o.ref).sort()).toEqual(['1.1', '1.2'])
    const before = await services.targets.list(system, s.partnership.id, s.agreement.id, {
      at: new Date('2000-01-01'),
    })
    expect(before).toEqual([])
    // The query functions a report uses: everything read at one instant.
    const [then] = await targetsAsAt(t().database.db, s.partnership.id, s.agreement.id, beforeRevision)
    expect(then!.version.version).toBe(2)
    expect(then!.trajectory.map((r) => r.value)).toEqual([23, 21, 19])
    expect(then!.outcomeKeys).toHaveLength(1)
    expect((await targetAsAt(t().database.db, s.partnership.id, s.id))!.outcomeKeys).toHaveLength(2)
    const badAsAt = await app.inject({ url: s.url('?asAt=yesterday'), headers: s.officer })
    expect(badAsAt.json().error.fields.asAt).toMatch(/not a date/)

    const { rows } = await services.audit.list(system, s.partnership.id, {
      entityType: 'target',
      limit: 10,
      offset: 0,
    })
    expect(rows.map((r) => r.event.action)).toEqual(['revise', 'revise-trajectory', 'agree', 'create'])
  })
})
