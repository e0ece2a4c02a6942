import { describe, expect, it } from 'vitest'
import { DEMO_ADMIN_EMAIL, DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { systemActor } from '../src/modules/auth/actor.ts'
import { browserAvailable, DEMO_PASSWORD, useE2E } from './harness.ts'
import { SignInPage } from './pages/sign-in.ts'
import { ForgottenPasswordPage, SetPasswordPage, UserPage } from './pages/sign-in-links.ts'

describe.skipIf(!browserAvailable)('links to set a password in the browser', () => {
  const e2e = useE2E()

  it('an administrator sends a link; it is read from the outbox, sets a password, and signs in', async () => {
    const { services } = e2e()
    // Someone added without a password, as a People import with a role does.
    const email = 'nadia.kerr@leicestershire-together.example'
    const partnership = (await services.partnerships.findBySlug(DEMO_SLUG))!
    await services.users.addMember(systemActor('e2e'), partnership.id, {
      email,
      name: 'Nadia Kerr',
      role: 'board_member',
      organisationId: null,
    })

    const admin = await e2e().newPage()
    await (await SignInPage.open(admin)).signIn(DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    await admin.waitForURL(`**/p/${DEMO_SLUG}`)
    const member = await UserPage.open(admin, DEMO_SLUG, 'Nadia Kerr')
    expect(await member.summary().textContent()).toContain('Not set yet')
    await member.checkAccessible()
    const sent = await member.sendLink()
    expect(await sent.delivery()).toBe('outbox')
    await sent.checkAccessible()
    const outbox = await sent.openOutbox()
    const path = await outbox.linkTo(email)

    // Nadia, in her own browser, not signed in.
    const nadia = await e2e().newPage()
    const forgotten = await ForgottenPasswordPage.fromSignIn(nadia)
    await forgotten.checkAccessible()

    const form = await SetPasswordPage.open(nadia, path)
    expect(await form.heading().textContent()).toContain('Set your password')
    await form.checkAccessible()
    await form.set('long-enough-password', 'not-the-same-password')
    await expect.poll(() => form.errorSummary().textContent()).toContain('Passwords do not match')
    await form.checkAccessible()
    await form.set('long-enough-password')
    await nadia.waitForURL('**/sign-in')
    expect(await form.flash().textContent()).toContain('Your password has been set')
    const signIn = new SignInPage(nadia)
    await signIn.checkAccessible()
    await signIn.signIn(email, 'long-enough-password')
    await nadia.waitForURL(`**/p/${DEMO_SLUG}`)
    expect(await signIn.heading().textContent()).toContain('Leicestershire Together')

    // The link has been used: a clear page, not an error.
    const used = await SetPasswordPage.open(await e2e().newPage(), path)
    expect(await used.heading().textContent()).toContain('This link is not valid')
    await used.checkAccessible()
  })
})
