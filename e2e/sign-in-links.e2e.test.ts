import { describe, expect, it } from 'vitest'
import { DEMO_ADMIN_EMAIL, DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { systemActor } from '../src/modules/auth/actor.ts'
import { browserAvailable, poll, useE2E } from './harness.ts'
import { signedIn } from './pages/sign-in.ts'
import { ForgottenPasswordPage, SetPasswordPage, UserPage } from './pages/sign-in-links.ts'

const PASSWORD = 'long-enough-password'

describe.skipIf(!browserAvailable)('links to set a password in the browser', () => {
  const e2e = useE2E()

  /** Someone added without a password, as a People import with a role does: one per test. */
  async function memberWithoutPassword(name: string) {
    const { services } = e2e()
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}@leicestershire-together.example`
    const partnership = (await services.partnerships.findBySlug(DEMO_SLUG))!
    await services.users.addMember(systemActor('e2e'), partnership.id, {
      email,
      name,
      role: 'board_member',
      organisationId: null,
    })
    return { name, email }
  }

  /** The administrator opens the member's page under Users. */
  async function memberPage(name: string) {
    return UserPage.open(await signedIn(e2e(), DEMO_ADMIN_EMAIL), DEMO_SLUG, name)
  }

  /** The administrator sends the member a link, and reads it from the outbox (no mail server here). */
  async function linkFor(member: { name: string; email: string }) {
    const sent = await (await memberPage(member.name)).sendLink()
    const outbox = await sent.openOutbox()
    return outbox.linkTo(member.email)
  }

  it('shows a member without a password as “Not set yet”, accessibly', async () => {
    const member = await memberPage((await memberWithoutPassword('Owen Marsh')).name)
    await poll(() => member.summary().textContent()).toContain('Not set yet')
    await member.checkAccessible()
  })

  it('sends the link to the outbox when no mail server is set up, accessibly', async () => {
    const member = await memberPage((await memberWithoutPassword('Ruth Ellis')).name)
    const sent = await member.sendLink()
    await poll(() => sent.delivery()).toBe('outbox')
    await sent.checkAccessible()
  })

  it('offers “Forgotten your password?” from the sign-in page, accessibly', async () => {
    const forgotten = await ForgottenPasswordPage.fromSignIn(await e2e().newPage())
    await forgotten.checkAccessible()
  })

  it('opens the link, in the member’s own browser, on an accessible “Set your password” form', async () => {
    const path = await linkFor(await memberWithoutPassword('Imran Patel'))
    const form = await SetPasswordPage.open(await e2e().newPage(), path)
    await poll(() => form.heading().textContent()).toContain('Set your password')
    await form.checkAccessible()
  })

  it('refuses passwords that do not match, with an accessible error summary', async () => {
    const path = await linkFor(await memberWithoutPassword('Grace Lowe'))
    const form = await SetPasswordPage.open(await e2e().newPage(), path)
    await form.set(PASSWORD, 'not-the-same-password')
    await poll(() => form.errorSummary().textContent()).toContain('Passwords do not match')
    await form.checkAccessible()
  })

  it('sets the password, then signs in with it', async () => {
    const nadia = await memberWithoutPassword('Nadia Kerr')
    const path = await linkFor(nadia)
    const form = await SetPasswordPage.open(await e2e().newPage(), path)
    const signIn = await form.setAndGoToSignIn(PASSWORD)
    await poll(() => signIn.flash().textContent()).toContain('Your password has been set')
    await signIn.checkAccessible()
    const home = await signIn.signInTo(nadia.email, PASSWORD)
    expect(home.path()).toBe(`/p/${DEMO_SLUG}`)
    await poll(() => home.heading().textContent()).toContain('Leicestershire Together')
  })

  it('answers a link already used with a clear page, not an error, accessibly', async () => {
    const path = await linkFor(await memberWithoutPassword('Tom Avery'))
    await (await SetPasswordPage.open(await e2e().newPage(), path)).setAndGoToSignIn(PASSWORD)
    const used = await SetPasswordPage.open(await e2e().newPage(), path)
    await poll(() => used.heading().textContent()).toContain('This link is not valid')
    await used.checkAccessible()
  })
})
