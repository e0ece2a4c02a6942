import { describe, expect, it } from 'vitest'
import { DEMO_ADMIN_EMAIL, DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { browserAvailable, DEMO_PASSWORD, useE2E } from './harness.ts'
import { AgreementPage, CoveragePage, IndicatorCataloguePage } from './pages/agreement.ts'
import { SignInPage } from './pages/sign-in.ts'

describe.skipIf(!browserAvailable)('the agreement in the browser', () => {
  const e2e = useE2E()

  it('searches the catalogue, reads the agreement and a target’s chart, negotiates, and checks coverage', async () => {
    const page = await e2e().newPage()
    const signIn = await SignInPage.open(page)
    await signIn.signIn(DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    await page.waitForURL(`**/p/${DEMO_SLUG}`)

    const catalogue = await IndicatorCataloguePage.open(page, DEMO_SLUG)
    await catalogue.checkAccessible()
    await catalogue.search('re-offending')
    expect(await catalogue.rows().count()).toBeGreaterThanOrEqual(3)
    await catalogue.checkAccessible()
    await catalogue.search('NI 2', 'National Indicator Set')
    const ni2 = await catalogue.openIndicator('NI 2')
    expect(await ni2.heading().textContent()).toContain('title not yet recorded')
    await ni2.checkAccessible()

    const agreement = await AgreementPage.open(page, DEMO_SLUG)
    expect(await agreement.heading().textContent()).toContain('Leicestershire Local Area Agreement 2008-2011')
    await agreement.checkAccessible()
    await agreement.filterKind('Reward')
    expect(await agreement.targetRows().count()).toBe(1)
    await agreement.checkAccessible()

    const target = await agreement.openTarget('NI 19')
    await expect.poll(() => target.chart().isVisible()).toBe(true)
    expect(await target.chart().getAttribute('aria-labelledby')).toBe(
      'trajectory-chart-title trajectory-chart-desc',
    )
    expect(await target.trajectoryRows().count()).toBe(4) // the baseline and three years
    expect(await target.logEntries().count()).toBe(3)
    await target.checkAccessible()

    await target.comment('', '')
    await expect.poll(() => target.errorSummary().textContent()).toContain('Enter the comment')
    await target.checkAccessible()
    await target.comment('Q1 figures from the YOS are due at the end of July.', 'https://example.org/yos-q1')
    await expect.poll(() => target.flash().textContent()).toContain('added to the negotiation log')
    expect(await target.logEntries().count()).toBe(4)

    await page.goto(`${page.url().split('#')[0]}/trajectory`)
    await target.checkAccessible()

    const coverage = await CoveragePage.open(page, DEMO_SLUG)
    expect(await coverage.outcomesWithoutTargets().count()).toBeGreaterThan(0)
    expect(await coverage.targetsWithoutOutcome().allTextContents()).toEqual([
      expect.stringContaining('NI 186'),
    ])
    await coverage.checkAccessible()
  })

  it('lets the government office agree a target under negotiation', async () => {
    const page = await e2e().newPage()
    const signIn = await SignInPage.open(page)
    await signIn.signIn('julia.barnes@goem.example', DEMO_PASSWORD)
    await page.waitForURL(`**/p/${DEMO_SLUG}`)
    const agreement = await AgreementPage.open(page, DEMO_SLUG)
    const target = await agreement.openTarget('NI 39')
    expect(await target.status().textContent()).toContain('Under negotiation')
    await target.checkAccessible()
    await target.agree('Agreed at the GOEM negotiation meeting.')
    await expect.poll(() => target.status().textContent()).toContain('Agreed')
    expect(await target.revisions().count()).toBe(2)
    await target.checkAccessible()
  })
})
