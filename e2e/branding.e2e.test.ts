import { describe, expect, it } from 'vitest'
import { DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { browserAvailable, poll, useE2E } from './harness.ts'
import { Layout } from './pages/layout.ts'
import { signedIn } from './pages/sign-in.ts'

const OFFICER = 'priya.shah@leicestershire-together.example'
const WIDE = { width: 1280, height: 800 }
const NARROW = { width: 320, height: 640 }
const HOME = `/p/${DEMO_SLUG}`

/** The footer's pages: the link, and the heading of the page it leads to. */
const FOOTER_PAGES = [
  ['Accessibility statement', 'Accessibility statement for Goldthread'],
  ['Privacy notice', 'Privacy notice'],
  ['Cookies', 'Cookies'],
] as const

describe.skipIf(!browserAvailable)('our own header, footer and grouped navigation in the browser', () => {
  const e2e = useE2E()

  /** Not signed in: the sign-in page, then a footer link. */
  async function footerPage(link: string, heading: string, viewport: { width: number; height: number }) {
    const signIn = await Layout.open(await e2e().newPage({ viewport }), '/sign-in', 'Sign in to Goldthread')
    return signIn.followFooterLink(link, heading)
  }

  describe.each(FOOTER_PAGES)('the footer’s “%s”', (link, heading) => {
    it('answers without signing in, under our header, accessibly', async () => {
      const layout = await footerPage(link, heading, WIDE)
      expect(layout.path()).toMatch(/^\/(accessibility|privacy|cookies)$/)
      await poll(() => layout.heading().textContent()).toContain(heading)
      await poll(() => layout.header().textContent()).toContain('Goldthread')
      await layout.checkAccessible()
    })

    it('does not scroll sideways at 320 px, and is accessible there', async () => {
      const layout = await footerPage(link, heading, NARROW)
      expect(await layout.scrollsSideways(), layout.page.url()).toBe(false)
      await layout.checkAccessible()
    })

    it('carries none of GOV.UK’s header, crown copyright or name', async () => {
      const layout = await footerPage(link, heading, WIDE)
      expect(await layout.html()).not.toMatch(/govuk-header|Crown\s+copyright|GOV\.UK/)
    })
  })

  it('groups the navigation for a performance officer, under the partnership’s name, accessibly', async () => {
    const layout = await Layout.open(
      await signedIn(e2e(), OFFICER, { viewport: WIDE }),
      HOME,
      'Leicestershire Together',
    )
    await poll(() => layout.groups().allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Performance')]),
    )
    await poll(async () => (await layout.groups().allTextContents()).map((s) => s.trim())).toEqual([
      'Home',
      'Performance',
      'Strategy',
      'Agreement',
      'Delivery',
      'Money',
      'Reports',
      'Administration',
    ])
    await poll(() => layout.header().textContent()).toContain('Leicestershire Together')
    await layout.checkAccessible()
  })

  it('marks the current group and page, accessibly', async () => {
    const layout = await Layout.open(
      await signedIn(e2e(), OFFICER, { viewport: WIDE }),
      HOME,
      'Leicestershire Together',
    )
    await layout.followGroup('Strategy', `/p/${DEMO_SLUG}/strategy`)
    await layout.followSubPage('Directory', `/p/${DEMO_SLUG}/directory`)
    await poll(() => layout.group('Strategy').getAttribute('aria-current')).toBe('true')
    await poll(() => layout.subPage('Directory').getAttribute('aria-current')).toBe('page')
    await layout.checkAccessible()
  })

  it('is usable by keyboard: the skip link, our header, then the groups in order', async () => {
    const page = await signedIn(e2e(), OFFICER, { viewport: WIDE })
    const layout = await Layout.open(page, `/p/${DEMO_SLUG}/dashboard`, 'Performance dashboard')
    for (const next of [
      'Skip to main content',
      'Goldthread',
      'Leicestershire Together',
      'Home',
      'Performance',
    ]) {
      await layout.press('Tab')
      await poll(() => layout.focused()).toBe(next)
    }
    await layout.press('Enter')
    await layout.reached(`/p/${DEMO_SLUG}/dashboard`)
  })

  it('folds the groups behind a button at 320 px, without sideways scrolling, accessibly', async () => {
    const layout = await Layout.open(
      await signedIn(e2e(), OFFICER, { viewport: NARROW }),
      HOME,
      'Leicestershire Together',
    )
    expect(await layout.scrollsSideways()).toBe(false)
    await layout.openMenu()
    await layout.group('Agreement').waitFor({ state: 'visible' })
    await layout.checkAccessible()
  })

  it('works without JavaScript at 320 px: every group and page is a plain link', async () => {
    const page = await signedIn(e2e(), OFFICER, { viewport: NARROW, javaScriptEnabled: false })
    const layout = await Layout.open(page, HOME, 'Leicestershire Together')
    expect(await layout.menuButton().isVisible()).toBe(false)
    await poll(() => layout.group('Agreement').isVisible()).toBe(true)
    await layout.followGroup('Agreement', `/p/${DEMO_SLUG}/indicators`)
    await layout.followSubPage('Coverage', `/p/${DEMO_SLUG}/coverage`)
    await poll(() => layout.subPage('Coverage').getAttribute('aria-current')).toBe('page')
    expect(await layout.scrollsSideways()).toBe(false)
  })

  it('keeps that page accessible at 320 px (axe runs with JavaScript on)', async () => {
    const page = await signedIn(e2e(), OFFICER, { viewport: NARROW })
    await (await Layout.open(page, `/p/${DEMO_SLUG}/coverage`, 'Coverage')).checkAccessible()
  })
})
