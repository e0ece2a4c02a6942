import { describe, expect, it } from 'vitest'
import { DEMO_ADMIN_EMAIL, DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { browserAvailable, DEMO_PASSWORD, useE2E } from './harness.ts'
import { DashboardPage, RulesPage } from './pages/dashboard.ts'
import { SignInPage } from './pages/sign-in.ts'

describe.skipIf(!browserAvailable)('the performance dashboard in the browser', () => {
  const e2e = useE2E()

  it('shows status by theme, a target with its chart, the place comparison and the rules', async () => {
    const page = await e2e().newPage()
    const rules = await RulesPage.open(page)
    expect(await rules.heading().textContent()).toContain('How performance is assessed')
    await rules.checkAccessible()

    const signIn = await SignInPage.open(page)
    await signIn.signIn(DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    await page.waitForURL(`**/p/${DEMO_SLUG}`)

    const dashboard = await DashboardPage.open(page, DEMO_SLUG)
    await expect.poll(() => dashboard.themeCounts().isVisible()).toBe(true)
    await dashboard.checkAccessible()

    await dashboard.showAsAt('1999-01-01')
    await expect
      .poll(() => dashboard.errorSummary().textContent())
      .toContain('before the partnership was set up')
    await dashboard.checkAccessible()

    const targets = await (await DashboardPage.open(page, DEMO_SLUG)).openAllTargets()
    await expect.poll(() => targets.rows().count()).toBeGreaterThan(0)
    await targets.filter({ sort: 'Status (red first)' })
    await targets.checkAccessible()

    const target = await targets.openFirst()
    await expect.poll(() => target.table().isVisible()).toBe(true)
    expect(await target.chart().count()).toBe(1)
    await target.checkAccessible()

    const places = await target.comparePlaces()
    await expect.poll(() => places.rows().count()).toBeGreaterThan(0)
    await places.checkAccessible()
  })
})
