import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { and, eq } from 'drizzle-orm'
import { auditEvents } from '../../db/schema/index.ts'
import type { Database } from '../../db/client.ts'
import { NEW_PASSWORD, setPassword } from './sign-in-links.fixtures.ts'

/** The account's audit rows for one action (account events belong to no partnership). */
const auditOf = (db: Database['db'], userId: string, action: string) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, userId), eq(auditEvents.action, action)))

describeIntegration('API tokens and password changes', (t) => {
  const tokenWorks = async (app: ReturnType<typeof t>['app'], secret: string) =>
    (await app.inject({ url: '/api/v1/partnerships', headers: bearer(secret) })).statusCode === 200

  it('changing one’s password revokes every API token of the account, audited', async () => {
    const { app, services } = t()
    const { users } = await seedPartnership(services, ['board_member', 'scrutiny'])
    const { email, password, token, userId } = users.board_member!
    const second = await services.auth.createToken(system, userId, 'second')
    expect(await tokenWorks(app, token)).toBe(true)

    const me = new Agent(app)
    await me.signIn(email, password)
    const changed = await me.submit('/account/password', '/account/password', {
      currentPassword: password,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    })
    expect(changed.statusCode).toBe(302)
    expect(await tokenWorks(app, token)).toBe(false)
    expect(await tokenWorks(app, second.secret)).toBe(false)
    expect((await services.auth.listTokens(userId)).every((r) => r.revokedAt !== null)).toBe(true)
    // Someone else's token is untouched.
    expect(await tokenWorks(app, users.scrutiny!.token)).toBe(true)
    // A token created afterwards works.
    const fresh = await services.auth.createToken(system, userId, 'after')
    expect(await tokenWorks(app, fresh.secret)).toBe(true)

    const [entry] = await auditOf(t().database.db, userId, 'change-password')
    expect(entry!.after).toMatchObject({ revokedTokens: 2 })
  })

  it('resetting the password with a link revokes the API tokens too', async () => {
    const { app, services } = t()
    const { users } = await seedPartnership(services, ['board_member'])
    const { email, token, userId } = users.board_member!
    const link = await services.signInLinks.createForEmail(system, email)
    const done = await setPassword(new Agent(app), new URL(link.url).searchParams.get('token')!, {
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    })
    expect(done.statusCode).toBe(302)
    expect(await tokenWorks(app, token)).toBe(false)
    const [entry] = await auditOf(t().database.db, userId, 'set-password')
    expect(entry!.after).toMatchObject({ revokedTokens: 1 })
  })
})
