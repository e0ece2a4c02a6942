import { expect, it } from 'vitest'
import { Agent, describeIntegration } from '../../../test/helpers/app.ts'
import { buildAgreement, buildIndicator, buildTarget } from '../../../test/helpers/factories.ts'
import { buildOutcome, moneySetup } from './money.spend.fixtures.ts'

/** The commissioning pages (a decision with notice, a service's history) and value for money. */
describeIntegration('money: commissioning and value-for-money pages', (t) => {
  const setup = async () => {
    const s = await moneySetup(t())
    const u = s.seeded.users
    const signIn = async (role: 'finance_officer' | 'board_member') => {
      const agent = new Agent(t().app)
      await agent.signIn(u[role]!.email, u[role]!.password)
      return agent
    }
    return {
      ...s,
      base: `/p/${s.seeded.slug}/money`,
      financeAgent: await signIn('finance_officer'),
      boardAgent: await signIn('board_member'),
    }
  }

  it('records a decision to give notice, names bad fields, keeps a service’s history, and removes one', async () => {
    const s = await setup()
    const outcome = await buildOutcome(t(), s.pid)
    const service = 'Youth inclusion / diversion programme'
    const form = `${s.base}/commissioning/new`
    const fields = {
      service,
      decision: 'notice',
      noticeMonths: '',
      reason: 'Outcomes met by the new family intervention project',
      outcomeKey: outcome.key,
      providerId: s.signed.id,
      streamId: s.stream.id,
      allocationId: '',
      decidedOn: '2009-01-31',
    }
    expect((await s.boardAgent.get(`${s.base}/commissioning`)).body).not.toContain(
      'data-qa="record-decision"',
    )
    expect((await s.boardAgent.get(form)).statusCode).toBe(403)

    const bad = await s.financeAgent.submit(form, `${s.base}/commissioning`, { ...fields, reason: '' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('href="#noticeMonths"')
    expect(bad.body).toContain('Enter the notice period in months')
    expect(bad.body).toContain('href="#reason"')
    expect(bad.body).toContain(`value="${service}"`)
    expect(await s.money.commissionedServices(s.board, s.pid)).toEqual([])

    await s.money.recordCommissioningDecision(s.finance, s.pid, {
      ...fields,
      decision: 'commission',
      noticeMonths: null,
      reason: 'Reduces first-time entrants',
      decidedOn: '2008-04-01',
    } as never)
    const ok = await s.financeAgent.submit(form, `${s.base}/commissioning`, { ...fields, noticeMonths: '3' })
    expect(ok.statusCode, ok.body).toBe(302)
    expect(ok.headers.location).toBe(`${s.base}/commissioning/${encodeURIComponent(service)}`)

    const page = await s.boardAgent.get(ok.headers.location!)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('3 months’ notice, ending 30 April 2009')
    expect(page.body.match(/data-qa="decision-row"/g)).toHaveLength(2)
    expect(page.body).toContain('1.1 Less re-offending')
    expect(page.body).toContain(s.signed.name)
    expect(page.body).not.toContain('/archive')

    const list = await s.boardAgent.get(`${s.base}/commissioning`)
    expect(list.body).toMatch(/data-qa="decision">Give notice/)
    expect(list.body).toContain('2 decisions')
    expect(list.body).toContain('Outcomes met by the new family intervention project')
    expect(
      (await s.boardAgent.get(`${s.base}/commissioning/${encodeURIComponent('No such service')}`)).statusCode,
    ).toBe(404)

    const [latest] = await s.money.serviceDecisions(s.board, s.pid, service)
    const removed = await s.financeAgent.submit(
      ok.headers.location!,
      `${s.base}/commissioning/${latest!.id}/archive`,
      {},
    )
    expect(removed.statusCode).toBe(302)
    const after = await s.financeAgent.get(removed.headers.location!)
    expect(after.body).toMatch(/Now: <strong class="govuk-tag govuk-tag--green">Commission/)
  })

  it('shows spend per target and per outcome beside status in colour and words, for a year', async () => {
    const s = await setup()
    const outcome = await buildOutcome(t(), s.pid)
    const agreement = await buildAgreement(s.services, s.pid)
    const indicator = await buildIndicator(s.services, s.pid)
    const target = await buildTarget(s.services, s.pid, agreement.id, {
      indicatorCode: indicator.code,
      trajectory: [{ period: '2008/09 Q4', value: 10 }],
    })
    await s.money.createAllocation(s.finance, s.pid, {
      streamId: s.stream.id,
      year: '2008/09',
      recipientId: s.signed.id,
      amount: '20000',
      paysFor: `target:${target.target.id}`,
    })
    await s.money.createAllocation(s.finance, s.pid, {
      streamId: s.stream.id,
      year: '2008/09',
      recipientId: s.signed.id,
      amount: '20000',
      paysFor: `outcome:${outcome.key}`,
    })
    const row = await s.money.saveSpend(
      s.finance,
      s.pid,
      { streamId: s.stream.id, recipientId: s.signed.id, period: '2008/09 Q2', actual: '40000.01' },
      { submit: true },
    )
    await s.money.approveSpend(s.admin, s.pid, row.id) // someone other than who submitted it

    const page = await s.boardAgent.get(`${s.base}/value?year=2008/09`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Value for money 2008/09')
    expect(page.body).toContain(indicator.code)
    expect(page.body).toMatch(/data-qa="status"><strong class="govuk-tag govuk-tag--grey">No data/)
    expect(page.body).toContain('1.1 Less re-offending')
    expect(page.body).toContain('£20,000.00')
    expect(page.body).toContain('£10,000.00') // the target's share of the approved spend
    expect(page.body).toContain('£90,000.00 allocated, £40,000.01 spent')
    const all = await s.boardAgent.get(`${s.base}/value?year=all`)
    expect(all.body).toContain('£90,000.00 allocated, £40,000.01 spent')
    const bad = await s.boardAgent.get(`${s.base}/value?year=2008`)
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('href="#year"')
  })
})
