import fc from 'fast-check'
import { expect, it } from 'vitest'
import { describeIntegration, system } from '../../../test/helpers/app.ts'
import { buildOrganisation } from '../../../test/helpers/factories.ts'
import { isAppError } from '../../errors.ts'
import { poundsText } from '../../lib/money.ts'
import { moneyPartnership } from './money.fixtures.ts'

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0)

describeIntegration('money: property — allocations reconcile in the database', (t) => {
  it('for random streams, budgets and allocations: budget = allocated + unallocated, recipients = streams', async () => {
    const s = t().services
    const m = await moneyPartnership(s)
    const third = await buildOrganisation(s, m.pid)
    const recipients = [m.council.id, m.police.id, third.id]
    let run = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 5_000_000 }), { minLength: 1, maxLength: 3 }),
        fc.array(
          fc.record({
            stream: fc.nat(),
            recipient: fc.nat(),
            amount: fc.integer({ min: 0, max: 3_000_000 }),
            onwardOf: fc.option(fc.nat(), { nil: null }),
          }),
          { maxLength: 8 },
        ),
        async (budgets, attempts) => {
          // Each run in a year of its own, so the reads by year see only this run's money.
          const year = `${2100 + run}/${String((101 + run) % 100).padStart(2, '0')}`
          run++
          const streams: { id: string; budget: number }[] = []
          for (const b of budgets) {
            const st = await m.stream()
            await s.money.setBudget(system, m.pid, st.id, { year, amount: poundsText(b) })
            streams.push({ id: st.id, budget: b })
          }
          // A model of the rules: what each attempt should leave allocated.
          const left = new Map(streams.map((x) => [x.id, x.budget]))
          const made: { id: string; amount: number; left: number }[] = []
          for (const a of attempts) {
            const parent = a.onwardOf !== null && made.length ? made[a.onwardOf % made.length]! : null
            const stream = streams[a.stream % streams.length]!
            const fits = parent ? a.amount <= parent.left : a.amount <= left.get(stream.id)!
            try {
              const row = await s.money.createAllocation(system, m.pid, {
                ...(parent ? { parentAllocationId: parent.id } : { streamId: stream.id, year }),
                recipientId: recipients[a.recipient % recipients.length]!,
                amount: poundsText(a.amount),
              })
              expect(fits).toBe(true)
              if (parent) parent.left -= a.amount
              else {
                left.set(stream.id, left.get(stream.id)! - a.amount)
                made.push({ id: row.id, amount: a.amount, left: a.amount })
              }
            } catch (e) {
              if (!isAppError(e)) throw e
              expect(fits).toBe(false)
              expect(Object.keys(e.fields ?? {})).toEqual(['amount'])
            }
          }
          const tree = await s.money.streamTree(system, m.pid, { year })
          const mine = tree.filter((n) => streams.some((x) => x.id === n.id))
          expect(mine).toHaveLength(streams.length)
          for (const n of mine) {
            const y = n.years[0]!
            expect(y.budget).toBe(y.allocated + y.unallocated)
            expect(y.unallocated).toBe(left.get(n.id))
            expect(y.unallocated).toBeGreaterThanOrEqual(0)
          }
          const byRecipient = await s.money.allocationsByRecipient(system, m.pid, { year })
          const streamTotal = sum(mine.map((n) => n.years[0]!.allocated))
          expect(byRecipient.totals.allocated).toBe(streamTotal)
          expect(sum(byRecipient.recipients.map((r) => r.allocated))).toBe(streamTotal)
          expect(byRecipient.totals.passedOn).toBe(byRecipient.totals.onwardReceived)
          for (const r of byRecipient.recipients) expect(r.retained).toBeGreaterThanOrEqual(0)
        },
      ),
      { numRuns: 25 },
    )
  }, 240_000)
})
