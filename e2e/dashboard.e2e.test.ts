import { describe, it } from 'vitest'
import { DEMO_ADMIN_EMAIL, DEMO_SLUG } from '../src/demo/leicestershire.ts'
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
})
