import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { Agent, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { auditEvents, signInLinks, users as usersTable } from '../../db/schema/index.ts'
import { sha256 } from './auth.service.ts'
import { addWithoutPassword, NEW_PASSWORD, sendLink, setPassword, stable } from './sign-in-links.fixtures.ts'

describeIntegration('links to set a password', (t) => {
  it('admin sends a link; the outbox holds it; it sets a password once; sign-in works with it', async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, ['admin'])
    const robin = await addWithoutPassword(services, partnership.id)
    const admin = new Agent(app)
    await admin.signIn(users.admin!.email, users.admin!.password)

    const show = await admin.get(`/p/${slug}/users/${robin.membershipId}`)
    expect(show.body).toContain('Not set yet: they cannot sign in')
    expect(show.body).toContain('Send a link to set a password')

    const { sent, outboxPage, token } = await sendLink(admin, slug, robin.membershipId)
    expect(sent.statusCode).toBe(200)
    expect(sent.body).toContain('data-delivery="outbox"')
    expect(sent.body).toContain('No mail server is configured')
    expect(sent.body).toContain(`/p/${slug}/outbox`)
    expect(outboxPage.body).toContain(robin.email)
    expect(outboxPage.body).toContain('Set your password for Goldthread')
    expect(token).toBeDefined()
    expect(outboxPage.body).toContain(`http://localhost:3000/set-password?token=${token}`)

    // Stored only as a hash: no column of any link row, nor the audit trail, holds the token.
    const rows = await t().database.db.select().from(signInLinks).where(eq(signInLinks.userId, robin.userId))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ purpose: 'set-password', tokenHash: sha256(token!), usedAt: null })
    expect(JSON.stringify(rows)).not.toContain(token)
    const days = (rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()) / 86_400_000
    expect(days).toBeCloseTo(3, 1)
    expect(rows[0]!.createdBy).toBe(users.admin!.userId)
    const trail = await t()
      .database.db.select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, robin.userId))
    expect(trail.map((e) => e.action)).toContain('send-password-link')
    expect(JSON.stringify(trail)).not.toContain(token)
    expect(JSON.stringify(trail)).not.toContain(sha256(token!))

    // Whoever holds the link sets the password, without signing in.
    const robinAgent = new Agent(app)
    const form = await robinAgent.get(`/set-password?token=${token}`)
    expect(form.statusCode).toBe(200)
    expect(form.headers['cache-control']).toBe('no-store')
    expect(form.body).toContain('Set your password')
    expect(form.body).toContain(robin.email)
    const done = await setPassword(robinAgent, token!, {
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    })
    expect(done.statusCode).toBe(302)
    expect(done.headers.location).toBe('/sign-in')
    const signInPage = await robinAgent.get('/sign-in')
    expect(signInPage.body).toContain('Your password has been set')
    await robinAgent.signIn(robin.email, NEW_PASSWORD)
    expect((await robinAgent.get(`/p/${slug}`)).statusCode).toBe(200)

    const [used] = await t().database.db.select().from(signInLinks).where(eq(signInLinks.id, rows[0]!.id))
    expect(used!.usedAt).toBeInstanceOf(Date)
    const [account] = await t().database.db.select().from(usersTable).where(eq(usersTable.id, robin.userId))
    expect(account!.passwordHash).toMatch(/^\$argon2id\$/)
    const after = await t()
      .database.db.select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, robin.userId))
    expect(after.map((e) => e.action)).toContain('set-password')
    expect((await admin.get(`/p/${slug}/users/${robin.membershipId}`)).body).not.toContain('Not set yet')

    // Used: refused with the same page as a token that never existed, by GET and by POST.
    const again = await new Agent(app).get(`/set-password?token=${token}`)
    const unknown = await new Agent(app).get(`/set-password?token=${'x'.repeat(43)}`)
    const missing = await new Agent(app).get('/set-password')
    expect(again.statusCode).toBe(404)
    expect(again.body).toContain('This link is not valid')
    expect(again.body).toContain('Ask an administrator of your partnership')
    expect(stable(again.body)).toBe(stable(unknown.body))
    expect(stable(missing.body)).toBe(stable(unknown.body))
    const posted = await robinAgent.submit('/account', '/set-password', {
      token: token!,
      newPassword: 'another-long-password',
      confirmPassword: 'another-long-password',
    })
    expect(posted.statusCode).toBe(404)
    expect(posted.body).toContain('This link is not valid')
    await new Agent(app).signIn(robin.email, NEW_PASSWORD)
  })

  it('refuses an expired link with its own page, and a replaced one like an unknown one', async () => {
    const { app, services } = t()
    const { partnership } = await seedPartnership(services, ['admin'])
    const robin = await addWithoutPassword(services, partnership.id)
    const first = await services.signInLinks.createForEmail(system, robin.email)
    const second = await services.signInLinks.createForEmail(system, robin.email)
    const firstToken = new URL(first.url).searchParams.get('token')!
    const secondToken = new URL(second.url).searchParams.get('token')!

    // A newer link voids the earlier one.
    const replaced = await new Agent(app).get(`/set-password?token=${firstToken}`)
    expect(replaced.statusCode).toBe(404)
    expect(replaced.body).toContain('This link is not valid')

    const form = new Agent(app)
    expect((await form.get(`/set-password?token=${secondToken}`)).statusCode).toBe(200)
    await t()
      .database.db.update(signInLinks)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(signInLinks.tokenHash, sha256(secondToken)))
    const expired = await new Agent(app).get(`/set-password?token=${secondToken}`)
    expect(expired.statusCode).toBe(410)
    expect(expired.body).toContain('This link has expired')
    expect(expired.body).toContain('data-problem="expired"')
    expect(expired.body).not.toContain('This link is not valid')
    // The form was open when it expired: the post is refused the same way, and nothing changes.
    const late = await form.submit('/sign-in', '/set-password', {
      token: secondToken,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    })
    expect(late.statusCode).toBe(410)
    expect(late.body).toContain('This link has expired')
    const [account] = await t().database.db.select().from(usersTable).where(eq(usersTable.id, robin.userId))
    expect(account!.passwordHash).toBeNull()
  })

  it('names the field for a short, mismatched or missing password, and keeps the link usable', async () => {
    const { app, services } = t()
    const { partnership } = await seedPartnership(services, ['admin'])
    const robin = await addWithoutPassword(services, partnership.id)
    const { url } = await services.signInLinks.createForEmail(system, robin.email)
    const token = new URL(url).searchParams.get('token')!
    const agent = new Agent(app)

    const short = await setPassword(agent, token, { newPassword: 'short', confirmPassword: 'short' })
    expect(short.statusCode).toBe(422)
    expect(short.body).toContain('govuk-error-summary')
    expect(short.body).toContain('href="#newPassword"')
    expect(short.body).toContain('Password must be 10 characters or more')
    expect(short.body).toContain('<title>Error: Set your password')

    const mismatch = await setPassword(agent, token, {
      newPassword: NEW_PASSWORD,
      confirmPassword: 'something-else-entirely',
    })
    expect(mismatch.statusCode).toBe(422)
    expect(mismatch.body).toContain('href="#confirmPassword"')
    expect(mismatch.body).toContain('Passwords do not match')

    const empty = await setPassword(agent, token, { newPassword: '', confirmPassword: '' })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('href="#newPassword"')
    expect(empty.body).toContain('Enter a new password')
    expect(empty.body).toContain('href="#confirmPassword"')
    // The re-rendered form still carries the token.
    expect(empty.body).toContain(`name="token" value="${token}"`)

    const ok = await setPassword(agent, token, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })
    expect(ok.statusCode).toBe(302)
    await new Agent(app).signIn(robin.email, NEW_PASSWORD)
  })

  it('a reset ends the account’s sessions, lasts an hour, and a password change voids it', async () => {
    const { app, services } = t()
    const { users } = await seedPartnership(services, ['board_member'])
    const { email, password } = users.board_member!
    const elsewhere = new Agent(app)
    await elsewhere.signIn(email, password)

    const link = await services.signInLinks.createForEmail(system, email)
    expect(link.invitation).toBe(false)
    expect((link.expiresAt.getTime() - Date.now()) / 3600_000).toBeCloseTo(1, 1)
    const token = new URL(link.url).searchParams.get('token')!
    const done = await setPassword(new Agent(app), token, {
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    })
    expect(done.statusCode).toBe(302)
    expect((await elsewhere.get('/account')).statusCode).toBe(302)
    await expect(new Agent(app).signIn(email, password)).rejects.toThrow(/422/)

    // A link sent before the person changes their password themselves no longer works after.
    const me = new Agent(app)
    await me.signIn(email, NEW_PASSWORD)
    const stale = await services.signInLinks.createForEmail(system, email)
    const changed = await me.submit('/account/password', '/account/password', {
      currentPassword: NEW_PASSWORD,
      newPassword: 'yet-another-password',
      confirmPassword: 'yet-another-password',
    })
    expect(changed.statusCode).toBe(302)
    const staleToken = new URL(stale.url).searchParams.get('token')!
    expect((await new Agent(app).get(`/set-password?token=${staleToken}`)).statusCode).toBe(404)
  })

  it('only administrators send links, and only they read them on the outbox page', async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, ['admin', 'performance_officer'])
    const robin = await addWithoutPassword(services, partnership.id)
    const officer = new Agent(app)
    await officer.signIn(users.performance_officer!.email, users.performance_officer!.password)
    // The officer has no page with this form: post with the CSRF token of a page they can open.
    const refused = await officer.submit(
      '/account',
      `/p/${slug}/users/${robin.membershipId}/sign-in-link`,
      {},
    )
    expect(refused.statusCode).toBe(403)
    expect(
      await t().database.db.select().from(signInLinks).where(eq(signInLinks.userId, robin.userId)),
    ).toEqual([])

    const admin = new Agent(app)
    await admin.signIn(users.admin!.email, users.admin!.password)
    const { token } = await sendLink(admin, slug, robin.membershipId)
    expect(token).toBeDefined()
    const officersOutbox = await officer.get(`/p/${slug}/outbox`)
    expect(officersOutbox.statusCode).toBe(200)
    expect(officersOutbox.body).toContain(robin.email)
    expect(officersOutbox.body).toContain('only administrators can read it')
    expect(officersOutbox.body).not.toContain(token!)
  })

  it('will not let one partnership’s administrator take over an account with a role elsewhere', async () => {
    const { app, services } = t()
    const here = await seedPartnership(services, ['admin'])
    const there = await seedPartnership(services, ['admin'])
    const robin = await addWithoutPassword(services, here.partnership.id)
    await services.users.addMember(system, there.partnership.id, {
      email: robin.email,
      name: 'Robin Ashby',
      role: 'admin',
      organisationId: null,
    })
    const admin = new Agent(app)
    await admin.signIn(here.users.admin!.email, here.users.admin!.password)
    const { sent } = await sendLink(admin, here.slug, robin.membershipId)
    expect(sent.statusCode).toBe(422)
    expect(sent.body).toContain('govuk-error-summary')
    expect(sent.body).toContain('also has a role in a partnership you do not administer')
    expect(
      await t().database.db.select().from(signInLinks).where(eq(signInLinks.userId, robin.userId)),
    ).toEqual([])
  })

  it('without a mail server, “Forgotten your password?” says whom to ask, the same for every address', async () => {
    const { app, services } = t()
    const { users } = await seedPartnership(services, ['admin'])
    const agent = new Agent(app)
    const signIn = await agent.get('/sign-in')
    expect(signIn.body).toContain('href="/forgotten-password"')
    const page = await agent.get('/forgotten-password')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Ask an administrator of your partnership')
    // No form here, so post as a hand-made request would, with a CSRF token from the sign-in page.
    const known = await agent.submit('/sign-in', '/forgotten-password', { email: users.admin!.email })
    const unknown = await agent.submit('/sign-in', '/forgotten-password', { email: 'nobody@example.org' })
    expect(known.statusCode).toBe(200)
    expect(known.body).toContain('Ask an administrator of your partnership')
    expect(stable(known.body)).toBe(stable(unknown.body))
    expect(
      await t().database.db.select().from(signInLinks).where(eq(signInLinks.userId, users.admin!.userId)),
    ).toEqual([])
  })
})
