import { expect, it } from 'vitest'
import { Agent, describeIntegration, seedPartnership } from '../../../test/helpers/app.ts'
import { SIGN_IN_MAX_FAILURES } from './sign-in-throttle.ts'

describeIntegration('sign-in throttle per account', (t) => {
  it('refuses an address after repeated failures, with the same answer whether or not it has an account', async () => {
    const { app, services } = t()
    const { users } = await seedPartnership(services, ['admin', 'board_member'])
    const { email, password } = users.admin!
    const unknown = 'nobody-at-all@example.org'
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      // From many addresses as far as the per-address limit knows: the service is called directly.
      expect(await services.auth.verifyCredentials(email.toUpperCase(), `wrong-${i}`)).toBeUndefined()
      expect(await services.auth.verifyCredentials(unknown, `wrong-${i}`)).toBeUndefined()
    }
    const refuse = async (who: string, pw: string) => {
      const res = await new Agent(app).submit('/sign-in', '/sign-in', { email: who, password: pw })
      expect(res.statusCode).toBe(422)
      return res.body
        .replace(/name="_csrf" value="[^"]+"/g, '')
        .replace(/nonce="[^"]+"/g, '')
        .replace(who, '')
    }
    // The right password is refused now, with the usual message, the same as for no account.
    const known = await refuse(email, password)
    expect(known).toContain('The email address or password is wrong')
    expect(known).toBe(await refuse(unknown, password))
    // Other accounts are not affected.
    await new Agent(app).signIn(users.board_member!.email, users.board_member!.password)
  })
})
