import { describe, expect, it } from 'vitest'
import { DEMO_ADMIN_EMAIL, DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { browserAvailable, poll, useE2E } from './harness.ts'
import { AgreementPage, CoveragePage, IndicatorCataloguePage } from './pages/agreement.ts'
import { signedIn } from './pages/sign-in.ts'

const GOVERNMENT_OFFICE = 'julia.barnes@goem.example'

describe.skipIf(!browserAvailable)('the agreement in the browser', () => {
  const e2e = useE2E()
  const asAdmin = () => signedIn(e2e(), DEMO_ADMIN_EMAIL)
  const targetAsAdmin = async (code: string) =>
    (await AgreementPage.open(await asAdmin(), DEMO_SLUG)).openTarget(code)

  it('lists the indicator catalogue accessibly', async () => {
    const catalogue = await IndicatorCataloguePage.open(await asAdmin(), DEMO_SLUG)
    await catalogue.checkAccessible()
  })

  it('finds indicators by words, accessibly', async () => {
    const catalogue = await IndicatorCataloguePage.open(await asAdmin(), DEMO_SLUG)
    await catalogue.search('re-offending')
    await poll(() => catalogue.rows().count()).toBeGreaterThanOrEqual(3)
    await catalogue.checkAccessible()
  })

  it('opens an indicator found by code and set; one without a title says so', async () => {
    const catalogue = await IndicatorCataloguePage.open(await asAdmin(), DEMO_SLUG)
    await catalogue.search('NI 2', 'National Indicator Set')
    const ni2 = await catalogue.openIndicator('NI 2')
    await poll(() => ni2.heading().textContent()).toContain('title not yet recorded')
    await ni2.checkAccessible()
  })

  it('shows the current agreement accessibly', async () => {
    const agreement = await AgreementPage.open(await asAdmin(), DEMO_SLUG)
    await poll(() => agreement.heading().textContent()).toContain(
      'Leicestershire Local Area Agreement 2008-2011',
    )
    await agreement.checkAccessible()
  })

  it('filters the agreement’s targets by kind, accessibly', async () => {
    const agreement = await AgreementPage.open(await asAdmin(), DEMO_SLUG)
    await agreement.filterKind('Reward')
    await poll(() => agreement.targetRows().count()).toBe(1)
    await agreement.checkAccessible()
  })

  it('draws a target’s trajectory chart, labelled by its title and description', async () => {
    const target = await targetAsAdmin('NI 19')
    await target.chart().waitFor({ state: 'visible' })
    await poll(() => target.chart().getAttribute('aria-labelledby')).toBe(
      'trajectory-chart-title trajectory-chart-desc',
    )
  })

  it('tables a target’s trajectory: the baseline and three years', async () => {
    const target = await targetAsAdmin('NI 19')
    await poll(() => target.trajectoryRows().count()).toBe(4)
  })

  it('shows a target’s negotiation log, accessibly', async () => {
    const target = await targetAsAdmin('NI 19')
    await poll(() => target.logEntries().count()).toBe(3)
    await target.checkAccessible()
  })

  it('refuses an empty comment with an accessible error summary', async () => {
    const target = await targetAsAdmin('NI 19')
    await target.comment('', '')
    await poll(() => target.errorSummary().textContent()).toContain('Enter the comment')
    await target.checkAccessible()
  })

  it('adds a comment with its evidence to the negotiation log', async () => {
    const target = await targetAsAdmin('NI 19')
    await target.comment('Q1 figures from the YOS are due at the end of July.', 'https://example.org/yos-q1')
    await poll(() => target.flash().textContent()).toContain('added to the negotiation log')
    await poll(() => target.logEntries().count()).toBe(4)
  })

  it('shows a target’s trajectory form accessibly', async () => {
    const target = await targetAsAdmin('NI 19')
    const form = await target.openTrajectoryForm()
    await form.checkAccessible()
  })

  it('lists the outcomes without targets, accessibly', async () => {
    const coverage = await CoveragePage.open(await asAdmin(), DEMO_SLUG)
    await poll(() => coverage.outcomesWithoutTargets().count()).toBeGreaterThan(0)
    await coverage.checkAccessible()
  })

  it('names the one target without an outcome', async () => {
    const coverage = await CoveragePage.open(await asAdmin(), DEMO_SLUG)
    await poll(() => coverage.targetsWithoutOutcome().allTextContents()).toEqual([
      expect.stringContaining('NI 186'),
    ])
  })

  it('shows the government office a target under negotiation, accessibly', async () => {
    const agreement = await AgreementPage.open(await signedIn(e2e(), GOVERNMENT_OFFICE), DEMO_SLUG)
    const target = await agreement.openTarget('NI 39')
    await poll(() => target.status().textContent()).toContain('Under negotiation')
    await target.checkAccessible()
  })

  it('lets the government office agree a target under negotiation', async () => {
    const agreement = await AgreementPage.open(await signedIn(e2e(), GOVERNMENT_OFFICE), DEMO_SLUG)
    const target = await agreement.openTarget('NI 39')
    await target.agree('Agreed at the GOEM negotiation meeting.')
    await poll(() => target.status().textContent()).toContain('Agreed')
    await poll(() => target.revisions().count()).toBe(2)
    await target.checkAccessible()
  })
})
