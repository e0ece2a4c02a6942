import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_ADMIN_EMAIL, DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { browserAvailable, poll, useE2E } from './harness.ts'
import { AnyPage } from './pages/accessibility.ts'
import { signedIn } from './pages/sign-in.ts'

/**
 * WCAG 2.2 AA (axe-core, harness.expectAccessible) across the roles' homes, the grouped navigation
 * (also without JavaScript and at 320 px), the dashboard and a target's chart; the accessibility
 * statement from every page; and no page scrolling sideways at 320 px.
 */
const HOME = `/p/${DEMO_SLUG}`
const WIDE = { width: 1280, height: 800 }
const NARROW = { width: 320, height: 640 }
const at = (email: string) => `${email}@leicestershire-together.example`

const ROLES = [
  ['administrator', DEMO_ADMIN_EMAIL],
  ['performance officer', at('priya.shah')],
  ['outcome lead', at('tom.hughes')],
  ['data provider', at('sarah.okafor')],
  ['board member', at('margaret.ellis')],
] as const

/**
 * Groups each role is shown, and groups it is not (later issues add more groups: Delivery, Money,
 * Reports, so only these are pinned). A data provider has no use for the strategy or directory.
 */
const GROUPS: Record<(typeof ROLES)[number][0], { shown: string[]; hidden: string[] }> = {
  administrator: { shown: ['Home', 'Performance', 'Strategy', 'Agreement', 'Administration'], hidden: [] },
  'performance officer': {
    shown: ['Home', 'Performance', 'Strategy', 'Agreement', 'Administration'],
    hidden: [],
  },
  'outcome lead': { shown: ['Home', 'Performance', 'Strategy', 'Agreement'], hidden: ['Administration'] },
  'data provider': {
    shown: ['Home', 'Performance', 'Agreement', 'Administration'],
    hidden: ['Strategy', 'Delivery'],
  },
  'board member': { shown: ['Home', 'Performance', 'Strategy', 'Agreement'], hidden: ['Administration'] },
}

describe.skipIf(!browserAvailable)('accessibility (WCAG 2.2 AA) in the browser', () => {
  const e2e = useE2E()
  const open = async (email: string, path: string, heading: string | RegExp, viewport = WIDE) =>
    AnyPage.at(await signedIn(e2e(), email, { viewport }), path, heading)

  /** A target's assessment (the chart): the first target on the dashboard's list. */
  async function targetChartPath(page: Page) {
    const targets = await AnyPage.at(page, `${HOME}/dashboard/targets`, 'Targets and their status')
    return targets.firstHref(/\/dashboard\/targets\/[0-9a-f-]{36}$/)
  }

  describe.each(ROLES)('the %s’s home', (role, email) => {
    it('passes axe, with the groups the role uses', async () => {
      const home = await open(email, HOME, 'Leicestershire Together')
      const groups = async () => (await home.groups().allTextContents()).map((s) => s.trim())
      await poll(groups).toEqual(expect.arrayContaining(GROUPS[role].shown))
      for (const hidden of GROUPS[role].hidden) expect(await groups()).not.toContain(hidden)
      expect((await groups())[0]).toBe('Home')
      await home.checkAccessible()
    })

    it('passes axe at 320 px without scrolling sideways, the groups behind the menu button', async () => {
      const home = await open(email, HOME, 'Leicestershire Together', NARROW)
      expect(await home.overflowing(), 'sticks out').toEqual([])
      expect(await home.scrollsSideways()).toBe(false)
      await home.openMenu()
      await home.group('Performance').waitFor({ state: 'visible' })
      await home.checkAccessible()
    })

    it('without JavaScript at 320 px: every group is a plain link, and the page does not scroll sideways', async () => {
      const page = await signedIn(e2e(), email, { viewport: NARROW, javaScriptEnabled: false })
      const home = await AnyPage.at(page, HOME, 'Leicestershire Together')
      expect(await home.menuButton().isVisible()).toBe(false)
      for (const group of GROUPS[role].shown) await poll(() => home.group(group).isVisible()).toBe(true)
      expect(await home.scrollsSideways()).toBe(false)
      await home.group('Performance').click()
      await home.page.waitForURL(/\/(dashboard|returns)$/)
      expect(await home.scrollsSideways()).toBe(false)
      // A group of several pages shows them as a sub-navigation of plain links.
      if (role === 'administrator' || role === 'performance officer')
        await poll(() => home.subPage('Rounds').isVisible()).toBe(true)
    })

    it('as without JavaScript at 320 px (the page’s scripts blocked), the navigation passes axe', async () => {
      // axe needs JavaScript, so here the page's own scripts are stopped instead.
      const page = await signedIn(e2e(), email, { viewport: NARROW })
      const home = await AnyPage.withoutScripts(page, HOME, 'Leicestershire Together')
      expect(await home.menuButton().isVisible()).toBe(false)
      await poll(() => home.group('Performance').isVisible()).toBe(true)
      expect(await home.scrollsSideways()).toBe(false)
      await home.checkAccessible()
    })
  })

  it('the grouped navigation: a group’s sub-navigation passes axe, wide and at 320 px', async () => {
    for (const viewport of [WIDE, NARROW]) {
      const layout = await open(at('priya.shah'), `${HOME}/rounds`, 'Collection rounds', viewport)
      await poll(() => layout.subPage('Rounds').getAttribute('aria-current')).toBe('page')
      await layout.checkAccessible()
    }
  })

  it('the dashboard passes axe, wide and at 320 px', async () => {
    for (const viewport of [WIDE, NARROW]) {
      const dashboard = await open(
        at('margaret.ellis'),
        `${HOME}/dashboard`,
        'Performance dashboard',
        viewport,
      )
      await dashboard.checkAccessible()
    }
  })

  it('a target’s chart passes axe, wide and at 320 px', async () => {
    const path = await targetChartPath(await signedIn(e2e(), at('margaret.ellis'), { viewport: WIDE }))
    for (const viewport of [WIDE, NARROW]) {
      const target = await open(at('margaret.ellis'), path, /\S/, viewport)
      await target.page.locator('[data-qa="assessment-chart"] svg').first().waitFor()
      await target.checkAccessible()
    }
  })

  /** Pages by who may see them, with their headings. */
  const SAMPLE: [string, string, string | RegExp][] = [
    [DEMO_ADMIN_EMAIL, HOME, 'Leicestershire Together'],
    [DEMO_ADMIN_EMAIL, `${HOME}/dashboard`, 'Performance dashboard'],
    [DEMO_ADMIN_EMAIL, `${HOME}/dashboard/targets`, 'Targets and their status'],
    [DEMO_ADMIN_EMAIL, `${HOME}/rounds`, 'Collection rounds'],
    [DEMO_ADMIN_EMAIL, `${HOME}/audit`, 'Audit trail'],
    [DEMO_ADMIN_EMAIL, `${HOME}/agreements`, 'Local Area Agreements'],
    [DEMO_ADMIN_EMAIL, `${HOME}/coverage`, 'Coverage'],
    [DEMO_ADMIN_EMAIL, `${HOME}/indicators`, 'Indicator catalogue'],
    [DEMO_ADMIN_EMAIL, `${HOME}/users`, /Users/],
    [DEMO_ADMIN_EMAIL, `${HOME}/settings`, 'Partnership settings'],
    [at('sarah.okafor'), `${HOME}/returns`, 'My returns'],
  ]

  describe.each(SAMPLE)('as %s, %s', (email, path, heading) => {
    it('links to the accessibility statement and does not scroll sideways at 320 px', async () => {
      const page = await open(email, path, heading, NARROW)
      await poll(() => page.statementLink().getAttribute('href')).toBe('/accessibility')
      expect(await page.overflowing(), 'sticks out').toEqual([])
      expect(await page.scrollsSideways()).toBe(false)
      for (const t of await page.wideTables()) {
        expect(t.region, `the table "${t.table}" scrolls in a labelled, focusable region`).toMatchObject({
          tabindex: '0',
          scrolls: true,
        })
        expect(t.region?.label).toBeTruthy()
      }
    })
  })

  it('pages below the lists (a round, a target, its chart) do not scroll sideways at 320 px', async () => {
    const wide = await signedIn(e2e(), DEMO_ADMIN_EMAIL, { viewport: WIDE })
    const rounds = await AnyPage.at(wide, `${HOME}/rounds`, 'Collection rounds')
    const round = await rounds.firstHref(/\/rounds\/[0-9a-f-]{36}$/)
    const agreements = await AnyPage.at(wide, `${HOME}/agreements`, 'Local Area Agreements')
    const agreement = await agreements.firstHref(/\/agreements\/[0-9a-f-]{36}$/)
    const target = await (await AnyPage.at(wide, agreement, /\S/)).firstHref(/\/targets\/[0-9a-f-]{36}$/)
    const chart = await targetChartPath(wide)
    for (const path of [round, target, chart]) {
      const page = await open(DEMO_ADMIN_EMAIL, path, /\S/, NARROW)
      await poll(() => page.statementLink().getAttribute('href')).toBe('/accessibility')
      expect(await page.overflowing(), `${path} sticks out`).toEqual([])
      expect(await page.scrollsSideways(), path).toBe(false)
      await page.checkAccessible()
    }
  })

  it('the statement says how the service was tested, and passes axe at 320 px', async () => {
    const page = await AnyPage.at(
      await e2e().newPage({ viewport: NARROW }),
      '/sign-in',
      'Sign in to Goldthread',
    )
    await page.followFooterLink('Accessibility statement', 'Accessibility statement for Goldthread')
    await poll(() => page.page.locator('main').textContent()).toMatch(/axe/i)
    expect(await page.scrollsSideways()).toBe(false)
    await page.checkAccessible()
  })
})
