import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { recipientTotals, streamYears, unpassed, type AllocationFact } from './money.reconcile.ts'

const streams = ['s1', 's2', 's3']
const years = ['2008/09', '2009/10']
const recipients = ['r1', 'r2', 'r3', 'r4']
const pence = fc.integer({ min: 0, max: 1_000_000_000_00 })

/** Random budgets, and allocations some of which are passed on from an earlier one. */
const world = fc
  .record({
    budgets: fc.uniqueArray(
      fc.record({
        streamId: fc.constantFrom(...streams),
        year: fc.constantFrom(...years),
        amountPence: pence,
      }),
      { selector: (b) => `${b.streamId}|${b.year}`, maxLength: 6 },
    ),
    allocations: fc.array(
      fc.record({
        streamId: fc.constantFrom(...streams),
        year: fc.constantFrom(...years),
        recipientId: fc.constantFrom(...recipients),
        amountPence: pence,
        parent: fc.option(fc.nat(), { nil: null }),
      }),
      { maxLength: 30 },
    ),
  })
  .map(({ budgets, allocations }) => {
    const facts: AllocationFact[] = []
    allocations.forEach((a, i) => {
      const parent = a.parent !== null && facts.length ? facts[a.parent % facts.length]! : null
      facts.push({
        id: `a${i}`,
        streamId: parent?.streamId ?? a.streamId,
        year: parent?.year ?? a.year,
        recipientId: a.recipientId,
        amountPence: a.amountPence,
        parentAllocationId: parent?.id ?? null,
      })
    })
    return { budgets: budgets, allocations: facts }
  })

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0)

describe('the money reconciles, in whole pence', () => {
  it('budget = allocated + unallocated for every stream-year; recipients add up to the streams', () => {
    fc.assert(
      fc.property(world, ({ budgets, allocations }) => {
        const rows = streamYears(budgets, allocations)
        for (const r of rows) {
          expect(r.budget).toBe(r.allocated + r.unallocated)
          expect(Number.isSafeInteger(r.unallocated)).toBe(true)
          const b = budgets.find((x) => x.streamId === r.streamId && x.year === r.year)
          expect(r.budget).toBe(b?.amountPence ?? 0)
          expect(r.hasBudget).toBe(!!b)
        }
        const firstLevel = allocations.filter((a) => !a.parentAllocationId)
        const onward = allocations.filter((a) => a.parentAllocationId)
        const totals = recipientTotals(allocations)
        expect(sum(totals.map((t) => t.allocated))).toBe(sum(rows.map((r) => r.allocated)))
        expect(sum(rows.map((r) => r.allocated))).toBe(sum(firstLevel.map((a) => a.amountPence)))
        expect(sum(totals.map((t) => t.passedOn))).toBe(sum(onward.map((a) => a.amountPence)))
        expect(sum(totals.map((t) => t.onwardReceived))).toBe(sum(totals.map((t) => t.passedOn)))
        for (const t of totals) expect(t.retained).toBe(t.allocated - t.passedOn)
        for (const a of allocations)
          expect(unpassed(a, allocations)).toBe(
            a.amountPence -
              sum(onward.filter((o) => o.parentAllocationId === a.id).map((o) => o.amountPence)),
          )
      }),
      { numRuns: 500 },
    )
  })

  it('lists a stream-year for every budget and every allocation, once', () => {
    const rows = streamYears(
      [{ streamId: 's1', year: '2009/10', amountPence: 5 }],
      [
        {
          id: 'a',
          streamId: 's2',
          year: '2008/09',
          recipientId: 'r',
          amountPence: 3,
          parentAllocationId: null,
        },
        {
          id: 'b',
          streamId: 's1',
          year: '2009/10',
          recipientId: 'r',
          amountPence: 2,
          parentAllocationId: null,
        },
        {
          id: 'c',
          streamId: 's1',
          year: '2009/10',
          recipientId: 'q',
          amountPence: 1,
          parentAllocationId: 'b',
        },
      ],
    )
    expect(rows).toEqual([
      { streamId: 's2', year: '2008/09', budget: 0, allocated: 3, unallocated: -3, hasBudget: false },
      { streamId: 's1', year: '2009/10', budget: 5, allocated: 2, unallocated: 3, hasBudget: true },
    ])
  })
})
