import { describe, expect, it } from 'vitest'
import { createSignInThrottle } from './sign-in-throttle.ts'

describe('sign-in throttle per address', () => {
  it('blocks an address after the limit of failures within the window, whatever its case', () => {
    let t = 0
    const throttle = createSignInThrottle({ maxFailures: 3, windowMs: 1000, now: () => t })
    for (let i = 0; i < 3; i++) {
      expect(throttle.blocked('Ann@Example.org')).toBe(false)
      throttle.recordFailure(i % 2 ? 'ann@example.org' : ' ANN@example.org ')
    }
    expect(throttle.blocked('ann@example.org')).toBe(true)
    expect(throttle.blocked('bob@example.org')).toBe(false)
    t = 1001
    expect(throttle.blocked('ann@example.org')).toBe(false)
  })

  it('a success clears the count', () => {
    const throttle = createSignInThrottle({ maxFailures: 2 })
    throttle.recordFailure('a@example.org')
    throttle.reset('A@example.org')
    throttle.recordFailure('a@example.org')
    expect(throttle.blocked('a@example.org')).toBe(false)
  })
})
