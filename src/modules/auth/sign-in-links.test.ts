import { describe, expect, it } from 'vitest'
import { redactUrl } from '../../app.ts'
import { ukWhen } from './sign-in-links.service.ts'

describe('sign-in links', () => {
  it('keeps tokens out of logged URLs', () => {
    expect(redactUrl('/set-password?token=abcDEF_123-x')).toBe('/set-password?token=[redacted]')
    expect(redactUrl('/x?a=1&token=secret&b=2')).toBe('/x?a=1&token=[redacted]&b=2')
    expect(redactUrl('/p/slug/users?q=token')).toBe('/p/slug/users?q=token')
  })

  it('says when a link expires in UK time', () => {
    expect(ukWhen(new Date('2026-07-01T13:30:00Z'))).toBe('1 July 2026 at 14:30')
    expect(ukWhen(new Date('2026-01-05T09:05:00Z'))).toBe('5 January 2026 at 09:05')
  })
})
