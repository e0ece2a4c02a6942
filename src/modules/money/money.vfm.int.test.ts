import { expect, it } from 'vitest'
import { describeIntegration } from '../../../test/helpers/app.ts'
import { buildAgreement, buildIndicator, buildTarget } from '../../../test/helpers/factories.ts'
import { buildOutcome, moneySetup } from './money.spend.fixtures.ts'

describeIntegration('money: value for money', (t) => {
  it('shows spend per target and per outcome beside status and trend, the parts adding up to the total', async () => {
    const s = await moneySetup(t())
    const outcome = await buildOutcome(t(), s.pid)
    const agreement = await buildAgreement(s.services, s.pid)
    const indicator = await buildIndicator(s.services, s.pid)
    const target = await buildTarget(s.services, s.pid, agreement.id, {
      indicatorCode: indicator.code,
      trajectory: [{ period: '2008/09 Q4', value: 10 }],
    })
    // The signed recipient has £40,000 paying for nothing linked (the set-up's); add £20,000 for
    // the target and £20,000 for the outcome, from the same stream and year.
    const forTarget = await s.money.createAllocation(s.finance, s.pid, {
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
    // £80,000 to the signed recipient: £40,000 profiled to Q2; £40,000.01 spent, approved.
    const row = await s.money.saveSpend(
      s.finance,
      s.pid,
      { streamId: s.stream.id, recipientId: s.signed.id, period: '2008/09 Q2', actual: '40000.01' },
      { submit: true },
    )
    await s.money.approveSpend(s.admin, s.pid, row.id) // someone other than who submitted it
    const vfm = await s.money.valueForMoney(s.board, s.pid, { year: '2008/09' })
    const line = vfm.targets.find((l) => l.targetId === forTarget.targetId)!
    expect(line).toMatchObject({
      code: indicator.code,
      status: 'no-data',
      trend: 'n/a',
      allocatedPence: 2_000_000,
    })
    const out = vfm.outcomes.find((o) => o.outcomeKey === outcome.key)!
    expect(out).toMatchObject({
      ref: '1.1',
      allocatedPence: 2_000_000,
      direct: { allocatedPence: 2_000_000 },
    })
    // The actual is shared 2:1:1 over the three allocations, to the penny.
    expect(vfm.unlinked.allocatedPence).toBe(5_000_000) // £40,000 + the unsigned recipient's £10,000
    expect(vfm.total).toEqual({ allocatedPence: 9_000_000, actualPence: 4_000_001 })
    expect(
      line.actualPence + out.direct.actualPence + vfm.unlinked.actualPence + vfm.actions.actualPence,
    ).toBe(vfm.total.actualPence - vfm.unattributedPence)
    expect([line.actualPence, out.direct.actualPence].sort()).toEqual([1_000_000, 1_000_000])
    expect(vfm.unlinked.actualPence).toBe(2_000_001)
    const bad = await s.money
      .valueForMoney(s.board, s.pid, { year: '2008' })
      .catch((e: { fields?: object }) => e)
    expect(bad).toHaveProperty('fields.year')
  })
})
