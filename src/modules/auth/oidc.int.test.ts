import { and, count, eq } from 'drizzle-orm'
import { afterAll, expect, it } from 'vitest'
import { Agent, describeIntegration, seedPartnership } from '../../../test/helpers/app.ts'
import { auditEvents, userIdentities, users as usersTable } from '../../db/schema/index.ts'
import {
  CLIENT_ID,
  CLIENT_SECRET,
  followToCallback,
  REDIRECT_URI,
  startTestProvider,
} from './oidc.fixtures.ts'

// Two real providers: the council's, which the app trusts, and another one it does not.
const council = await startTestProvider()
const other = await startTestProvider()
afterAll(async () => {
  await council.close()
  await other.close()
})

const oidc = {
  issuer: council.issuer,
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  name: 'Leicestershire County Council',
  redirectUri: REDIRECT_URI,
}

/** Press "Sign in with …": the app's redirect to the provider (with its state kept in the session). */
async function start(agent: Agent) {
  const res = await agent.get('/auth/oidc/start')
  expect(res.statusCode).toBe(302)
  return res.headers.location as string
}

/** The whole round trip: the app, the provider signing in `sub`, the app's callback. */
async function signInAtProvider(agent: Agent, sub: string) {
  council.loginAs(sub)
  const callback = await followToCallback(await start(agent))
  return { callback, res: await agent.get(callback) }
}

let seq = 0
const newSub = () => `subject-${++seq}-${Math.random().toString(36).slice(2, 8)}`

describeIntegration(
  'sign-in with the council identity provider',
  (t) => {
    const db = () => t().database.db
    const identitiesOf = (userId: string) =>
      db().select().from(userIdentities).where(eq(userIdentities.userId, userId))
    const refusals = async () =>
      (
        await db().select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'sign-in-refused'))
      )[0]!.n

    it('shows the button on the sign-in page, beside the password form', async () => {
      const page = await new Agent(t().app).get('/sign-in')
      expect(page.body).toContain('Sign in with Leicestershire County Council')
      expect(page.body).toContain('href="/auth/oidc/start"')
      expect(page.body).toContain('id="password"')
    })

    it('sends the browser to the provider with state, nonce and PKCE', async () => {
      const url = new URL(await start(new Agent(t().app)))
      expect(url.origin).toBe(council.issuer)
      expect(url.searchParams.get('client_id')).toBe(CLIENT_ID)
      expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI)
      expect(url.searchParams.get('code_challenge_method')).toBe('S256')
      for (const p of ['state', 'nonce', 'code_challenge']) expect(url.searchParams.get(p)).toBeTruthy()
    })

    it('signs in a verified email of an existing user (any case), links it, then finds it by subject', async () => {
      const { app, services } = t()
      const { users } = await seedPartnership(services, ['performance_officer'])
      const manager = users.performance_officer!
      const sub = newSub()
      council.accounts.set(sub, { email: manager.email.toUpperCase(), email_verified: true })

      // Asked for a page first: returned to it after signing in.
      const agent = new Agent(app)
      expect((await agent.get('/account')).statusCode).toBe(302)
      const { res } = await signInAtProvider(agent, sub)
      expect(res.statusCode).toBe(302)
      expect(res.headers.location).toBe('/account')
      expect((await agent.get('/account')).statusCode).toBe(200)

      const linked = await identitiesOf(manager.userId)
      expect(linked).toHaveLength(1)
      expect(linked[0]).toMatchObject({ issuer: council.issuer, subject: sub })
      const [account] = await db().select().from(usersTable).where(eq(usersTable.id, manager.userId))
      expect(account!.lastSignedInAt).toBeInstanceOf(Date)
      const signIns = await db()
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, manager.userId), eq(auditEvents.action, 'sign-in')))
      expect(signIns).toHaveLength(1)
      expect(signIns[0]!.after).toMatchObject({ via: 'oidc', issuer: council.issuer, linked: true })

      // The second time the link is found by issuer and subject, whatever the email now says.
      council.accounts.set(sub, { email: 'renamed@example.org', email_verified: false })
      const again = new Agent(app)
      const second = await signInAtProvider(again, sub)
      expect(second.res.statusCode).toBe(302)
      expect(second.res.headers.location).toBe('/')
      expect((await again.get('/account')).statusCode).toBe(200)
      expect(await identitiesOf(manager.userId)).toHaveLength(1)
      const [touched] = await identitiesOf(manager.userId)
      expect(touched!.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(linked[0]!.lastUsedAt!.getTime())
    })

    it('refuses an email the provider has not verified', async () => {
      const { app, services } = t()
      const { users } = await seedPartnership(services, ['board_member'])
      const before = await refusals()
      for (const email_verified of [false, undefined, 'true']) {
        const sub = newSub()
        council.accounts.set(sub, { email: users.board_member!.email, email_verified })
        const agent = new Agent(app)
        const { res } = await signInAtProvider(agent, sub)
        expect(res.statusCode).toBe(400)
        expect(res.body).toContain('has not confirmed your email address')
        expect(res.body).toContain('govuk-error-summary')
        expect((await agent.get('/account')).statusCode).toBe(302)
      }
      expect(await identitiesOf(users.board_member!.userId)).toHaveLength(0)
      expect(await refusals()).toBe(before + 3)
    })

    it('takes Entra ID’s xms_edov for a verified email only when email_verified is absent', async () => {
      const { app, services } = t()
      const { users } = await seedPartnership(services, ['board_member', 'data_provider'])
      // Entra sends no email_verified; xms_edov exactly true vouches for the email.
      const entra = newSub()
      council.accounts.set(entra, { email: users.board_member!.email, xms_edov: true })
      const agent = new Agent(app)
      expect((await signInAtProvider(agent, entra)).res.statusCode).toBe(302)
      expect((await agent.get('/account')).statusCode).toBe(200)
      expect(await identitiesOf(users.board_member!.userId)).toHaveLength(1)
      // Not "true" as text, nor against an email_verified that says false.
      for (const claims of [
        { xms_edov: 'true' },
        { xms_edov: false },
        { xms_edov: true, email_verified: false },
      ]) {
        const sub = newSub()
        council.accounts.set(sub, { email: users.data_provider!.email, ...claims })
        const other = new Agent(app)
        const { res } = await signInAtProvider(other, sub)
        expect(res.statusCode).toBe(400)
        expect(res.body).toContain('has not confirmed your email address')
      }
      expect(await identitiesOf(users.data_provider!.userId)).toHaveLength(0)
    })

    it('refuses an email with no account, and creates none', async () => {
      const { app } = t()
      const countUsers = async () => (await db().select({ n: count() }).from(usersTable))[0]!.n
      const before = await countUsers()
      const sub = newSub()
      council.accounts.set(sub, { email: 'nobody-here@example.org', email_verified: true })
      const { res } = await signInAtProvider(new Agent(app), sub)
      expect(res.statusCode).toBe(400)
      expect(res.body).toContain('There is no Goldthread account for nobody-here@example.org')
      expect(res.body).toContain('does not create an account')
      expect(await countUsers()).toBe(before)
      const rows = await db().select().from(userIdentities).where(eq(userIdentities.subject, sub))
      expect(rows).toHaveLength(0)
      const [audit] = await db()
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, sub), eq(auditEvents.action, 'sign-in-refused')))
      expect(audit!.after).toMatchObject({ via: 'oidc', reason: 'unknown-email' })
    })

    it('refuses an answer from another issuer (a mix-up), even for a verified email', async () => {
      const { app, services } = t()
      const { users } = await seedPartnership(services, ['admin'])
      const sub = newSub()
      other.accounts.set(sub, { email: users.admin!.email, email_verified: true })
      other.loginAs(sub)
      const agent = new Agent(app)
      // The app's request, with its state, nonce and PKCE, sent to the other provider instead.
      const url = new URL(await start(agent))
      const elsewhere = new URL(`${url.pathname}${url.search}`, other.issuer)
      const callback = await followToCallback(elsewhere.href)
      expect(new URLSearchParams(callback.split('?')[1]).get('iss')).toBe(other.issuer)
      const res = await agent.get(callback)
      expect(res.statusCode).toBe(400)
      expect(res.body).toContain('could not be checked')
      expect((await agent.get('/account')).statusCode).toBe(302)
      expect(await identitiesOf(users.admin!.userId)).toHaveLength(0)
    })

    it('refuses a replayed state, in the same browser and in another', async () => {
      const { app, services } = t()
      const { users } = await seedPartnership(services, ['performance_officer'])
      const sub = newSub()
      council.accounts.set(sub, { email: users.performance_officer!.email, email_verified: true })
      const agent = new Agent(app)
      const { callback, res } = await signInAtProvider(agent, sub)
      expect(res.statusCode).toBe(302)

      const replayed = await agent.get(callback)
      expect(replayed.statusCode).toBe(400)
      expect(replayed.body).toContain('has expired or has already been used')
      const stranger = new Agent(app)
      const stolen = await stranger.get(callback)
      expect(stolen.statusCode).toBe(400)
      expect(stolen.body).toContain('has expired or has already been used')
      expect((await stranger.get('/account')).statusCode).toBe(302)
    })

    it('refuses an error from the provider, and a state that does not match', async () => {
      const { app } = t()
      const agent = new Agent(app)
      const state = new URL(await start(agent)).searchParams.get('state')!
      const denied = await agent.get(`/auth/oidc/callback?error=access_denied&state=${state}`)
      expect(denied.statusCode).toBe(400)
      expect(denied.body).toContain('did not sign you in')

      await start(agent)
      const forged = await agent.get('/auth/oidc/callback?code=abc&state=not-the-one')
      expect(forged.statusCode).toBe(400)
      expect(forged.body).toContain('has expired or has already been used')
      const bare = await new Agent(app).get('/auth/oidc/callback')
      expect(bare.statusCode).toBe(400)
    })

    it('refuses a second identity for an account already linked at this provider, and no email at all', async () => {
      const { app, services } = t()
      const { users } = await seedPartnership(services, ['outcome_lead'])
      const lead = users.outcome_lead!
      const first = newSub()
      council.accounts.set(first, { email: lead.email, email_verified: true })
      expect((await signInAtProvider(new Agent(app), first)).res.statusCode).toBe(302)
      // The address given to someone else at the provider does not take the account over.
      const second = newSub()
      council.accounts.set(second, { email: lead.email, email_verified: true })
      const agent = new Agent(app)
      const { res } = await signInAtProvider(agent, second)
      expect(res.statusCode).toBe(400)
      expect(res.body).toContain('is already linked to a different Leicestershire County Council account')
      expect((await agent.get('/account')).statusCode).toBe(302)
      expect((await identitiesOf(lead.userId)).map((i) => i.subject)).toEqual([first])

      const silent = newSub()
      council.accounts.set(silent, {})
      const none = await signInAtProvider(new Agent(app), silent)
      expect(none.res.statusCode).toBe(400)
      expect(none.res.body).toContain('did not share your email address')
    })

    it('still signs in with a password', async () => {
      const { app, services } = t()
      const { users } = await seedPartnership(services, ['board_member'])
      const agent = new Agent(app)
      await agent.signIn(users.board_member!.email, users.board_member!.password)
      expect((await agent.get('/account')).statusCode).toBe(200)
    })
  },
  { oidc },
)

describeIntegration('sign-in with an identity provider that is not configured', (t) => {
  it('shows only the password form, and the provider routes are not found', async () => {
    const agent = new Agent(t().app)
    const page = await agent.get('/sign-in')
    expect(page.body).not.toContain('Sign in with')
    expect(page.body).not.toContain('/auth/oidc/start')
    expect((await agent.get('/auth/oidc/start')).statusCode).toBe(404)
    expect((await agent.get('/auth/oidc/callback?code=x&state=y')).statusCode).toBe(404)
  })
})

describeIntegration(
  'sign-in with an identity provider that cannot be reached',
  (t) => {
    it('says so on the sign-in page, with the password form', async () => {
      const res = await new Agent(t().app).get('/auth/oidc/start')
      expect(res.statusCode).toBe(503)
      expect(res.body).toContain('is not available at the moment')
      expect(res.body).toContain('id="password"')
    })
  },
  { oidc: { ...oidc, issuer: 'http://127.0.0.1:9/unreachable' } },
)
