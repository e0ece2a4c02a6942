import type { Locator, Page } from 'playwright-core'
import { expectAccessible, WAIT_MS } from '../harness.ts'

/** Pages the browser may land on instead of the one a test meant, by their heading. */
const ELSEWHERE: [RegExp, string][] = [
  [/^Sign in to Goldthread$/, 'the sign-in page (not signed in, or the session has ended)'],
  [/^Page not found$/, 'the "Page not found" error page (404)'],
  [/^You do not have permission/, 'the "You do not have permission" error page (403)'],
  [/^Sorry, there is a problem with the service$/, 'the server error page (500)'],
  [/^There is a problem$/, 'the "There is a problem" error page'],
]

const squash = (text: string) => text.replace(/\s+/g, ' ').trim()

/**
 * Wait until the page's main heading is `heading` (a string it contains, or a pattern), and fail
 * with a clear message when the browser landed on sign-in, an error page or another page instead.
 * After a click the old page's heading may still be showing, so this waits up to WAIT_MS for the
 * new one; after a `goto` (`loaded`) the page is there, and sign-in or an error page fails at once.
 */
export async function arrive(
  page: Page,
  heading: string | RegExp,
  { loaded = false }: { loaded?: boolean } = {},
): Promise<void> {
  const elsewhere = (text: string) => ELSEWHERE.some(([pattern]) => pattern.test(text))
  // Sign-in and the error pages count only when asked for by their very heading.
  const wanted = (text: string) =>
    typeof heading === 'string'
      ? text === heading || (text.includes(heading) && !elsewhere(text))
      : heading.test(text) && !elsewhere(text)
  const deadline = Date.now() + WAIT_MS
  let seen: string[] = []
  for (;;) {
    seen = (await page.getByRole('heading', { level: 1 }).allTextContents()).map(squash)
    if (seen.some(wanted)) return
    if ((loaded && seen.some(elsewhere)) || Date.now() > deadline) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const where =
    ELSEWHERE.find(([pattern]) => seen.some((h) => pattern.test(h)))?.[1] ??
    (seen.length ? `a page headed ${seen.map((h) => `"${h}"`).join(', ')}` : 'a page without a main heading')
  const meant = typeof heading === 'string' ? `"${heading}"` : String(heading)
  throw new Error(`Expected the page headed ${meant} but landed on ${where} at ${page.url()}`)
}

/** Go to `path` and check the page reached is the one headed `heading` (see `arrive`). */
export async function visit(page: Page, path: string, heading: string | RegExp): Promise<void> {
  await page.goto(path)
  await arrive(page, heading, { loaded: true })
}

/** Page objects: one per screen, locating by role, label or data-qa, never by layout. */
export class BasePage {
  constructor(readonly page: Page) {}

  heading(): Locator {
    return this.page.getByRole('heading', { level: 1 })
  }

  errorSummary(): Locator {
    return this.page.locator('.govuk-error-summary')
  }

  flash(): Locator {
    return this.page.locator('[data-qa="flash"]')
  }

  /** Wait until the browser is at `path` (a glob after the origin, e.g. `/p/x/dashboard`). */
  async reached(path: string) {
    await this.page.waitForURL(`**${path}`)
    return this
  }

  /** The address now shown, without the origin. */
  path(): string {
    return new URL(this.page.url()).pathname
  }

  async checkAccessible() {
    await expectAccessible(this.page)
    return this
  }

  async signOut() {
    await this.page.locator('[data-qa="sign-out"]').click()
    await this.page.waitForURL('**/sign-in')
  }
}
