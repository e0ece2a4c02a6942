import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { browserAvailable, DEMO_PASSWORD, useE2E } from './harness.ts'
import { Layout } from './pages/layout.ts'
import { SignInPage } from './pages/sign-in.ts'

const OFFICER = 'priya.shah@leicestershire-together.example'
const NARROW = { width: 320, height: 640 }

describe.skipIf(!browserAvailable)('our own header, footer and grouped navigation in the browser', () => {
  const e2e = useE2E()

  async function signedIn(page: Page, email: string) {
    const signIn = await SignInPage.open(page)
    await signIn.signIn(email, DEMO_PASSWORD)
    await page.waitForURL(`**/p/${DEMO_SLUG}`)
  }

  it('answers the footer’s pages without signing in, accessible and without sideways scrolling at 320 px', async () => {
    const page = await e2e().newPage()
    const home = await Layout.open(page, '/sign-in')
    for (const [link, heading] of [
      ['Accessibility statement', 'Accessibility statement for Goldthread'],
      ['Privacy notice', 'Privacy notice'],
      ['Cookies', 'Cookies'],
    ] as const) {
      await page.setViewportSize({ width: 1280, height: 800 })
      await home.footerLink(link).click()
      await page.waitForURL(/\/(accessibility|privacy|cookies)$/)
      expect(await home.heading().textContent()).toContain(heading)
      expect(await home.header().textContent()).toContain('Goldthread')
      await home.checkAccessible()
      await page.setViewportSize(NARROW)
      expect(await home.scrollsSideways(), page.url()).toBe(false)
      await home.checkAccessible()
    }
    expect(await page.content()).not.toMatch(/govuk-header|Crown\s+copyright|GOV\.UK/)
  })

  it('groups the navigation for a performance officer, marks where they are, and is usable by keyboard', async () => {
    const page = await e2e().newPage()
    await page.setViewportSize({ width: 1280, height: 800 })
    await signedIn(page, OFFICER)
    const layout = new Layout(page)
    expect(await layout.groups().allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Performance')]),
    )
    expect((await layout.groups().allTextContents()).map((s) => s.trim())).toEqual([
      'Home',
      'Performance',
      'Strategy',
      'Agreement',
      'Administration',
    ])
    expect(await layout.header().textContent()).toContain('Leicestershire Together')
    await layout.checkAccessible()

    await layout.group('Strategy').click()
    await page.waitForURL(`**/p/${DEMO_SLUG}/strategy`)
    await layout.subPage('Directory').click()
    await page.waitForURL(`**/p/${DEMO_SLUG}/directory`)
    expect(await layout.group('Strategy').getAttribute('aria-current')).toBe('true')
    expect(await layout.subPage('Directory').getAttribute('aria-current')).toBe('page')
    await layout.checkAccessible()

    // Keyboard only: skip link, our header, then the groups, in order.
    await page.goto(`/p/${DEMO_SLUG}/dashboard`)
    const focused = () =>
      page.evaluate(() => document.activeElement?.textContent?.replace(/\s+/g, ' ').trim())
    await page.keyboard.press('Tab')
    expect(await focused()).toBe('Skip to main content')
    await page.keyboard.press('Tab')
    expect(await focused()).toBe('Goldthread')
    await page.keyboard.press('Tab')
    expect(await focused()).toBe('Leicestershire Together')
    await page.keyboard.press('Tab')
    expect(await focused()).toBe('Home')
    await page.keyboard.press('Tab')
    expect(await focused()).toBe('Performance')
    await page.keyboard.press('Enter')
    await page.waitForURL(`**/p/${DEMO_SLUG}/dashboard`)

    // 320 px: the groups fold behind a button, the page does not scroll sideways.
    await page.setViewportSize(NARROW)
    await page.goto(`/p/${DEMO_SLUG}`)
    expect(await layout.scrollsSideways()).toBe(false)
    await layout.menuButton().click()
    await expect.poll(() => layout.group('Agreement').isVisible()).toBe(true)
    await layout.checkAccessible()
  })

  it('works without JavaScript at 320 px: every group and page is a plain link', async () => {
    const context = await e2e().browser.newContext({
      javaScriptEnabled: false,
      baseURL: e2e().baseUrl,
      viewport: NARROW,
      timezoneId: 'Europe/London',
      locale: 'en-GB',
    })
    try {
      const page = await context.newPage()
      await signedIn(page, OFFICER)
      const layout = new Layout(page)
      expect(await layout.menuButton().isVisible()).toBe(false)
      expect(await layout.group('Agreement').isVisible()).toBe(true)
      await layout.group('Agreement').click()
      await page.waitForURL(`**/p/${DEMO_SLUG}/indicators`)
      await layout.subPage('Coverage').click()
      await page.waitForURL(`**/p/${DEMO_SLUG}/coverage`)
      expect(await layout.subPage('Coverage').getAttribute('aria-current')).toBe('page')
      expect(await layout.scrollsSideways()).toBe(false)
    } finally {
      await context.close()
    }
    // axe runs in the page, so check the same page at 320 px with JavaScript on.
    const page = await e2e().newPage()
    await page.setViewportSize(NARROW)
    await signedIn(page, OFFICER)
    await (await Layout.open(page, `/p/${DEMO_SLUG}/coverage`)).checkAccessible()
  })
})
