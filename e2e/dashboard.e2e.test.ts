import { describe, expect, it } from 'vitest'
import { DEMO_ADMIN_EMAIL, DEMO_SLUG, demoPeople } from '../src/demo/leicestershire.ts'
import { browserAvailable, poll, useE2E } from './harness.ts'
import { DashboardPage, RulesPage } from './pages/dashboard.ts'
import { signedIn } from './pages/sign-in.ts'

describe.skipIf(!browserAvailable)('the performance dashboard in the browser', () => {
  const e2e = useE2E()
  const dashboard = async () => DashboardPage.open(await signedIn(e2e(), DEMO_ADMIN_EMAIL), DEMO_SLUG)
  /** All targets, red first (as a manager looks for trouble). */
  const targetsRedFirst = async () => {
    const targets = await (await dashboard()).openAllTargets()
    await targets.filter({ sort: 'Status (red first)' })
    return targets
  }

  it('explains the assessment rules without signing in, accessibly', async () => {
    const rules = await RulesPage.open(await e2e().newPage())
    await poll(() => rules.heading().textContent()).toContain('How performance is assessed')
    await rules.checkAccessible()
  })

  it('shows status by theme, accessibly', async () => {
    const page = await dashboard()
    await page.themeCounts().waitFor({ state: 'visible' })
    await page.checkAccessible()
  })

  it('refuses an as-at date before the partnership was set up, accessibly', async () => {
    const page = await dashboard()
    await page.showAsAt('1999-01-01')
    await poll(() => page.errorSummary().textContent()).toContain('before the partnership was set up')
    await page.checkAccessible()
  })

  it('lists all targets', async () => {
    const targets = await (await dashboard()).openAllTargets()
    await poll(() => targets.rows().count()).toBeGreaterThan(0)
  })

  it('sorts the targets red first, accessibly', async () => {
    const targets = await targetsRedFirst()
    await targets.checkAccessible()
  })

  it('shows a target’s assessment with its chart and table, accessibly', async () => {
    const target = await (await targetsRedFirst()).openFirst()
    await target.table().waitFor({ state: 'visible' })
    await poll(() => target.chart().count()).toBe(1)
    await target.checkAccessible()
  })

  it('compares a target’s places, accessibly', async () => {
    const target = await (await targetsRedFirst()).openFirst()
    const places = await target.comparePlaces()
    await poll(() => places.rows().count()).toBeGreaterThan(0)
    await places.checkAccessible()
  })

  describe('as a board member, at a glance', () => {
    const boardEmail = demoPeople.find((p) => p.role === 'board_member')!.email
    const boardDashboard = async (options = {}) =>
      DashboardPage.open(await signedIn(e2e(), boardEmail, options), DEMO_SLUG)

    it('shows a bar per theme with its shares in words, every status in words, accessibly', async () => {
      const page = await boardDashboard()
      const bars = page.page.locator('[data-qa="theme-bar"] svg.gt-bar[role="img"]')
      await poll(() => bars.count()).toBeGreaterThan(0)
      // Each bar describes its shares in words, and the same words are beside it.
      const desc = await bars.first().locator('desc').textContent()
      expect(desc).toMatch(/\d+ (green|amber|red|not rated) \(\d+%\)/)
      await poll(() => page.page.locator('[data-qa="theme-bar"]').first().textContent()).toMatch(
        /Green\s+\d+\s+Amber\s+\d+\s+Red\s+\d+\s+Not rated\s+\d+/,
      )
      // Every target's status is a word in a tag, never colour alone.
      const statuses = page.page.locator('[data-qa="glance-status"]')
      await poll(() => statuses.count()).toBeGreaterThan(0)
      for (const text of await statuses.allTextContents())
        expect(text.trim()).toMatch(/^(Green|Amber|Red|No data|No target|Not rated)$/)
      await page.checkAccessible()
    })

    it('links every figure to the target behind it, and each trend has its words', async () => {
      const page = await boardDashboard()
      const rows = page.page.locator('[data-qa="glance-row"]')
      await poll(() => rows.count()).toBeGreaterThan(0)
      const hrefs = await page.page
        .locator('[data-qa="glance-value"]')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href')))
      expect(hrefs.length).toBeGreaterThan(0)
      for (const href of hrefs) expect(href).toMatch(/\/dashboard\/targets\/[0-9a-f-]{36}$/)
      const trend = page.page.locator('[data-qa="glance-trend"] svg[role="img"]').first()
      expect(await trend.getAttribute('aria-label')).toMatch(/trend.*: \d{4}\/\d{2}/)
      // Following a figure reaches the target's own page.
      await page.page.locator('[data-qa="glance-value"]').first().click()
      await page.page.waitForURL(/\/dashboard\/targets\/[0-9a-f-]{36}$/)
      await poll(() => page.page.locator('[data-qa="assessment-table"]').count()).toBe(1)
    })

    it('does not scroll sideways at 320 px: wide tables scroll inside themselves', async () => {
      const page = await boardDashboard({ viewport: { width: 320, height: 800 } })
      await page.themeCounts().waitFor({ state: 'attached' })
      const overflow = await page.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      )
      expect(overflow).toBeLessThanOrEqual(0)
    })
  })
})
