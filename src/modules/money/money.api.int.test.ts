import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { buildOrganisation } from '../../../test/helpers/factories.ts'
import { partnerships } from '../../db/schema/index.ts'
import { moneyPartnership } from './money.fixtures.ts'

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** Money over the API: a finance officer's year, bad input refused by field with nothing written, 360Giving. */
describeIntegration('money API', (t) => {
  async function setup() {
    const { app, services } = t()
    const m = await moneyPartnership(services)
    const finance = bearer(m.users.finance_officer!.token)
    const call = (method: Method, path: string, payload?: object, headers = finance) =>
      app.inject({
        method,
        url: `/api/v1/partnerships/${m.slug}${path}`,
        headers,
        ...(payload ? { payload } : {}),
      })
    const stream = async () => {
      const res = await call('POST', '/funding-streams', {
        ref: 'ABG',
        name: 'Area Based Grant',
        source: 'Communities and Local Government',
        kind: 'pooled',
      })
      expect(res.statusCode, res.body).toBe(201)
      return res.json().data as { id: string }
    }
    return { ...m, app, services, call, finance, stream }
  }

  it('walks a stream, its budget, an allocation refused release until signed, and a spend return with a variance', async () => {
    const s = await setup()
    const st = await s.stream()
    const budget = await s.call('PUT', `/funding-streams/${st.id}/budgets`, {
      year: '2008/09',
      amount: '1000',
    })
    expect(budget.statusCode, budget.body).toBe(200)
    expect(budget.json().data).toMatchObject({ year: '2008/09', amountPence: 100000, amount: '1000.00' })

    const made = await s.call('POST', '/allocations', {
      streamId: st.id,
      year: '2008/09',
      recipientId: s.council.id,
      amount: '600.50',
      title: 'Youth diversion',
      awardedOn: '2008-04-01',
    })
    expect(made.statusCode, made.body).toBe(201)
    const a = made.json().data
    expect(a).toMatchObject({ amountPence: 60050, amount: '600.50', recipientName: s.council.name })
    expect(a.releasedAt).toBeNull()

    const listed = (await s.call('GET', '/funding-streams')).json().data
    expect(listed[0].years).toEqual([
      {
        year: '2008/09',
        hasBudget: true,
        budgetPence: 100000,
        budget: '1000.00',
        allocatedPence: 60050,
        allocated: '600.50',
        unallocatedPence: 39950,
        unallocated: '399.50',
      },
    ])

    const refused = await s.call('POST', `/allocations/${a.id}/release`)
    expect(refused.statusCode).toBe(422)
    expect(refused.json().error.id).toBe('protocol_not_signed')
    expect(Object.keys(refused.json().error.fields)).toEqual(['recipientId'])
    expect((await s.call('GET', `/allocations/${a.id}`)).json().data.releasedAt).toBeNull()

    const published = await s.call('POST', '/financial-protocol', { text: 'Recipients account for spend.' })
    expect(published.statusCode, published.body).toBe(201)
    expect(published.json().data.version).toBe(1)
    const signed = await s.call('POST', '/protocol-signatures', {
      organisationId: s.council.id,
      signedByName: 'A. Treasurer',
    })
    expect(signed.statusCode, signed.body).toBe(201)
    expect(signed.json().data).toMatchObject({
      organisationName: s.council.name,
      signedByName: 'A. Treasurer',
    })
    const protocol = (await s.call('GET', '/financial-protocol')).json().data
    expect(protocol.current.signatures).toHaveLength(1)

    const released = await s.call('POST', `/allocations/${a.id}/release`)
    expect(released.statusCode, released.body).toBe(200)
    expect(released.json().data.releasedAt).not.toBeNull()

    // Q1 of an even profile is £150.125 → the profiled budget; £300 spent is far beyond it.
    const spend = {
      streamId: st.id,
      recipientId: s.council.id,
      period: '2008/09 Q1',
      actual: '300',
      forecast: '600.50',
      submit: true,
    }
    // The recipient enters its own return; the finance officer approves it.
    const recipient = bearer(s.provider.token)
    const unexplained = await s.call('POST', '/spend-returns', spend, recipient)
    expect(unexplained.statusCode).toBe(422)
    expect(Object.keys(unexplained.json().error.fields)).toEqual(['explanation'])
    const police = await s.call('POST', '/spend-returns', { ...spend, recipientId: s.police.id }, recipient)
    expect(police.statusCode).toBe(403)
    const saved = await s.call(
      'POST',
      '/spend-returns',
      { ...spend, explanation: 'Summer scheme paid early' },
      recipient,
    )
    expect(saved.statusCode, saved.body).toBe(201)
    const r = saved.json().data
    expect(r).toMatchObject({ status: 'submitted', actualPence: 30000, actual: '300.00' })
    expect(r.variance).toMatchObject({ rag: 'red', explanationRequired: true })
    expect(r.variance.variancePence).toBe(30000 - r.profiledPence)
    expect(r.variance.variance).toBe(((30000 - r.profiledPence) / 100).toFixed(2))
    const approved = await s.call('POST', `/spend-returns/${r.id}/approve`)
    expect(approved.statusCode, approved.body).toBe(200)
    expect(approved.json().data.status).toBe('approved')
    const decided = await s.call('POST', `/spend-returns/${approved.json().data.id}/decision`, {
      decision: 'Accept: profile to be revised',
      decidedWith: 'Lead officer for young people',
    })
    expect(decided.statusCode, decided.body).toBe(200)
    expect(decided.json().data.history).toHaveLength(3)

    const variance = (await s.call('GET', '/variance?year=2008/09')).json().data
    const line = variance.find((v: { level: string }) => v.level === 'recipient')
    expect(line).toMatchObject({ actualToDatePence: 30000, actualToDate: '300.00', rag: 'red' })
    expect((await s.call('GET', '/variance?year=2008')).statusCode).toBe(422)
    expect((await s.call('GET', '/value-for-money?year=2008/09')).statusCode).toBe(200)
  })

  it('refuses bad input naming the field and writes nothing', async () => {
    const s = await setup()
    const st = await s.stream()
    const before = await s.call('PUT', `/funding-streams/${st.id}/budgets`, {
      year: '2008/09',
      amount: '100',
    })
    expect(before.statusCode).toBe(200)
    const negative = await s.call('PUT', `/funding-streams/${st.id}/budgets`, {
      year: '2008/09',
      amount: '-5',
    })
    expect(negative.statusCode).toBe(422)
    expect(Object.keys(negative.json().error.fields)).toEqual(['amount'])
    expect((await s.call('GET', `/funding-streams/${st.id}/budgets`)).json().data).toHaveLength(1)

    const base = { streamId: st.id, year: '2008/09', recipientId: s.council.id }
    const refusals: [object, string][] = [
      [{ ...base, amount: '100.01' }, 'amount'],
      [{ ...base, amount: '1.001' }, 'amount'],
      [{ ...base, amount: 'ten pounds' }, 'amount'],
      [{ ...base, amount: '1', colour: 'red' }, 'colour'],
    ]
    const other = await seedPartnership(s.services)
    const theirs = await buildOrganisation(s.services, other.partnership.id)
    refusals.push([{ ...base, recipientId: theirs.id, amount: '1' }, 'recipientId'])
    for (const [body, field] of refusals) {
      const res = await s.call('POST', '/allocations', body)
      expect(res.statusCode, JSON.stringify(body)).toBe(422)
      expect(Object.keys(res.json().error.fields), JSON.stringify(body)).toEqual([field])
    }
    expect((await s.call('GET', '/allocations')).json().data).toEqual([])
    expect(await s.services.money.listAllocations(system, s.pid)).toEqual([])

    const outside = await s.call('POST', '/spend-returns', {
      streamId: st.id,
      recipientId: s.council.id,
      period: '2009/10 Q1',
      actual: '1',
    })
    expect(outside.statusCode).toBe(422)
    expect(Object.keys(outside.json().error.fields)).toEqual(['period'])
    expect((await s.call('GET', '/spend-returns')).json().data).toEqual([])

    const thresholds = await s.call('PUT', '/finance-thresholds', { amberPercent: '6', redPercent: '5' })
    expect(thresholds.statusCode).toBe(422)
    expect(Object.keys(thresholds.json().error.fields)).toEqual(['redPercent'])
    expect((await s.call('GET', '/finance-thresholds')).json().data).toEqual({
      amberPercent: '2',
      redPercent: '5',
    })
    const decision = await s.call('POST', '/commissioning-decisions', {
      service: 'Youth bus',
      decision: 'notice',
      reason: 'Replaced',
      outcomeKey: theirs.id,
      decidedOn: '2009-03-31',
    })
    expect(decision.statusCode).toBe(422)
    expect(Object.keys(decision.json().error.fields)).toEqual(['noticeMonths'])
    expect((await s.call('GET', '/commissioning-decisions')).json().data).toEqual([])

    // A board member reads but may not write; a stream with an allocation is not archived.
    const board = bearer(s.users.board_member!.token)
    expect((await s.call('POST', '/funding-streams', { ref: 'X' }, board)).statusCode).toBe(403)
    expect((await s.call('GET', '/funding-streams', undefined, board)).statusCode).toBe(200)
    const a = await s.call('POST', '/allocations', { ...base, amount: '10' })
    expect(a.statusCode).toBe(201)
    expect((await s.call('DELETE', `/funding-streams/${st.id}`)).statusCode).toBe(409)
    const patched = await s.call('PATCH', `/allocations/${a.json().data.id}`, { amount: '20.25' })
    expect(patched.statusCode, patched.body).toBe(200)
    expect(patched.json().data).toMatchObject({ amountPence: 2025, recipientId: s.council.id })
    expect((await s.call('DELETE', `/allocations/${a.json().data.id}`)).statusCode).toBe(204)
    const renamed = await s.call('PATCH', `/funding-streams/${st.id}`, { name: 'Area Based Grant 2008' })
    expect(renamed.json().data).toMatchObject({ ref: 'ABG', name: 'Area Based Grant 2008' })
    expect((await s.call('DELETE', `/funding-streams/${st.id}`)).statusCode).toBe(204)
    expect((await s.call('GET', `/funding-streams/${st.id}`)).statusCode).toBe(404)
  })

  it('exports the allocations in the 360Giving Data Standard, over the API and as a page download', async () => {
    const s = await setup()
    const st = await s.stream()
    await s.call('PUT', `/funding-streams/${st.id}/budgets`, { year: '2008/09', amount: '50000' })
    const a = (
      await s.call('POST', '/allocations', {
        streamId: st.id,
        year: '2008/09',
        recipientId: s.police.id,
        amount: '12345.67',
        title: 'Safer streets',
        notes: '=1+1 wardens',
        awardedOn: '2008-06-30',
      })
    ).json().data
    const p = s.partnership
    const grant = {
      id: `360G-${s.slug}-${a.id}`,
      title: 'Safer streets',
      description: '=1+1 wardens',
      currency: 'GBP',
      amountAwarded: 12345.67,
      awardDate: '2008-06-30',
      recipientOrganization: [{ id: `360G-${s.slug}-org-${s.police.id}`, name: s.police.name }],
      fundingOrganization: [{ id: `360G-${s.slug}`, name: p.name }],
    }
    const json = await s.call('GET', '/allocations/360giving.json')
    expect(json.statusCode, json.body).toBe(200)
    expect(json.json()).toEqual({ grants: [grant] })
    const csv = await s.call('GET', '/allocations/360giving.csv')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    const expected =
      '\ufeffIdentifier,Title,Description,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,Recipient Org:Name,Funding Org:Identifier,Funding Org:Name\n' +
      `${grant.id},Safer streets,'=1+1 wardens,GBP,12345.67,2008-06-30,${grant.recipientOrganization[0]!.id},${s.police.name},360G-${s.slug},${p.name}\n`
    expect(csv.body).toBe(expected)
    expect((await s.call('GET', '/allocations/360giving.json?year=2009/10')).json()).toEqual({ grants: [] })
    // With an accountable body, the partnership's grants are the accountable body's.
    await t()
      .database.db.update(partnerships)
      .set({ accountableBodyId: s.council.id })
      .where(eq(partnerships.id, s.pid))
    const funded = (await s.call('GET', '/allocations/360giving.json')).json().grants[0]
    expect(funded.fundingOrganization).toEqual([
      { id: `360G-${s.slug}-org-${s.council.id}`, name: s.council.name },
    ])
    await t()
      .database.db.update(partnerships)
      .set({ accountableBodyId: null })
      .where(eq(partnerships.id, s.pid))
    expect((await s.call('GET', '/allocations/360giving.json?year=soon')).statusCode).toBe(422)

    const agent = new Agent(s.app)
    await agent.signIn(s.users.board_member!.email, s.users.board_member!.password)
    const page = await agent.get(`/p/${s.slug}/money/360giving.csv`)
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-disposition']).toBe(`attachment; filename="${s.slug}-360giving.csv"`)
    expect(page.body).toBe(expected)
    const pageJson = await agent.get(`/p/${s.slug}/money/360giving.json?year=2008/09`)
    expect(pageJson.statusCode).toBe(200)
    expect(JSON.parse(pageJson.body)).toEqual({ grants: [grant] })
    const stranger = new Agent(s.app)
    const outsider = await seedPartnership(s.services, ['board_member'])
    await stranger.signIn(outsider.users.board_member!.email, outsider.users.board_member!.password)
    expect((await stranger.get(`/p/${s.slug}/money/360giving.csv`)).statusCode).toBeGreaterThanOrEqual(403)
  })
})
