import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { apportion } from './money.vfm.ts'

describe('apportioning spend over allocations', () => {
  it('shares in proportion, the leftover pence to the largest remainders', () => {
    expect(apportion(100, [1, 1, 1])).toEqual([34, 33, 33])
    expect(apportion(1000, [3000, 1000])).toEqual([750, 250])
    expect(apportion(5, [0, 0])).toEqual([2, 3])
    expect(apportion(7, [])).toEqual([])
  })

  it('the parts always add up to the total exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000_000 }),
        fc.array(fc.integer({ min: 0, max: 10_000_000_000_000 }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          const parts = apportion(total, weights)
          expect(parts.reduce((s, p) => s + p, 0)).toBe(total)
          expect(parts.every((p) => Number.isSafeInteger(p) && p >= 0)).toBe(true)
        },
      ),
    )
  })
})
