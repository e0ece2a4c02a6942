import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { missingForAgreement } from '../targets/negotiation.rules.ts'
import { completeIndicators, seedAgreement, seedStrategy } from '../targets/targets.fixtures.ts'

describeIntegration('agreeing a complete target and signing off with unagreed targets', (t) => {
  async function setUp() {
    const { services, app } = t()
    const s = await seedPartnership(services, ['performance_officer', 'government_office', 'admin'])
    const agreement = await seedAgreement(services, s.partnership.id)
    await completeIndicators(services, s.partnership.id, ['NI 32', 'NI 39'], { unit: 'count' })
    await seedStrategy(services, s.partnership.id, [3])
    const officer = bearer(s.users.performance_officer!.token)
    const go = bearer(s.users.government_office!.token)
    const admin = bearer(s.users.admin!.token)
    const create = async (payload: object) => {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/partnerships/${s.slug}/agreements/${agreement.id}/targets`,
        headers: officer,
        payload: { kind: 'designated', ...payload },
      })
      expect(res.statusCode, res.body).toBe(201)
      return res.json().data.id as string
    }
    const agree = (id: string) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/partnerships/${s.slug}/targets/${id}/agree`,
        headers: go,
        payload: {},
      })
    return { ...s, services, app, agreement, officer, go, admin, create, agree }
  }

  it('names what an incomplete target lacks (pure rule)', () => {
    const full = {
      version: { baselinePeriod: '2007/08', baselineValue: 25 },
      indicator: { unit: 'count', polarity: 'lower', frequency: 'annual' },
      trajectoryValues: 3,
      outcomes: 1,
    }
    expect(missingForAgreement(full)).toEqual([])
    expect(
      missingForAgreement({
        version: { baselinePeriod: null, baselineValue: null },
        indicator: { unit: null, polarity: 'lower', frequency: null },
        trajectoryValues: 0,
        outcomes: 0,
      }),
    ).toEqual([
      'a baseline period',
      'a baseline value',
      'a trajectory value',
      'a link to an outcome',
      'the indicator’s unit and frequency',
    ])
    expect(
      missingForAgreement({ ...full, version: { baselinePeriod: '2007/08', baselineValue: 0 } }),
    ).toEqual([])
  })

  it('refuses to agree an incomplete target, listing what is missing, on the API and the page', async () => {
    const s = await setUp()
    const bare = await s.create({ indicatorCode: 'NI 32', status: 'negotiating' })
    const refused = await s.agree(bare)
    expect(refused.statusCode).toBe(422)
    expect(refused.json().error.fields._form).toBe(
      'The NI 32 target cannot be agreed until it has a baseline period, a baseline value, a trajectory value and a link to an outcome',
    )
    // Nor by an administrator editing its status to agreed; the edit is rolled back.
    const edited = await s.app.inject({
      method: 'PUT',
      url: `/api/v1/partnerships/${s.slug}/targets/${bare}`,
      headers: s.admin,
      payload: { kind: 'designated', status: 'agreed', outcomeRefs: ['1.1'] },
    })
    expect(edited.statusCode).toBe(422)
    expect(edited.json().error.fields.status).toBe(
      'The NI 32 target cannot be agreed until it has a baseline period, a baseline value and a trajectory value',
    )
    const still = await s.services.targets.get(system, s.partnership.id, bare)
    expect(still.version.status).toBe('negotiating')
    expect(still.outcomes).toEqual([])
    // An incomplete indicator is named too (NI 2 is seeded without unit, polarity or frequency).
    const onIncomplete = await s.create({
      indicatorCode: 'NI 2',
      status: 'negotiating',
      outcomeRefs: ['1.1'],
      baselinePeriod: '2007/08',
      baselineValue: 10,
      trajectory: [{ period: '2008/09', value: 12 }],
    })
    expect((await s.agree(onIncomplete)).json().error.fields._form).toBe(
      'The NI 2 target cannot be agreed until it has the indicator’s unit, polarity and frequency',
    )

    const agent = new Agent(s.app)
    await agent.signIn(s.users.government_office!.email, s.users.government_office!.password)
    const page = await agent.submit(`/p/${s.slug}/targets/${bare}`, `/p/${s.slug}/targets/${bare}/agree`, {})
    expect(page.statusCode).toBe(422)
    expect(page.body).toContain('cannot be agreed until it has a baseline period')

    const complete = await s.create({
      indicatorCode: 'NI 39',
      status: 'negotiating',
      outcomeRefs: ['1.1'],
      baselinePeriod: '2007/08',
      baselineValue: 25,
      trajectory: [{ period: '2008/09', value: 23 }],
    })
    expect((await s.agree(complete)).statusCode).toBe(200)

    // A revision may not make the agreed target incomplete.
    const revise = (payload: object) =>
      s.app.inject({
        method: 'POST',
        url: `/api/v1/partnerships/${s.slug}/targets/${complete}/revisions`,
        headers: s.officer,
        payload: {
          kind: 'designated',
          reason: 'LAA refresh',
          agreedBy: 'GOEM',
          agreedOn: '2009-03-31',
          ...payload,
        },
      })
    const dropped = await revise({ outcomeRefs: [], tolerancePercent: 10 })
    expect(dropped.statusCode).toBe(422)
    expect(dropped.json().error.fields._form).toBe(
      'The revised NI 39 target would lack a baseline period, a baseline value and a link to an outcome: an agreed target needs them',
    )
    const kept = await revise({
      outcomeRefs: ['1.1'],
      baselinePeriod: '2007/08',
      baselineValue: 25,
      tolerancePercent: 10,
    })
    expect(kept.statusCode, kept.body).toBe(201)
  })

  it('lists imported agreed targets that are incomplete on the agreement page', async () => {
    const s = await setUp()
    await s.services.workbook.import(system, s.partnership.id, {
      kind: 'json',
      sheets: {
        Targets: [{ indicator_code: 'NI 32', kind: 'designated', status: 'agreed', outcome_refs: '1.1' }],
      },
    })
    const agent = new Agent(s.app)
    await agent.signIn(s.users.admin!.email, s.users.admin!.password)
    const page = await agent.get(`/p/${s.slug}/agreements/${s.agreement.id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('data-qa="incomplete-targets"')
    expect(page.body).toMatch(/NI 32<\/a> lacks a baseline period, a baseline value and a trajectory value/)
  })

  it('signs off only with confirmation while targets are proposed or placeholders (API and page)', async () => {
    const s = await setUp()
    await s.create({ indicatorCode: 'NI 32', status: 'proposed' })
    await s.create({ indicatorCode: 'NI 39', status: 'placeholder' })
    const url = `/api/v1/partnerships/${s.slug}/agreements/${s.agreement.id}/sign-off`
    const body = { signedOn: '2008-06-27', signedBy: 'The Board and GOEM' }
    const future = await s.app.inject({
      method: 'POST',
      url,
      headers: s.admin,
      payload: { ...body, signedOn: '2999-01-01', confirm: true },
    })
    expect(future.statusCode).toBe(422)
    expect(future.json().error.fields).toEqual({ signedOn: 'The date signed cannot be in the future' })
    const refused = await s.app.inject({ method: 'POST', url, headers: s.admin, payload: body })
    expect(refused.statusCode).toBe(422)
    expect(refused.json().error.fields.confirm).toContain('NI 32 (proposed), NI 39 (placeholder)')
    expect((await s.services.agreements.get(system, s.partnership.id, s.agreement.id)).status).toBe('draft')

    const agent = new Agent(s.app)
    await agent.signIn(s.users.admin!.email, s.users.admin!.password)
    const formUrl = `/p/${s.slug}/agreements/${s.agreement.id}/sign-off`
    const form = await agent.get(formUrl)
    expect(form.body).toContain('data-qa="unsettled-targets"')
    expect(form.body).toContain('Placeholder (elements still to agree)')
    expect(form.body).toContain('name="confirm"')
    const unconfirmed = await agent.submit(formUrl, formUrl, body)
    expect(unconfirmed.statusCode).toBe(422)
    expect(unconfirmed.body).toContain('NI 32 (proposed), NI 39 (placeholder)')
    const confirmed = await agent.submit(formUrl, formUrl, { ...body, confirm: 'yes' })
    expect(confirmed.statusCode).toBe(302)
    expect((await s.services.agreements.get(system, s.partnership.id, s.agreement.id)).status).toBe('signed')

    const again = await s.app.inject({
      method: 'POST',
      url,
      headers: s.admin,
      payload: { ...body, confirm: true },
    })
    expect(again.statusCode).toBe(200)
  })

  it('signs off without confirmation when every target is settled', async () => {
    const s = await setUp()
    await s.create({ indicatorCode: 'NI 32', status: 'negotiating' })
    const res = await s.app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${s.slug}/agreements/${s.agreement.id}/sign-off`,
      headers: s.admin,
      payload: { signedOn: '2008-06-27', signedBy: 'The Board' },
    })
    expect(res.statusCode).toBe(200)
  })
})
