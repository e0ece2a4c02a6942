import fc from 'fast-check'
import { expect, it } from 'vitest'
import { describeIntegration, unique } from '../../../test/helpers/app.ts'
import { buildOrganisation } from '../../../test/helpers/factories.ts'
import { poundsText, sumPence } from '../../lib/money.ts'
import { moneySetup } from './money.spend.fixtures.ts'

const amount = fc.integer({ min: 0, max: 100_000_000 }) // up to £1m, in pence

/** Four quarters adding up to the amount (an allocation's own profile), or null for even quarters. */
const withProfile = amount.chain((pence) =>
  fc.record({
    pence: fc.constant(pence),
    profile: fc.option(
      fc.tuple(fc.nat(pence), fc.nat(pence), fc.nat(pence)).map((cuts) => {
        const [a, b, c] = [...cuts].sort((x, y) => x - y) as [number, number, number]
        return [a, b - a, c - b, pence - c]
      }),
    ),
  }),
)

describeIntegration('money: the Variance rows reconcile (property)', (t) => {
  it('recipient lines add up to the stream’s total over random allocations and spend', async () => {
    const s = await moneySetup(t())
    const recipients = [s.signed]
    for (let i = 0; i < 2; i++) {
      const org = await buildOrganisation(s.services, s.pid, { name: unique('Recipient') })
      await s.money.signProtocol(s.finance, s.pid, { organisationId: org.id, signedByName: 'Signer' })
      recipients.push(org)
    }
    const scenario = fc.record({
      allocations: fc.array(fc.record({ to: fc.nat(2), money: withProfile }), { maxLength: 5 }),
      slack: amount,
      returns: fc.array(
        fc.record({
          to: fc.nat(2),
          quarter: fc.integer({ min: 1, max: 4 }),
          actual: amount,
          forecast: fc.option(amount),
        }),
        { maxLength: 4 },
      ),
    })
    await fc.assert(
      fc.asyncProperty(scenario, async (sc) => {
        const stream = await s.money.createStream(s.finance, s.pid, {
          ref: unique('P'),
          name: 'Property stream',
          source: 'Test',
          kind: 'grant',
          purpose: null,
        })
        const allocated = sumPence(sc.allocations.map((a) => a.money.pence))
        await s.money.setBudget(s.finance, s.pid, stream.id, {
          year: '2008/09',
          amount: poundsText(allocated + sc.slack),
        })
        for (const a of sc.allocations)
          await s.money.createAllocation(s.finance, s.pid, {
            streamId: stream.id,
            year: '2008/09',
            recipientId: recipients[a.to]!.id,
            amount: poundsText(a.money.pence),
            profile: a.money.profile?.map(poundsText) ?? null,
          })
        for (const r of sc.returns)
          await s.money.saveSpend(
            s.finance,
            s.pid,
            {
              streamId: stream.id,
              recipientId: recipients[r.to]!.id,
              period: `2008/09 Q${r.quarter}`,
              actual: poundsText(r.actual),
              forecast: r.forecast === null ? '' : poundsText(r.forecast),
              explanation: 'Explained',
            },
            { submit: true },
          )
        const rows = (await s.money.varianceRows(s.board, s.pid, { year: '2008/09' })).filter(
          (r) => r.streamId === stream.id,
        )
        const total = rows.find((r) => r.level === 'stream')!
        const lines = rows.filter((r) => r.level === 'recipient')
        expect(total.budgetPence).toBe(allocated + sc.slack)
        expect(total.allocatedPence).toBe(allocated)
        expect(total.allocatedPence + total.unallocatedPence!).toBe(total.budgetPence)
        expect(sumPence(lines.map((l) => l.allocatedPence))).toBe(total.allocatedPence)
        const withReturn = lines.filter((l) => l.returnId)
        if (withReturn.length === 0) {
          expect(total.actualToDatePence).toBeNull()
          return
        }
        expect(sumPence(withReturn.map((l) => l.actualToDatePence))).toBe(total.actualToDatePence)
        expect(sumPence(withReturn.map((l) => l.variancePence))).toBe(total.variancePence)
        expect(sumPence(withReturn.map((l) => l.profiledToDatePence))).toBe(
          total.actualToDatePence! - total.variancePence!,
        )
        expect(sumPence(withReturn.map((l) => l.forecastPence))).toBe(total.forecastPence ?? 0)
        // Each line: variance = actual to date − profiled to date, in whole pence.
        for (const l of withReturn) {
          expect(l.variancePence).toBe(l.actualToDatePence! - l.profiledToDatePence!)
          expect(Number.isSafeInteger(l.variancePence)).toBe(true)
        }
      }),
      { numRuns: 8 },
    )
  })
})
