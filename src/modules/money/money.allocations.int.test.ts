import { expect, it } from 'vitest'
import { describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import {
  buildAgreement,
  buildIndicator,
  buildOrganisation,
  buildTarget,
} from '../../../test/helpers/factories.ts'
import { actionInput, planCreate } from '../delivery/delivery.schema.ts'
import { moneyPartnership, refusal } from './money.fixtures.ts'

describeIntegration('money: allocations', (t) => {
  it('allocates within the budget and refuses more, naming amount, writing nothing', async () => {
    const s = t().services
    const m = await moneyPartnership(s)
    const st = await m.stream({ ref: 'BSC', budget: '1000' })
    const a = { streamId: st.id, year: '2008/09' }
    await s.money.createAllocation(system, m.pid, { ...a, recipientId: m.council.id, amount: '600' })
    await s.money.createAllocation(system, m.pid, { ...a, recipientId: m.police.id, amount: '399.99' })
    const over = await refusal(
      s.money.createAllocation(system, m.pid, { ...a, recipientId: m.police.id, amount: '0.02' }),
    )
    expect(over.status).toBe(422)
    expect(over.fields?.amount).toBe(
      `Only £0.01 of BSC’s 2008/09 budget of £1,000.00 is unallocated: £0.02 to ${m.police.name} is more`,
    )
    const three = await refusal(
      s.money.createAllocation(system, m.pid, { ...a, recipientId: m.police.id, amount: '0.001' }),
    )
    expect(three.fields?.amount).toMatch(/more than two decimal places/)
    const other = await seedPartnership(s)
    const theirs = await buildOrganisation(s, other.partnership.id)
    const foreign = await refusal(
      s.money.createAllocation(system, m.pid, { ...a, recipientId: theirs.id, amount: '0.01' }),
    )
    expect(foreign.fields).toEqual({
      recipientId: 'Choose the recipient from the partnership’s organisations',
    })
    const noBudget = await refusal(
      s.money.createAllocation(system, m.pid, {
        streamId: st.id,
        year: '2009/10',
        recipientId: m.police.id,
        amount: '1',
      }),
    )
    expect(noBudget.fields?.year).toBe('BSC has no budget for 2009/10: set the budget first')
    const view = await s.money.streamAllocations(system, m.pid, st.id, '2008/09')
    expect(view).toMatchObject({ budget: 100000, allocated: 99999, unallocated: 1, hasBudget: true })
    expect(view.allocations).toHaveLength(2)
    // Raising one over the budget is refused too; lowering it frees the money.
    const [first] = view.allocations.filter((x) => x.recipientId === m.council.id)
    const up = await refusal(
      s.money.updateAllocation(system, m.pid, first!.id, { recipientId: m.council.id, amount: '600.02' }),
    )
    expect(up.fields?.amount).toMatch(/^Only £600\.01 of BSC’s/)
    await s.money.updateAllocation(system, m.pid, first!.id, { recipientId: m.council.id, amount: '500' })
    expect((await s.money.streamAllocations(system, m.pid, st.id, '2008/09')).unallocated).toBe(10001)
  })

  it('passes money on: onward allocations never exceed what the recipient was allocated', async () => {
    const s = t().services
    const m = await moneyPartnership(s)
    const st = await m.stream({ budget: '1000' })
    const vcs = await buildOrganisation(s, m.pid, { name: 'Voluntary Action', type: 'vcs' })
    const first = await s.money.createAllocation(system, m.pid, {
      streamId: st.id,
      year: '2008/09',
      recipientId: m.council.id,
      amount: '500',
    })
    const onward = await s.money.createAllocation(system, m.pid, {
      parentAllocationId: first.id,
      recipientId: vcs.id,
      amount: '300',
    })
    expect(onward).toMatchObject({ streamId: st.id, year: '2008/09', parentAllocationId: first.id })
    const over = await refusal(
      s.money.createAllocation(system, m.pid, {
        parentAllocationId: first.id,
        recipientId: m.police.id,
        amount: '200.01',
      }),
    )
    expect(over.fields?.amount).toBe(
      'Only £200.00 of the £500.00 allocated is left to pass on: £200.01 is more',
    )
    const wrongYear = await refusal(
      s.money.createAllocation(system, m.pid, {
        parentAllocationId: first.id,
        year: '2009/10',
        recipientId: vcs.id,
        amount: '1',
      }),
    )
    expect(wrongYear.fields?.year).toMatch(/the year of the allocation it is passed on from \(2008\/09\)/)
    const shrink = await refusal(
      s.money.updateAllocation(system, m.pid, first.id, { recipientId: m.council.id, amount: '299.99' }),
    )
    expect(shrink.fields?.amount).toBe(
      '£300.00 of it is already passed on to other bodies: the amount cannot be less',
    )
    expect((await refusal(s.money.archiveAllocation(system, m.pid, first.id))).status).toBe(409)
    // Onward money is part of the first-level allocation: the stream counts it once.
    const view = await s.money.streamAllocations(system, m.pid, st.id, '2008/09')
    expect(view).toMatchObject({ allocated: 50000, unallocated: 50000 })
    expect(
      view.allocations.map((x) => [x.recipientName, x.retained, x.onward.map((o) => o.recipientName)]),
    ).toEqual([[m.council.name, 20000, ['Voluntary Action']]])
    const by = await s.money.allocationsByRecipient(system, m.pid, { year: '2008/09' })
    expect(by.totals).toEqual({ allocated: 50000, passedOn: 30000, onwardReceived: 30000 })
    const council = by.recipients.find((r) => r.recipientId === m.council.id)!
    expect(council).toMatchObject({ allocated: 50000, passedOn: 30000, retained: 20000, onwardReceived: 0 })
  })

  it('pays for a target, an outcome or an action of the partnership, checked; shows what pays for nothing', async () => {
    const s = t().services
    const m = await moneyPartnership(s)
    const version = await s.strategy.startVersion(system, m.pid, { title: 'SCS' })
    const theme = await s.strategyNodes.createNode(system, m.pid, version.number, {
      kind: 'theme',
      title: 'Safer communities',
      tagIds: [],
    })
    const agreement = await buildAgreement(s, m.pid)
    const ind = await buildIndicator(s, m.pid, { title: 'Re-offending' })
    const target = await buildTarget(s, m.pid, agreement.id, {
      indicatorCode: ind.code,
      trajectory: [{ period: '2008/09', value: 10 }],
    })
    const plan = await s.delivery.create(
      system,
      m.pid,
      planCreate.parse({ targetId: target.target.id, title: 'Plan' }),
    )
    const action = await s.delivery.createAction(
      system,
      m.pid,
      plan.id,
      actionInput.parse({ ref: 'A-1', title: 'Mentoring', dueOn: '2009-03-31' }),
    )
    const st = await m.stream({ budget: '100' })
    const make = (paysFor: string | null) =>
      s.money.createAllocation(system, m.pid, {
        streamId: st.id,
        year: '2008/09',
        recipientId: m.council.id,
        amount: '1',
        paysFor,
      })
    const toTarget = await make(`target:${target.target.id}`)
    const toOutcome = await make(`outcome:${theme.key}`)
    const toAction = await make(`action:${action.id}`)
    const toNothing = await make(null)
    expect(toTarget.targetId).toBe(target.target.id)
    expect(toOutcome.outcomeKey).toBe(theme.key)
    expect(toAction.actionId).toBe(action.id)
    const other = await seedPartnership(s)
    const otherAgreement = await buildAgreement(s, other.partnership.id)
    const otherInd = await buildIndicator(s, other.partnership.id)
    const theirs = await buildTarget(s, other.partnership.id, otherAgreement.id, {
      indicatorCode: otherInd.code,
      trajectory: [{ period: '2008/09', value: 1 }],
    })
    for (const bad of [
      `target:${theirs.target.id}`,
      `outcome:${theirs.target.id}`,
      `action:${theirs.target.id}`,
    ]) {
      const e = await refusal(make(bad))
      expect(Object.keys(e.fields ?? {})).toEqual(['paysFor'])
    }
    const unlinked = await s.money.unlinkedAllocations(system, m.pid)
    expect(unlinked.map((u) => u.id)).toEqual([toNothing.id])
    const all = await s.money.listAllocations(system, m.pid, { streamId: st.id })
    expect(all.map((x) => x.paysFor?.kind ?? null).sort()).toEqual(
      ['action', 'outcome', 'target', null].sort(),
    )
    expect(all.find((x) => x.id === toAction.id)?.paysFor?.label).toBe('Action A-1 Mentoring')
    // An onward allocation with nothing of its own pays for what its first-level allocation pays for.
    const onward = await s.money.createAllocation(system, m.pid, {
      parentAllocationId: toTarget.id,
      recipientId: m.police.id,
      amount: '0.50',
    })
    const got = await s.money.getAllocation(system, m.pid, onward.id)
    expect(got).toMatchObject({ inheritedPaysFor: true, paysFor: { kind: 'target', id: target.target.id } })
    expect((await s.money.unlinkedAllocations(system, m.pid)).map((u) => u.id)).toEqual([toNothing.id])
  })

  it('checks a quarterly profile adds up to the amount', async () => {
    const s = t().services
    const m = await moneyPartnership(s)
    const st = await m.stream({ budget: '100' })
    const base = { streamId: st.id, year: '2008/09', recipientId: m.council.id, amount: '100' }
    const bad = await refusal(
      s.money.createAllocation(system, m.pid, { ...base, profile: ['25', '25', '25', '24.99'] }),
    )
    expect(bad.fields?.profile).toBe('The quarters add up to £99.99, not the amount of £100.00')
    const three = await refusal(
      s.money.createAllocation(system, m.pid, { ...base, profile: ['25', '25', '50'] }),
    )
    expect(three.fields?.profile).toMatch(/four quarterly amounts/)
    const ok = await s.money.createAllocation(system, m.pid, { ...base, profile: ['10', '20', '30', '40'] })
    expect(ok.profile).toEqual([1000, 2000, 3000, 4000])
  })
})
