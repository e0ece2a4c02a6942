import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership } from '../../../test/helpers/app.ts'
import { apiTokens, sessions } from '../../db/schema/index.ts'
import { sha256 } from './auth.service.ts'

/** The session id inside the signed `goldthread.sid` cookie (`<id>.<signature>`). */
const sessionIdOf = (cookieValue: string) => decodeURIComponent(cookieValue).split('.')[0]!

interface Cookie {
  name: string
  value: string
  httpOnly?: boolean
  sameSite?: string
  path?: string
  expires?: Date
}

const sidCookie = (res: { cookies: unknown[] }) =>
  (res.cookies as Cookie[]).find((c) => c.name === 'goldthread.sid')

/** The page without what differs per request (CSRF token, CSP nonce). */
const stable = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, '').replace(/nonce="[^"]+"/g, '')

describeIntegration('authentication', (t) => {
  it('signs in with a new session id, stored in the sessions table only as a hash', async () => {
    const { app, services } = t()
    const { users, slug } = await seedPartnership(services, ['admin'])
    const agent = new Agent(app)
    // No session before sign-in (the CSRF secret is in its own cookie), so none to fix.
    const form = await agent.get('/sign-in')
    expect(sidCookie(form)).toBeUndefined()

    const res = await agent.signIn(users.admin!.email, users.admin!.password)
    expect(res.headers.location).toBe('/')
    const after = sidCookie(res)!
    expect(after.httpOnly).toBe(true)
    expect(after.sameSite).toBe('Lax')
    expect(after.path).toBe('/')

    const rows = await t().database.db.select().from(sessions)
    const ids = rows.map((r) => r.id)
    const sid = sessionIdOf(after.value)
    expect(ids).toContain(sha256(sid))
    expect(ids).not.toContain(sid)
    expect(ids).not.toContain(after.value)
    const row = rows.find((r) => r.id === sha256(sid))!
    expect(row.userId).toBe(users.admin!.userId)

    expect((await agent.get(`/p/${slug}`)).statusCode).toBe(200)
  })

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const { app, services } = t()
    const { users } = await seedPartnership(services, ['admin'])
    const agent = new Agent(app)
    const wrong = await agent.submit('/sign-in', '/sign-in', {
      email: users.admin!.email,
      password: 'not-the-password',
    })
    const unknown = await agent.submit('/sign-in', '/sign-in', {
      email: 'nobody@example.org',
      password: 'not-the-password',
    })
    expect(wrong.statusCode).toBe(422)
    expect(unknown.statusCode).toBe(422)
    expect(wrong.body).toContain('The email address or password is wrong')
    const summary = (html: string) => /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0]
    expect(summary(stable(wrong.body))).toBe(summary(stable(unknown.body)))
    expect(summary(wrong.body)).toBeDefined()
    // Still signed out.
    expect((await agent.get('/account')).statusCode).toBe(302)
  })

  it('returns to the page that asked for sign-in, but only on this site', async () => {
    const { app, services } = t()
    const { users, slug } = await seedPartnership(services, ['admin'])
    const agent = new Agent(app)
    const asked = await agent.get(`/p/${slug}/organisations`)
    expect(asked.statusCode).toBe(302)
    expect(asked.headers.location).toBe('/sign-in')
    const res = await agent.signIn(users.admin!.email, users.admin!.password)
    expect(res.headers.location).toBe(`/p/${slug}/organisations`)
  })

  it('signs out by destroying the session', async () => {
    const { app, services } = t()
    const { users } = await seedPartnership(services, ['admin'])
    const agent = new Agent(app)
    const signedIn = await agent.signIn(users.admin!.email, users.admin!.password)
    const sid = sessionIdOf(sidCookie(signedIn)!.value)
    const out = await agent.submit('/account', '/sign-out', {})
    expect(out.statusCode).toBe(302)
    expect(out.headers.location).toBe('/sign-in')
    const cleared = sidCookie(out)!
    expect(cleared.value).toBe('')
    expect(new Date(cleared.expires!).getTime()).toBeLessThan(Date.now())
    const rows = await t()
      .database.db.select()
      .from(sessions)
      .where(eq(sessions.id, sha256(sid)))
    expect(rows).toEqual([])
    const replay = await app.inject({
      url: '/account',
      cookies: { 'goldthread.sid': sidCookie(signedIn)!.value },
    })
    expect(replay.statusCode).toBe(302)
  })

  it('refuses a form post without a CSRF token', async () => {
    const { services, app } = t()
    const { users } = await seedPartnership(services, ['admin'])
    const agent = new Agent(app)
    await agent.signIn(users.admin!.email, users.admin!.password)
    const res = await agent.request({
      method: 'POST',
      url: '/account/tokens',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=sneaky',
    })
    expect(res.statusCode).toBe(403)
    expect(res.body).toContain('The form has expired')
    const wrongToken = await agent.request({
      method: 'POST',
      url: '/account/tokens',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=sneaky&_csrf=forged',
    })
    expect(wrongToken.statusCode).toBe(403)
    expect(await services.auth.listTokens(users.admin!.userId)).toHaveLength(1)
  })

  it('changes the password: field errors first, then other sessions are signed out', async () => {
    const { app, services } = t()
    const { users } = await seedPartnership(services, ['admin'])
    const { email, password } = users.admin!
    const here = new Agent(app)
    const elsewhere = new Agent(app)
    await here.signIn(email, password)
    await elsewhere.signIn(email, password)
    const change = (fields: Record<string, string>) =>
      here.submit('/account/password', '/account/password', fields)

    const wrong = await change({
      currentPassword: 'nope-nope-nope',
      newPassword: 'a-brand-new-password',
      confirmPassword: 'a-brand-new-password',
    })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('href="#currentPassword"')
    expect(wrong.body).toContain('Your current password is wrong')

    const short = await change({ currentPassword: password, newPassword: 'short', confirmPassword: 'short' })
    expect(short.statusCode).toBe(422)
    expect(short.body).toContain('href="#newPassword"')
    expect(short.body).toContain('Password must be 10 characters or more')

    const mismatch = await change({
      currentPassword: password,
      newPassword: 'a-brand-new-password',
      confirmPassword: 'a-different-password',
    })
    expect(mismatch.statusCode).toBe(422)
    expect(mismatch.body).toContain('href="#confirmPassword"')
    expect(mismatch.body).toContain('Passwords do not match')

    const empty = await change({ currentPassword: '', newPassword: '', confirmPassword: '' })
    expect(empty.statusCode).toBe(422)
    for (const f of ['currentPassword', 'newPassword', 'confirmPassword'])
      expect(empty.body).toContain(`href="#${f}"`)

    const ok = await change({
      currentPassword: password,
      newPassword: 'a-brand-new-password',
      confirmPassword: 'a-brand-new-password',
    })
    expect(ok.statusCode).toBe(302)
    expect(ok.headers.location).toBe('/account')
    const account = await here.get('/account')
    expect(account.statusCode).toBe(200)
    expect(account.body).toContain('Your password has been changed')
    expect((await elsewhere.get('/account')).statusCode).toBe(302)

    await expect(new Agent(app).signIn(email, password)).rejects.toThrow(/422/)
    await new Agent(app).signIn(email, 'a-brand-new-password')
  })

  it('creates API tokens on the account page: shown once, stored hashed, revocable', async () => {
    const { app, services } = t()
    const { users, slug } = await seedPartnership(services, ['board_member'])
    const agent = new Agent(app)
    await agent.signIn(users.board_member!.email, users.board_member!.password)

    const empty = await agent.submit('/account', '/account/tokens', { name: '  ' })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('Enter a name for the token')

    const created = await agent.submit('/account', '/account/tokens', { name: 'Reporting script' })
    expect(created.statusCode).toBe(200)
    const secret = /data-qa="token-secret">([^<]+)</.exec(created.body)?.[1]
    expect(secret).toMatch(/^gt_/)
    const again = await agent.get('/account')
    expect(again.body).toContain('Reporting script')
    expect(again.body).not.toContain(secret!)

    const [row] = await t()
      .database.db.select()
      .from(apiTokens)
      .where(eq(apiTokens.tokenHash, sha256(secret!)))
    expect(row).toBeDefined()
    expect(Object.values(row!)).not.toContain(secret)
    expect(row!.lastUsedAt).toBeNull()

    const ok = await app.inject({ url: `/api/v1/partnerships/${slug}`, headers: bearer(secret!) })
    expect(ok.statusCode).toBe(200)
    const [used] = await t().database.db.select().from(apiTokens).where(eq(apiTokens.id, row!.id))
    expect(used!.lastUsedAt).toBeInstanceOf(Date)

    // A session cookie does not authenticate the API, and a token does not sign in to pages.
    expect((await agent.request({ method: 'GET', url: '/api/v1/partnerships' })).statusCode).toBe(401)
    const page = await app.inject({ url: '/account', headers: bearer(secret!) })
    expect(page.statusCode).toBe(302)

    const revoked = await agent.submit('/account', `/account/tokens/${row!.id}/revoke`, {})
    expect(revoked.statusCode).toBe(302)
    expect((await agent.get('/account')).body).toContain('Revoked')
    const refused = await app.inject({ url: `/api/v1/partnerships/${slug}`, headers: bearer(secret!) })
    expect(refused.statusCode).toBe(401)
    expect(refused.json()).toMatchObject({ error: { id: 'unauthorized', message: expect.any(String) } })

    // Someone else's token id, or nonsense, changes nothing and is not an error page.
    const other = await seedPartnership(services, ['admin'])
    const [theirs] = await services.auth.listTokens(other.users.admin!.userId)
    const notMine = await agent.submit('/account', `/account/tokens/${theirs!.id}/revoke`, {})
    expect(notMine.statusCode).toBe(302)
    const stillWorks = await app.inject({
      url: '/api/v1/partnerships',
      headers: bearer(other.users.admin!.token),
    })
    expect(stillWorks.statusCode).toBe(200)
    const nonsense = await agent.submit('/account', '/account/tokens/not-a-uuid/revoke', {})
    expect(nonsense.statusCode).toBe(404)
  })

  it('answers the API with 401 JSON for a missing, malformed or unknown token', async () => {
    const { app } = t()
    for (const headers of [{}, { authorization: 'Basic abc' }, bearer('gt_unknown'), bearer('nonsense')]) {
      const res = await app.inject({ url: '/api/v1/partnerships', headers })
      expect(res.statusCode).toBe(401)
      expect(res.headers['content-type']).toMatch(/json/)
      expect(res.json().error.id).toBe('unauthorized')
    }
  })
})

describeIntegration(
  'sign-in rate limit',
  (t) => {
    it('refuses the fourth attempt in a minute with a GOV.UK page', async () => {
      const { app, services } = t()
      const { users } = await seedPartnership(services, ['admin'])
      const agent = new Agent(app)
      for (let i = 0; i < 3; i++) {
        const res = await agent.submit('/sign-in', '/sign-in', {
          email: users.admin!.email,
          password: 'wrong-password',
        })
        expect(res.statusCode).toBe(422)
      }
      const fourth = await agent.submit('/sign-in', '/sign-in', {
        email: users.admin!.email,
        password: users.admin!.password,
      })
      expect(fourth.statusCode).toBe(429)
      expect(fourth.headers['content-type']).toMatch(/text\/html/)
      expect(fourth.headers['retry-after']).toBeDefined()
      expect(fourth.body).toContain('govuk-heading-l')
      expect(fourth.body).toContain('Too many sign-in attempts')
      expect(fourth.body).not.toContain('"statusCode"')
      // Not signed in.
      expect((await agent.get('/account')).statusCode).toBe(302)
    })
  },
  { signInRateLimit: 3 },
)
