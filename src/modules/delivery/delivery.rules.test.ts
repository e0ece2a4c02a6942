import { describe, expect, it } from 'vitest'
import { effectiveStatus, findCycle, isLate } from './delivery.rules.ts'

describe('delivery rules', () => {
  it('derives late when the due date passes unfinished', () => {
    expect(isLate({ status: 'on-track', dueOn: '2008-03-31' }, '2008-04-01')).toBe(true)
    expect(isLate({ status: 'on-track', dueOn: '2008-03-31' }, '2008-03-31')).toBe(false)
    expect(isLate({ status: 'complete', dueOn: '2008-03-31' }, '2009-01-01')).toBe(false)
    expect(isLate({ status: 'cancelled', dueOn: '2008-03-31' }, '2009-01-01')).toBe(false)
    expect(isLate({ status: 'late', dueOn: '2009-03-31' }, '2008-01-01')).toBe(true)
    expect(effectiveStatus({ status: 'at-risk', dueOn: '2008-03-31' }, '2008-04-01')).toBe('late')
    expect(effectiveStatus({ status: 'at-risk', dueOn: '2008-03-31' }, '2008-03-01')).toBe('at-risk')
  })

  it('finds a dependency cycle and its path', () => {
    const edges = [
      { actionId: 'b', dependsOnId: 'c' },
      { actionId: 'c', dependsOnId: 'a' },
    ]
    expect(findCycle('a', ['b'], edges)).toEqual(['a', 'b', 'c', 'a'])
    expect(findCycle('a', ['a'], [])).toEqual(['a', 'a'])
    expect(findCycle('a', ['c'], [{ actionId: 'c', dependsOnId: 'd' }])).toBeNull()
    // The action's own old edges are replaced, not added to.
    expect(findCycle('c', ['d'], edges)).toBeNull()
    // A diamond is not a cycle.
    expect(
      findCycle(
        'a',
        ['b', 'c'],
        [
          { actionId: 'b', dependsOnId: 'd' },
          { actionId: 'c', dependsOnId: 'd' },
        ],
      ),
    ).toBeNull()
  })
})
