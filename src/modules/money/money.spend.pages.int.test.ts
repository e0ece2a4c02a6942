import { expect, it } from 'vitest'
import { Agent, describeIntegration, system } from '../../../test/helpers/app.ts'
import { buildMember } from '../../../test/helpers/factories.ts'
import { moneySetup } from './money.spend.fixtures.ts'

const Q2 = '2008/09 Q2'

/** The spend pages: a recipient's returns, entry, the protocol refusal, approval and the decision. */
describeIntegration('money: spend return pages', (t) => {
  const setup = async () => {
    const s = await moneySetup(t())
    const base = `/p/${s.seeded.slug}/money`
    const signIn = async (email: string, password: string) => {
      const agent = new Agent(t().app)
      await agent.signIn(email, password)
      return agent
    }
    const providerUser = await buildMember(s.services, s.pid, {
      role: 'data_provider',
      organisationId: s.signed.id,
    })
    const unsignedUser = await buildMember(s.services, s.pid, {
      role: 'data_provider',
      organisationId: s.unsigned.id,
    })
    const u = s.seeded.users
    return {
      ...s,
      base,
      provider: await signIn(providerUser.email, providerUser.password),
      unsignedProvider: await signIn(unsignedUser.email, unsignedUser.password),
      financeAgent: await signIn(u.finance_officer!.email, u.finance_officer!.password),
      boardAgent: await signIn(u.board_member!.email, u.board_member!.password),
      providerActor: s.provider,
    }
  }
  const returnId = (location: string | undefined) =>
    /\/money\/spend\/([0-9a-f-]{36})$/.exec(location ?? '')?.[1]

  it('lets a data provider save a draft for its own organisation, then submit it; no approval for it', async () => {
    const s = await setup()
    // Open until long after the test runs: a recipient's return is refused once its round has closed.
    await s.services.rounds.create(system, s.pid, { period: Q2, opensOn: '2008-10-01', dueOn: '2099-12-31' })
    const list = await s.provider.get(`${s.base}/spend`)
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('What your organisation owes: 2008/09 Q2')
    expect(list.body).toContain(
      'data-qa="owed-count">1 return still to submit for 2008/09 Q2, due by 31 December 2099',
    )
    expect(list.body).not.toContain(s.unsigned.name)

    const form = await s.provider.get(`${s.base}/spend/new`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('data-qa="recipient-fixed"')
    expect(form.body).toContain(s.signed.name)
    expect(form.body).not.toContain('<select class="govuk-select" id="recipientId"')

    const saved = await s.provider.submit(`${s.base}/spend/new`, `${s.base}/spend`, {
      streamId: s.stream.id,
      recipientId: s.signed.id,
      period: '2008/09 q2',
      actual: '£20,100.50',
      forecast: '40,000',
      explanation: '',
      intent: 'draft',
    })
    expect(saved.statusCode, saved.body).toBe(302)
    const id = returnId(saved.headers.location)!
    const page = await s.provider.get(saved.headers.location!)
    expect(page.body).toContain('Spend return saved as a draft')
    expect(page.body).toMatch(/data-qa="status"[^>]*>\s*Draft/)
    expect(page.body).toContain('£20,100.50')
    expect(page.body).toContain('+£100.50 (0.50% over the profile)')
    expect(page.body).toMatch(/data-qa="rag"[^>]*>Green/)
    expect(page.body).toContain('within the amber threshold of 2%')
    expect(page.body).toContain('data-qa="submit"')
    expect(page.body).not.toContain('data-qa="approve"')
    expect(page.body).not.toContain('data-qa="decision-form"')
    const change = await s.provider.get(
      `${s.base}/spend/new?streamId=${s.stream.id}&recipientId=${s.signed.id}&period=${encodeURIComponent(Q2)}`,
    )
    expect(change.body).toContain('Change a spend return')
    expect(change.body).toContain('data-qa="existing"')
    expect(change.body).toContain('value="20100.50"')
    expect(change.body).toContain('value="40000.00"')

    const submitted = await s.provider.submit(saved.headers.location!, `${s.base}/spend/${id}/submit`, {})
    expect(submitted.statusCode).toBe(302)
    const after = await s.provider.get(submitted.headers.location!)
    expect(after.body).toMatch(/data-qa="status"[^>]*>\s*Submitted/)
    expect(after.body).not.toContain('data-qa="submit"')
    expect(after.body).not.toContain('data-qa="change"')
    expect((await s.provider.get(`${s.base}/spend`)).body).toContain(
      'Every return for 2008/09 Q2 has been submitted',
    )
    // Approval is the finance officer's: refused at the door for the provider.
    const refused = await s.provider.submit(
      submitted.headers.location!,
      `${s.base}/spend/${returnId(submitted.headers.location)}/approve`,
      {},
    )
    expect(refused.statusCode).toBe(403)
  })

  it('refuses a provider’s spend for another organisation, and for a recipient that has not signed', async () => {
    const s = await setup()
    const other = await s.provider.submit(`${s.base}/spend/new`, `${s.base}/spend`, {
      streamId: s.stream.id,
      recipientId: s.unsigned.id,
      period: Q2,
      actual: '5000',
      intent: 'submit',
    })
    expect(other.statusCode).toBe(403)
    expect(other.body).toContain('There is a problem')
    expect(other.body).toContain('You may enter spend only for the organisation you act for')

    const unsigned = await s.unsignedProvider.submit(`${s.base}/spend/new`, `${s.base}/spend`, {
      streamId: s.stream.id,
      recipientId: s.unsigned.id,
      period: Q2,
      actual: '2500',
      intent: 'submit',
    })
    expect(unsigned.statusCode).toBe(422)
    expect(unsigned.body).toContain('href="#recipientId"')
    expect(unsigned.body).toContain(`${s.unsigned.name} has not signed the financial protocol (version 1)`)
    expect(unsigned.body).toContain('data-qa="protocol-not-signed"')
    expect(unsigned.body).toContain(`href="${s.base}/protocol"`)
    expect(unsigned.body).toContain('value="2500"')
    expect(await s.money.listSpend(s.board, s.pid, {})).toEqual([])
  })

  it('needs an explanation beyond amber; the finance officer approves and records the decision', async () => {
    const s = await setup()
    const fields = {
      streamId: s.stream.id,
      recipientId: s.signed.id,
      period: Q2,
      actual: '21000',
      forecast: '',
      intent: 'submit',
    }
    const form = await s.financeAgent.get(`${s.base}/spend/new`)
    expect(form.body).toContain('<select class="govuk-select" id="recipientId"')
    const bad = await s.financeAgent.submit(`${s.base}/spend/new`, `${s.base}/spend`, {
      ...fields,
      explanation: '',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('href="#explanation"')
    expect(bad.body).toContain('spend to date is 5.00% over the profiled budget of £20,000.00')
    expect(await s.money.listSpend(s.board, s.pid, {})).toEqual([])

    // The recipient explains and submits; someone other than the submitter approves.
    const ok = await s.provider.submit(`${s.base}/spend/new`, `${s.base}/spend`, {
      ...fields,
      explanation: 'Two extra youth workers started in August',
    })
    expect(ok.statusCode, ok.body).toBe(302)
    const id = returnId(ok.headers.location)!

    const variance = await s.financeAgent.get(`${s.base}/variance?year=2008/09`)
    expect(variance.statusCode).toBe(200)
    expect(variance.body).toMatch(/data-qa="rag"[^>]*>Amber/)
    expect(variance.body).toMatch(/data-qa="rag"[^>]*>Amber<\/strong><span class="gt-block">beyond 2%/)
    expect(variance.body).toContain('Two extra youth workers started in August')
    expect(variance.body).toMatch(/data-qa="variance-amount">£1,000\.00<span class="gt-block">5\.00% over</)
    expect(variance.body).toContain('data-qa="explanation-row"')
    expect(variance.body).toContain('£100,000.00') // the stream's budget on its total line

    const page = await s.financeAgent.get(`${s.base}/spend/${id}`)
    expect(page.body).toContain('data-qa="approve"')
    const approved = await s.financeAgent.submit(`${s.base}/spend/${id}`, `${s.base}/spend/${id}/approve`, {})
    expect(approved.statusCode).toBe(302)
    const approvedId = returnId(approved.headers.location)!
    const approvedUrl = `${s.base}/spend/${approvedId}`

    const noLead = await s.financeAgent.submit(approvedUrl, `${approvedUrl}/decision`, {
      decision: 'Accept the overspend; reprofile Q3 and Q4',
      decidedWith: '',
      overspendResponsibility: '',
    })
    expect(noLead.statusCode).toBe(422)
    expect(noLead.body).toContain('href="#decidedWith"')
    expect(noLead.body).toContain('Enter the lead officer the decision was taken with')
    expect(noLead.body).toContain('Accept the overspend; reprofile Q3 and Q4')

    const decided = await s.financeAgent.submit(approvedUrl, `${approvedUrl}/decision`, {
      decision: 'Accept the overspend; reprofile Q3 and Q4',
      decidedWith: 'Director of Children’s Services',
      overspendResponsibility: 'The Youth Offending Service meets any overspend',
    })
    expect(decided.statusCode).toBe(302)
    const final = await s.boardAgent.get(decided.headers.location!)
    expect(final.body).toMatch(/data-qa="status"[^>]*>\s*Approved/)
    expect(final.body).toContain('Director of Children’s Services')
    expect(final.body).toContain('The Youth Offending Service meets any overspend')
    // A board member reads it all and may do nothing to it.
    for (const qa of ['approve', 'return', 'decision-form', 'submit', 'change'])
      expect(final.body).not.toContain(`data-qa="${qa}"`)
    expect(final.body.match(/data-qa="version"/g)).toHaveLength(3)
  })

  it('sends a return back with a reason (required), and a stale version is a conflict shown on the page', async () => {
    const s = await setup()
    const row = await s.money.saveSpend(
      s.providerActor,
      s.pid,
      { streamId: s.stream.id, recipientId: s.signed.id, period: Q2, actual: '20000' },
      { submit: true },
    )
    const url = `${s.base}/spend/${row.id}`
    const blank = await s.financeAgent.submit(url, `${url}/return`, { reason: ' ' })
    expect(blank.statusCode).toBe(422)
    expect(blank.body).toContain('href="#reason"')
    const back = await s.financeAgent.submit(url, `${url}/return`, { reason: 'Include the August invoices' })
    expect(back.statusCode).toBe(302)
    expect((await s.provider.get(back.headers.location!)).body).toContain('Include the August invoices')
    const stale = await s.financeAgent.submit(url, `${url}/approve`, {})
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('This spend return has changed since you opened it')
    // Whoever submitted a return is not offered its approval.
    const own = await s.financeAgent.submit(`${s.base}/spend/new`, `${s.base}/spend`, {
      streamId: s.stream.id,
      recipientId: s.signed.id,
      period: '2008/09 Q1',
      actual: '10000',
      intent: 'submit',
    })
    expect(own.statusCode, own.body).toBe(302)
    const ownPage = await s.financeAgent.get(own.headers.location!)
    expect(ownPage.body).toContain('data-qa="own-submission"')
    expect(ownPage.body).not.toContain('data-qa="approve"')
    expect(ownPage.body).toContain('data-qa="return"')
  })

  it('keeps the thresholds: errors named, write roles only, and the variance page uses them', async () => {
    const s = await setup()
    const url = `${s.base}/variance?year=2008/09`
    expect((await s.boardAgent.get(url)).body).not.toContain('data-qa="thresholds-form"')
    const bad = await s.financeAgent.submit(url, `${s.base}/variance/thresholds`, {
      amberPercent: '6',
      redPercent: '5',
      year: '2008/09',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('href="#redPercent"')
    expect(bad.body).toContain('Red threshold must be at least the amber threshold')
    const worse = await s.financeAgent.submit(url, `${s.base}/variance/thresholds`, {
      amberPercent: 'two',
      redPercent: '5',
    })
    expect(worse.body).toContain('href="#amberPercent"')
    expect(await s.money.thresholds(s.board, s.pid)).toEqual({ amberPercent: '2', redPercent: '5' })
    const refused = await s.boardAgent.submit(`${s.base}/spend`, `${s.base}/variance/thresholds`, {
      amberPercent: '1',
      redPercent: '2',
    })
    expect(refused.statusCode).toBe(403)
    const ok = await s.financeAgent.submit(url, `${s.base}/variance/thresholds`, {
      amberPercent: '5.5',
      redPercent: '10',
      year: '2008/09',
    })
    expect(ok.statusCode).toBe(302)
    expect(ok.headers.location).toBe(`${s.base}/variance?year=2008%2F09`)
    const page = await s.financeAgent.get(ok.headers.location!)
    expect(page.body).toContain('Thresholds saved: amber beyond 5.5%, red beyond 10%')
    expect(page.body).toContain('Red</strong> beyond 10%')

    const csv = await s.boardAgent.get(`${s.base}/variance.csv?year=2008/09`)
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body).toContain('funding_ref,stream,recipient,year,period,budget,allocated')
    expect(csv.body).toContain(`${s.stream.ref},Area Based Grant,Total,2008/09,,100000.00,50000.00`)
    const wrongYear = await s.boardAgent.get(`${s.base}/variance?year=2008`)
    expect(wrongYear.statusCode).toBe(422)
    expect(wrongYear.body).toContain('href="#year"')
  })
})
