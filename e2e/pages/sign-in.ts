import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { DEMO_PASSWORD, type E2E } from '../harness.ts'
import { arrive, BasePage, visit } from './base.ts'

export class SignInPage extends BasePage {
  static async open(page: Page) {
    await visit(page, '/sign-in', 'Sign in to Goldthread')
    return new SignInPage(page)
  }

  /** Go to `path` expecting to be sent to sign in instead (not signed in, or signed out). */
  static async instead(page: Page, path: string) {
    await page.goto(path)
    return SignInPage.arrived(page)
  }

  /** After something that leads to sign-in (a redirect, setting a password): wait for it. */
  static async arrived(page: Page) {
    await page.waitForURL('**/sign-in')
    await arrive(page, 'Sign in to Goldthread')
    return new SignInPage(page)
  }

  /** Fill the form and send it, wherever that leads. */
  async signIn(email: string, password: string) {
    await this.page.getByLabel('Email address').fill(email)
    await this.page.getByLabel('Password', { exact: true }).fill(password)
    await this.page.locator('[data-qa="sign-in"]').click()
  }

  /** Sign in as a member of one partnership and arrive on its home page. */
  async signInTo(email: string, password = DEMO_PASSWORD) {
    await this.signIn(email, password)
    return PartnershipHomePage.arrived(this.page)
  }
}

/** A partnership's home page, headed with its name. */
export class PartnershipHomePage extends BasePage {
  /** After signing in: any page but sign-in or an error, at /p/<slug>. */
  static async arrived(page: Page) {
    await arrive(page, /^(?!Sign in to Goldthread$)/)
    await page.waitForURL(/\/p\/[^/?#]+$/)
    return new PartnershipHomePage(page)
  }
}

/** Each address signs in once per server; later pages reuse its session cookie. */
const sessions = new Map<string, Promise<Awaited<ReturnType<BrowserContext['storageState']>>>>()

/**
 * A new page (in its own browser context) already signed in as `email` with the demo password.
 * The first call for an address signs in through the form; later calls share that session, so a
 * test that signs out must sign in itself (`SignInPage.open(await e2e.newPage())`) instead.
 */
export async function signedIn(e2e: E2E, email: string, options: BrowserContextOptions = {}): Promise<Page> {
  const key = `${e2e.baseUrl} ${email}`
  let state = sessions.get(key)
  if (!state) {
    state = (async () => {
      const page = await e2e.newPage()
      await (await SignInPage.open(page)).signInTo(email)
      return page.context().storageState()
    })()
    sessions.set(key, state)
  }
  return e2e.newPage({ ...options, storageState: await state })
}
