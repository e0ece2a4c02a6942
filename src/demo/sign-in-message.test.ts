import { describe, expect, it } from 'vitest'
import { demoPasswordText, demoSignInLines } from './sign-in-message.ts'

describe('demo sign-in message', () => {
  const r = { email: 'admin@example.org', password: 'secret-from-env-1' }

  it('never prints a password taken from the environment', () => {
    const text = demoSignInLines(3000, { ...r, generated: false }).join('\n')
    expect(text).not.toContain('secret-from-env-1')
    expect(text).toContain('password: the one in GOLDTHREAD_DEMO_PASSWORD')
    expect(text).toContain('admin@example.org')
    expect(demoPasswordText({ ...r, generated: false })).not.toContain('secret')
  })

  it('prints a generated password, since nobody else knows it', () => {
    const text = demoSignInLines(3000, { ...r, generated: true }).join('\n')
    expect(text).toContain('password: secret-from-env-1   (generated; set GOLDTHREAD_DEMO_PASSWORD')
    expect(text).toContain('http://localhost:3000/sign-in')
  })
})
