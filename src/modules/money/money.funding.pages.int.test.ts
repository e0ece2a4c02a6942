import { expect, it } from 'vitest'
import { Agent, describeIntegration, system } from '../../../test/helpers/app.ts'
import { moneyPartnership } from './money.fixtures.ts'

const idFrom = (location: unknown) => String(location).split('/').pop()!

describeIntegration('money pages: streams, budgets, allocations and the protocol', (t) => {
  async function setup() {
    const { app, services } = t()
    const m = await moneyPartnership(services)
    const money = `/p/${m.slug}/money`
    const as = async (who: { email: string; password: string }) => {
      const agent = new Agent(app)
      await agent.signIn(who.email, who.password)
      return agent
    }
    return { ...m, app, services, money, as, finance: await as(m.users.finance_officer!) }
  }

  it('walks a finance officer through a stream, its budget, an allocation, a refused release, the signature and the release', async () => {
    const s = await setup()
    const { finance, money } = s
    expect((await finance.get(money)).headers.location).toBe(`${money}/streams`)

    // A stream: bad input names the field and writes nothing.
    const bad = await finance.submit(`${money}/streams/new`, `${money}/streams`, {
      ref: 'ABG',
      name: '',
      source: 'Communities and Local Government',
      kind: 'pot',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('There is a problem')
    expect(bad.body).toContain('href="#name"')
    expect(bad.body).toContain('Choose pooled, aligned or grant')
    expect(await s.services.money.listStreams(system, s.pid)).toHaveLength(0)
    const made = await finance.submit(`${money}/streams/new`, `${money}/streams`, {
      ref: 'ABG',
      name: 'Area Based Grant',
      source: 'Communities and Local Government',
      kind: 'pooled',
      ringFenced: 'no',
      spendType: 'revenue',
      purpose: '',
      parentId: '',
      accountableOrganisationId: s.council.id,
    })
    expect(made.statusCode, made.body).toBe(302)
    const streamId = idFrom(made.headers.location)
    const streamUrl = `${money}/streams/${streamId}`

    // Its budget: negative and three decimals refused, naming the amount; then set.
    for (const [amount, message] of [
      ['-5', 'The budget must be £0 or more'],
      ['10.555', 'The budget has more than two decimal places'],
    ] as const) {
      const r = await finance.submit(streamUrl, `${streamUrl}/budgets`, { year: '2008/09', amount })
      expect(r.statusCode).toBe(422)
      expect(r.body).toContain(message)
      expect(r.body).toContain('href="#amount"')
    }
    const badYear = await finance.submit(streamUrl, `${streamUrl}/budgets`, { year: '2008 Q1', amount: '5' })
    expect(badYear.statusCode).toBe(422)
    expect(badYear.body).toContain('is not a financial year')
    expect((await s.services.money.getStream(system, s.pid, streamId)).budgetHistory).toHaveLength(0)
    const budget = await finance.submit(streamUrl, `${streamUrl}/budgets`, {
      year: '2008/09',
      amount: '1,000,000',
    })
    expect(budget.statusCode, budget.body).toBe(302)
    expect((await finance.get(streamUrl)).body).toContain('£1,000,000.00')

    // An allocation: over the budget refused, naming the amount; then made.
    const newAlloc = `${streamUrl}/allocations/new`
    const fields = {
      recipientId: s.council.id,
      year: '2008/09',
      parentAllocationId: '',
      paysFor: '',
      ref: 'ABG-01',
      title: 'Community safety',
      notes: '',
      awardedOn: '',
      profile: ['', '', '', ''],
    }
    const over = await finance.submit(newAlloc, `${streamUrl}/allocations`, {
      ...fields,
      amount: '1000000.01',
    })
    expect(over.statusCode).toBe(422)
    expect(over.body).toContain('Only £1,000,000.00 of ABG’s 2008/09 budget')
    const profile = await finance.submit(newAlloc, `${streamUrl}/allocations`, {
      ...fields,
      amount: '250000',
      profile: ['50000', '50000', '50000', '50000'],
    })
    expect(profile.statusCode).toBe(422)
    expect(profile.body).toContain('The quarters add up to £200,000.00')
    expect(await s.services.money.listAllocations(system, s.pid)).toHaveLength(0)
    const allocated = await finance.submit(newAlloc, `${streamUrl}/allocations`, {
      ...fields,
      amount: '250,000',
    })
    expect(allocated.statusCode, allocated.body).toBe(302)
    const allocId = idFrom(allocated.headers.location)
    const allocUrl = `${money}/allocations/${allocId}`

    // The tree reconciles and the allocation paying for nothing is shown.
    const tree = await finance.get(`${money}/streams?year=2008%2F09`)
    expect(tree.statusCode).toBe(200)
    expect(tree.body).toContain('£1,000,000.00')
    expect(tree.body).toContain('£250,000.00')
    expect(tree.body).toContain('£750,000.00')
    expect(tree.body).toContain('data-qa="unlinked"')
    expect(tree.body).toContain('Nothing linked')
    expect((await finance.get(`${money}/streams?year=2009%2F10`)).body).toContain('No budget')

    // Release refused: the recipient has not signed; the page says so and links the protocol.
    const refused = await finance.submit(allocUrl, `${allocUrl}/release`, {})
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('data-qa="protocol-not-signed"')
    expect(refused.body).toContain(`${s.council.name} has not signed the financial protocol`)
    expect(refused.body).toContain(`href="${money}/protocol"`)
    expect((await s.services.money.getAllocation(system, s.pid, allocId)).releasedAt).toBeNull()

    // Publish the protocol (blank text refused), then the data provider signs for their organisation.
    const blank = await finance.submit(`${money}/protocol`, `${money}/protocol`, { text: '  ' })
    expect(blank.statusCode).toBe(422)
    expect(blank.body).toContain('Enter the text of the financial protocol')
    const before = await finance.get(`${money}/protocol`)
    expect(before.body).toContain('data-qa="no-protocol"')
    expect(before.body).toMatch(new RegExp(`unsigned-recipient">\\s*<th[^>]*>${s.council.name}`))
    const published = await finance.submit(`${money}/protocol`, `${money}/protocol`, {
      text: 'Recipients report variance quarterly.',
    })
    expect(published.statusCode).toBe(302)
    const provider = await s.as(s.provider)
    const form = await provider.get(`${money}/protocol`)
    expect(form.body).toContain(`<option value="${s.council.id}" selected>`)
    expect(form.body).not.toContain(`<option value="${s.police.id}"`)
    expect(form.body).not.toContain('data-qa="publish-form"')
    const noName = await provider.submit(`${money}/protocol`, `${money}/protocol/signatures`, {
      organisationId: s.council.id,
      signedByName: '',
      version: '1',
    })
    expect(noName.statusCode).toBe(422)
    expect(noName.body).toContain('href="#signedByName"')
    const notMine = await provider.submit(`${money}/protocol`, `${money}/protocol/signatures`, {
      organisationId: s.police.id,
      signedByName: 'Chief Constable',
      version: '1',
    })
    expect(notMine.statusCode).toBe(403)
    const signed = await provider.submit(`${money}/protocol`, `${money}/protocol/signatures`, {
      organisationId: s.council.id,
      signedByName: 'Chief Finance Officer',
      version: '1',
    })
    expect(signed.statusCode, signed.body).toBe(302)
    const protocol = await finance.get(`${money}/protocol`)
    expect(protocol.body).toContain('Chief Finance Officer')
    expect(protocol.body).toContain('data-qa="unsigned-others"')
    expect(protocol.body).toContain(`<li>${s.police.name}</li>`)
    expect(protocol.body).not.toContain('data-qa="unsigned-recipient"')

    // Now the release goes through.
    const released = await finance.submit(allocUrl, `${allocUrl}/release`, {})
    expect(released.statusCode).toBe(302)
    expect((await finance.get(allocUrl)).body).toContain('Released')
    expect((await s.services.money.getAllocation(system, s.pid, allocId)).releasedAt).toBeInstanceOf(Date)

    // Allocations by recipient, and every form opens.
    const byRecipient = await finance.get(`${money}/allocations?year=2008%2F09`)
    expect(byRecipient.body).toContain(s.council.name)
    expect(byRecipient.body).toContain('£250,000.00')
    for (const path of [`${streamUrl}/edit`, newAlloc, `${allocUrl}/edit`, `${money}/allocations`])
      expect((await finance.get(path)).statusCode, path).toBe(200)
  })

  it('changes and archives, hides what a role may not do, and refuses it', async () => {
    const s = await setup()
    const stream = await s.stream({ ref: 'BSC', budget: '1000' })
    const streamUrl = `${s.money}/streams/${stream.id}`
    const alloc = await s.services.money.createAllocation(system, s.pid, {
      streamId: stream.id,
      year: '2008/09',
      recipientId: s.police.id,
      amount: '400',
    })
    const allocUrl = `${s.money}/allocations/${alloc.id}`

    const edit = await s.finance.submit(`${allocUrl}/edit`, allocUrl, {
      recipientId: s.police.id,
      amount: '400.001',
      paysFor: '',
    })
    expect(edit.statusCode).toBe(422)
    expect(edit.body).toContain('more than two decimal places')
    const changed = await s.finance.submit(`${allocUrl}/edit`, allocUrl, {
      recipientId: s.police.id,
      amount: '300',
      paysFor: '',
      profile: ['100', '100', '50', '50'],
    })
    expect(changed.statusCode, changed.body).toBe(302)
    expect((await s.services.money.getAllocation(system, s.pid, alloc.id)).amountPence).toBe(30000)

    // The stream cannot be archived while it has allocations: said on the page, not a 5xx.
    const refused = await s.finance.submit(streamUrl, `${streamUrl}/archive`, {})
    expect(refused.statusCode).toBe(409)
    expect(refused.body).toContain('archive them before the stream')

    const board = await s.as(s.users.board_member!)
    const page = await board.get(streamUrl)
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('data-qa="allocate"')
    expect(page.body).not.toContain('data-qa="budget-form"')
    const allocPage = await board.get(allocUrl)
    expect(allocPage.body).not.toContain('data-qa="release"')
    expect((await board.submit(allocUrl, `${allocUrl}/release`, {})).statusCode).toBe(403)
    expect((await board.get(`${s.money}/streams/new`)).statusCode).toBe(403)

    const archived = await s.finance.submit(allocUrl, `${allocUrl}/archive`, {})
    expect(archived.statusCode).toBe(302)
    const gone = await s.finance.submit(streamUrl, `${streamUrl}/archive`, {})
    expect(gone.statusCode).toBe(302)
    expect(await s.services.money.listStreams(system, s.pid)).toHaveLength(0)
  })
})
