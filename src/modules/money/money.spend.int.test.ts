import { expect, it } from 'vitest'
import { describeIntegration, system } from '../../../test/helpers/app.ts'
import { moneySetup } from './money.spend.fixtures.ts'

const Q2 = '2008/09 Q2'
const day = (offset: number) => new Date(Date.now() + offset * 864e5).toISOString().slice(0, 10)
/** A round's window open today. */
const openWindow = () => ({ opensOn: day(-7), dueOn: day(14) })

describeIntegration('money: quarterly spend returns', (t) => {
  const setup = () => moneySetup(t())

  /** How a promise fails: the error's id, status and fields. */
  const failure = async (p: Promise<unknown>) => {
    try {
      await p
    } catch (e) {
      const err = e as { id?: string; status?: number; fields?: Record<string, string>; message: string }
      return { id: err.id, status: err.status, fields: err.fields ?? {}, message: err.message }
    }
    throw new Error('expected a refusal')
  }

  const auditOf = async (s: Awaited<ReturnType<typeof setup>>) =>
    (await s.services.audit.list(system, s.pid, { entityType: 'spend_return', limit: 50, offset: 0 })).rows

  it('saves a draft, submits and approves it, each a new version linked to the quarter’s round', async () => {
    const s = await setup()
    // Open today: a recipient returns spend while the quarter's round is open.
    const round = await s.services.rounds.create(system, s.pid, { period: Q2, ...openWindow() })
    const draft = await s.money.saveSpend(s.provider, s.pid, {
      streamId: s.stream.id,
      recipientId: s.signed.id,
      period: '2008/09 q2',
      actual: '£20,100.50',
      forecast: '40000',
    })
    expect(draft).toMatchObject({
      period: Q2,
      status: 'draft',
      actualPence: 2_010_050,
      forecastPence: 4_000_000,
      roundId: round.id,
    })
    const submitted = await s.money.submitSpend(s.provider, s.pid, draft.id)
    const approved = await s.money.approveSpend(s.finance, s.pid, submitted.id) // not who submitted it
    expect(approved.status).toBe('approved')
    const view = await s.money.getSpend(s.board, s.pid, approved.id)
    expect(view.history.map((h) => [h.status, h.supersededAt === null])).toEqual([
      ['draft', false],
      ['submitted', false],
      ['approved', true],
    ])
    // £20,100.50 against £20,000 profiled to Q2: 0.50%, within amber.
    expect(view).toMatchObject({ budgetPence: 4_000_000, profiledPence: 2_000_000, recipient: s.signed.name })
    expect(view.variance).toMatchObject({ variancePence: 10_050, variancePercent: '0.50', rag: 'green' })
    expect((await auditOf(s)).map((r) => r.event.action).sort()).toEqual(['approve', 'create', 'submit'])
    // Approved: the provider may no longer change it; the stale draft id is a conflict.
    expect(
      await failure(
        s.money.saveSpend(s.provider, s.pid, {
          streamId: s.stream.id,
          recipientId: s.signed.id,
          period: Q2,
          actual: '1',
        }),
      ),
    ).toMatchObject({ status: 409 })
    expect(await failure(s.money.submitSpend(s.provider, s.pid, draft.id))).toMatchObject({ status: 409 })
  })

  it('needs an explanation for a variance beyond amber, and writes nothing without one', async () => {
    const s = await setup()
    const input = { streamId: s.stream.id, recipientId: s.signed.id, period: Q2, actual: '21000' }
    // £21,000 against £20,000 profiled: 5%, beyond the default amber of 2%.
    const refused = await failure(s.money.saveSpend(s.provider, s.pid, input))
    expect(refused).toMatchObject({ status: 422 })
    expect(refused.fields.explanation).toMatch(/5\.00% over the profiled budget of £20,000\.00/)
    expect(await s.money.listSpend(s.board, s.pid, {})).toEqual([])
    expect(await auditOf(s)).toEqual([])
    const saved = await s.money.saveSpend(s.provider, s.pid, {
      ...input,
      explanation: 'Two extra youth workers started in August',
    })
    const [view] = await s.money.listSpend(s.board, s.pid, { period: Q2 })
    expect(view!.variance).toMatchObject({ variancePence: 100_000, variancePercent: '5.00', rag: 'amber' })
    expect(view!.id).toBe(saved.id)
    // A forecast beyond red also needs explaining, even when spend to date is on profile.
    const forecast = await failure(
      s.money.saveSpend(s.provider, s.pid, { ...input, actual: '20000', forecast: '43000' }),
    )
    expect(forecast.fields.explanation).toMatch(
      /forecast outturn is 7\.50% over the year’s budget of £40,000\.00/,
    )
  })

  it('refuses bad input naming each field, and a quarter of a year the stream has no budget for', async () => {
    const s = await setup()
    const bad = await failure(
      s.money.saveSpend(s.provider, s.pid, {
        streamId: 'nope',
        recipientId: s.signed.id,
        period: '2008/09 Q5',
        actual: '12.345',
        forecast: '-3',
      }),
    )
    expect(bad).toMatchObject({ status: 422 })
    expect(Object.keys(bad.fields).sort()).toEqual(['actual', 'forecast', 'period', 'streamId'])
    expect(bad.fields.actual).toMatch(/two decimal places/)
    const year = await failure(
      s.money.saveSpend(s.finance, s.pid, {
        streamId: s.stream.id,
        recipientId: s.signed.id,
        period: '2009/10 Q1',
        actual: '10',
      }),
    )
    expect(year.fields.period).toMatch(/no budget for 2009\/10/)
    const month = await failure(
      s.money.saveSpend(s.finance, s.pid, {
        streamId: s.stream.id,
        recipientId: s.signed.id,
        period: '2008-07',
        actual: '10',
      }),
    )
    expect(month.fields.period).toMatch(/not a quarter/)
    const stranger = await failure(
      s.money.saveSpend(s.finance, s.pid, {
        streamId: s.stream.id,
        recipientId: '00000000-0000-4000-8000-000000000000',
        period: Q2,
        actual: '10',
      }),
    )
    expect(stranger.fields).toHaveProperty('recipientId')
    expect(await s.money.listSpend(s.board, s.pid, {})).toEqual([])
    expect(await auditOf(s)).toEqual([])
  })

  it('refuses spend for a recipient that has not signed the current protocol, and writes nothing', async () => {
    const s = await setup()
    const input = { streamId: s.stream.id, recipientId: s.unsigned.id, period: Q2, actual: '5000' }
    const refused = await failure(s.money.saveSpend(s.finance, s.pid, input))
    expect(refused).toMatchObject({ id: 'protocol_not_signed', status: 422 })
    expect(refused.fields.recipientId).toMatch(/has not signed the financial protocol \(version 1\)/)
    // A new version of the protocol: the recipient that signed version 1 must sign again.
    await s.money.publishProtocol(s.finance, s.pid, { text: 'Version 2' })
    const resign = await failure(s.money.saveSpend(s.finance, s.pid, { ...input, recipientId: s.signed.id }))
    expect(resign.fields.recipientId).toMatch(/version 2/)
    expect(await s.money.listSpend(s.board, s.pid, {})).toEqual([])
    await s.money.signProtocol(s.finance, s.pid, {
      organisationId: s.unsigned.id,
      signedByName: 'Sam Signer',
    })
    expect((await s.money.saveSpend(s.finance, s.pid, input)).status).toBe('draft')
  })

  it('lets a data provider enter only its own organisation’s spend; finance officers approve and return', async () => {
    const s = await setup()
    const other = await failure(
      s.money.saveSpend(s.provider, s.pid, {
        streamId: s.stream.id,
        recipientId: s.unsigned.id,
        period: Q2,
        actual: '5000',
      }),
    )
    expect(other).toMatchObject({ status: 403 })
    const row = await s.money.saveSpend(
      s.provider,
      s.pid,
      { streamId: s.stream.id, recipientId: s.signed.id, period: Q2, actual: '20000' },
      { submit: true },
    )
    expect(row.status).toBe('submitted')
    expect(await failure(s.money.approveSpend(s.provider, s.pid, row.id))).toMatchObject({ status: 403 })
    expect(await failure(s.money.approveSpend(s.board, s.pid, row.id))).toMatchObject({ status: 403 })
    expect(await failure(s.money.returnSpend(s.finance, s.pid, row.id, { reason: ' ' }))).toMatchObject({
      status: 422,
      fields: { reason: expect.any(String) },
    })
    const returned = await s.money.returnSpend(s.finance, s.pid, row.id, {
      reason: 'Include the August invoices',
    })
    expect(returned).toMatchObject({ status: 'returned', statusReason: 'Include the August invoices' })
    const again = await s.money.saveSpend(s.provider, s.pid, {
      streamId: s.stream.id,
      recipientId: s.signed.id,
      period: Q2,
      actual: '20100',
    })
    expect((await s.money.submitSpend(s.provider, s.pid, again.id)).status).toBe('submitted')
  })

  it('records the decision on a variance with the lead officer, and the overspend responsibility', async () => {
    const s = await setup()
    const row = await s.money.saveSpend(
      s.finance,
      s.pid,
      {
        streamId: s.stream.id,
        recipientId: s.signed.id,
        period: Q2,
        actual: '23000',
        explanation: 'Capital works brought forward',
      },
      { submit: true },
    )
    expect((await s.money.listSpend(s.board, s.pid, {}))[0]!.variance.rag).toBe('red')
    const bad = await failure(s.money.decideVariance(s.finance, s.pid, row.id, { decision: 'Accepted' }))
    expect(bad.fields).toHaveProperty('decidedWith')
    expect(await failure(s.money.decideVariance(s.board, s.pid, row.id, {}))).toMatchObject({ status: 403 })
    const decided = await s.money.decideVariance(s.finance, s.pid, row.id, {
      decision: 'Accept the overspend; reprofile Q3 and Q4',
      decidedWith: 'Director of Children’s Services',
      overspendResponsibility: 'Youth Offending Service meets any overspend at year end',
    })
    expect(decided).toMatchObject({
      status: 'submitted',
      decision: 'Accept the overspend; reprofile Q3 and Q4',
      decidedWith: 'Director of Children’s Services',
      overspendResponsibility: 'Youth Offending Service meets any overspend at year end',
    })
    expect(decided.decidedAt).toBeInstanceOf(Date)
    // New figures need a new decision; the explanation stays the recipient's.
    const changed = await s.money.saveSpend(s.finance, s.pid, {
      streamId: s.stream.id,
      recipientId: s.signed.id,
      period: Q2,
      actual: '23500',
      explanation: 'Capital works brought forward',
    })
    expect(changed).toMatchObject({ decision: null, decidedWith: null, overspendResponsibility: null })
    expect((await auditOf(s)).map((r) => r.event.action).sort()).toEqual(['create', 'decide', 'update'])
  })

  it('keeps the partnership’s thresholds: amber at most red, both at least 0', async () => {
    const s = await setup()
    expect(await s.money.thresholds(s.board, s.pid)).toEqual({ amberPercent: '2', redPercent: '5' })
    const bad = await failure(s.money.setThresholds(s.finance, s.pid, { amberPercent: '6', redPercent: '5' }))
    expect(bad.fields).toHaveProperty('redPercent')
    const negative = await failure(
      s.money.setThresholds(s.finance, s.pid, { amberPercent: '-1', redPercent: '5' }),
    )
    expect(negative.fields).toHaveProperty('amberPercent')
    expect(
      await failure(s.money.setThresholds(s.board, s.pid, { amberPercent: '1', redPercent: '2' })),
    ).toMatchObject({ status: 403 })
    expect(await s.money.thresholds(s.board, s.pid)).toEqual({ amberPercent: '2', redPercent: '5' })
    expect(await s.money.setThresholds(s.finance, s.pid, { amberPercent: 5.5, redPercent: '10' })).toEqual({
      amberPercent: '5.5',
      redPercent: '10',
    })
    // 5% over profile is now within amber: no explanation needed.
    const row = await s.money.saveSpend(s.finance, s.pid, {
      streamId: s.stream.id,
      recipientId: s.signed.id,
      period: Q2,
      actual: '21000',
    })
    expect(row.explanation).toBeNull()
  })

  it('shows a round’s completeness: which recipients with allocations have no return', async () => {
    const s = await setup()
    // Open today: a recipient returns spend while the quarter's round is open.
    const round = await s.services.rounds.create(system, s.pid, { period: Q2, ...openWindow() })
    await s.money.saveSpend(
      s.provider,
      s.pid,
      { streamId: s.stream.id, recipientId: s.signed.id, period: Q2, actual: '20000' },
      { submit: true },
    )
    const c = await s.money.spendCompleteness(s.board, s.pid, round.id)
    expect(c).toMatchObject({
      expected: 2,
      received: 1,
      awaiting: 0,
      missing: 1,
      missingRecipients: [s.unsigned.name],
    })
    expect(c.rows.find((r) => r.recipientId === s.signed.id)).toMatchObject({ status: 'submitted' })
  })

  it('reads the Variance rows: a line per recipient, then the stream’s total', async () => {
    const s = await setup()
    await s.money.signProtocol(s.finance, s.pid, {
      organisationId: s.unsigned.id,
      signedByName: 'Sam Signer',
    })
    await s.money.saveSpend(
      s.finance,
      s.pid,
      {
        streamId: s.stream.id,
        recipientId: s.signed.id,
        period: '2008/09 Q1',
        actual: '10000',
        forecast: '40000',
      },
      { submit: true },
    )
    await s.money.saveSpend(
      s.finance,
      s.pid,
      {
        streamId: s.stream.id,
        recipientId: s.signed.id,
        period: Q2,
        actual: '19000',
        forecast: '39000',
        explanation: 'A vacancy since July',
      },
      { submit: true },
    )
    await s.money.saveSpend(s.finance, s.pid, {
      streamId: s.stream.id,
      recipientId: s.unsigned.id,
      period: Q2,
      actual: '5000',
    }) // a draft: not counted
    const rows = await s.money.varianceRows(s.board, s.pid, { year: '2008/09' })
    expect(rows.map((r) => [r.level, r.recipient])).toEqual([
      ['recipient', s.unsigned.name],
      ['recipient', s.signed.name],
      ['stream', null],
    ])
    expect(rows[1]).toMatchObject({
      period: Q2,
      allocatedPence: 4_000_000,
      profiledToDatePence: 2_000_000,
      actualToDatePence: 1_900_000,
      forecastPence: 3_900_000,
      variancePence: -100_000,
      variancePercent: '-5.00',
      rag: 'amber',
      explanation: 'A vacancy since July',
    })
    expect(rows[0]).toMatchObject({ allocatedPence: 1_000_000, actualToDatePence: null, variancePence: null })
    expect(rows[2]).toMatchObject({
      budgetPence: 10_000_000,
      allocatedPence: 5_000_000,
      unallocatedPence: 5_000_000,
      actualToDatePence: 1_900_000,
      variancePence: -100_000,
    })
    const asAtQ1 = await s.money.varianceRows(s.board, s.pid, { year: '2008/09', period: '2008/09 Q1' })
    expect(asAtQ1[1]).toMatchObject({ period: '2008/09 Q1', variancePence: 0, rag: 'green' })
    const wrong = await failure(
      s.money.varianceRows(s.board, s.pid, { year: '2008/09', period: '2009/10 Q1' }),
    )
    expect(wrong.fields).toHaveProperty('period')
  })
})
