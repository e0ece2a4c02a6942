import { eq } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Agent, describeIntegration, seedPartnership, testConfig } from '../../../test/helpers/app.ts'
import { startSmtp } from '../../../test/helpers/smtp.ts'
import { buildApp } from '../../app.ts'
import { outbox } from '../../db/schema/index.ts'
import { createServices, type Services } from '../../services.ts'
import {
  addWithoutPassword,
  NEW_PASSWORD,
  sendLink,
  setPassword,
  stable,
  tokenIn,
} from './sign-in-links.fixtures.ts'

/** Quoted-printable soft line breaks and `=3D` undone, so a link in a message can be read back. */
const unfold = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=')

describeIntegration('links to set a password, with a mail server', (t) => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>
  let mailing: Services
  let app: FastifyInstance
  beforeAll(async () => {
    smtp = await startSmtp()
    mailing = createServices(t().database.db, {
      engine: t().database.engine,
      config: { uploadLimitBytes: 1e6, smtpUrl: smtp.url, baseUrl: 'https://goldthread.example.org' },
    })
    app = await buildApp(testConfig, mailing, { logger: false })
    await app.ready()
  })
  afterAll(async () => {
    await app?.close()
    mailing?.outbox.close()
    await smtp?.close()
  })

  const waitForMail = async (to: string) => {
    const until = Date.now() + 10_000
    for (;;) {
      const found = smtp.received.find((m) => m.to.includes(to))
      if (found) return found
      if (Date.now() > until) throw new Error(`no mail to ${to}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  it('emails a forgotten-password link to a known address only, answering both the same', async () => {
    const { users } = await seedPartnership(mailing, ['admin'])
    const { email } = users.admin!
    const agent = new Agent(app)
    const form = await agent.get('/forgotten-password')
    expect(form.body).toContain('Enter the email address you sign in with')

    const empty = await agent.submit('/forgotten-password', '/forgotten-password', { email: '' })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('href="#email"')
    expect(empty.body).toContain('Enter your email address')

    const known = await agent.submit('/forgotten-password', '/forgotten-password', { email })
    const unknown = await agent.submit('/forgotten-password', '/forgotten-password', {
      email: 'nobody@example.org',
    })
    expect(known.statusCode).toBe(200)
    expect(unknown.statusCode).toBe(200)
    expect(known.body).toContain('we have sent a link')
    // The same answer, but for the address typed in.
    expect(stable(known.body).replaceAll(email, 'ADDRESS')).toBe(
      stable(unknown.body).replaceAll('nobody@example.org', 'ADDRESS'),
    )

    const mail = await waitForMail(email)
    const text = unfold(mail.raw)
    expect(text).toContain('Subject: Set a new password for Goldthread')
    expect(text).toContain('https://goldthread.example.org/set-password?token=')
    const token = tokenIn(text)!
    // Sent directly, not recorded in any outbox.
    expect(JSON.stringify(await t().database.db.select().from(outbox))).not.toContain(token)
    await new Promise((r) => setTimeout(r, 200))
    expect(smtp.received.some((m) => m.to.includes('nobody@example.org'))).toBe(false)

    const done = await setPassword(new Agent(app), token, {
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    })
    expect(done.statusCode).toBe(302)
    await new Agent(app).signIn(email, NEW_PASSWORD)
  })

  it('emails an administrator’s link through the outbox and says so', async () => {
    const { slug, users, partnership } = await seedPartnership(mailing, ['admin'])
    const robin = await addWithoutPassword(mailing, partnership.id)
    const admin = new Agent(app)
    await admin.signIn(users.admin!.email, users.admin!.password)
    const { sent, token } = await sendLink(admin, slug, robin.membershipId)
    expect(sent.statusCode).toBe(200)
    expect(sent.body).toContain('data-delivery="emailed"')
    expect(sent.body).toContain(`We have emailed a link to set a password to ${robin.email}`)
    const mail = await waitForMail(robin.email)
    expect(tokenIn(unfold(mail.raw))).toBe(token)
    const [row] = await t().database.db.select().from(outbox).where(eq(outbox.toAddress, robin.email))
    expect(row!.sentAt).toBeInstanceOf(Date)
  })
})

describeIntegration(
  'forgotten-password rate limit',
  (t) => {
    it('refuses the third request in a minute with a GOV.UK page', async () => {
      const agent = new Agent(t().app)
      for (let i = 0; i < 2; i++) {
        const res = await agent.submit('/sign-in', '/forgotten-password', { email: 'nobody@example.org' })
        expect(res.statusCode).toBe(200)
      }
      const third = await agent.submit('/sign-in', '/forgotten-password', { email: 'nobody@example.org' })
      expect(third.statusCode).toBe(429)
      expect(third.body).toContain('Too many requests for a link')
    })
  },
  { signInRateLimit: 2 },
)
