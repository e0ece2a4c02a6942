import { describe, expect, it } from 'vitest'
import { DEMO_ADMIN_EMAIL, DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { browserAvailable, eventually, expectAccessible, poll, useE2E } from './harness.ts'
import { arrive, visit } from './pages/base.ts'
import { HeatMapPage, RiskPage, RiskRegisterPage } from './pages/risks.ts'
import { signedIn } from './pages/sign-in.ts'

const BOARD_MEMBER = 'margaret.ellis@leicestershire-together.example'
const SCRUTINY = 'robert.field@leicestershire-together.example'

describe.skipIf(!browserAvailable)('the risk register and its heat map in the browser', () => {
  const e2e = useE2E()
  const asAdmin = () => signedIn(e2e(), DEMO_ADMIN_EMAIL)

  it('lists the demo risks with their scores, appetite and trend in words, accessibly', async () => {
    const register = await RiskRegisterPage.open(await asAdmin(), DEMO_SLUG)
    await poll(() => register.risks().count()).toBeGreaterThanOrEqual(5)
    await eventually(async () => {
      const r01 = await register.risk('R-01').textContent()
      expect(r01).toContain('16 High')
      expect(r01).toContain('Above appetite (12)')
      expect(r01).toContain('Falling')
      expect(r01).toContain('NI 19')
    })
    await register.checkAccessible()
  })

  it('shows the heat map as a table whose cells count and link to their risks, accessibly', async () => {
    const map = await HeatMapPage.open(await asAdmin(), DEMO_SLUG)
    await eventually(async () => {
      const cell = await map.cell(4, 4).textContent()
      expect(cell).toContain('16 High')
      expect(cell).toMatch(/\d+ risks? at likelihood 4, impact 4/)
      expect(cell).toContain('R-01')
    })
    await poll(() => map.cell(1, 1).textContent()).toContain('1 Low')
    await map.checkAccessible()
    const filtered = await map.openCell(4, 4)
    await poll(() => filtered.risk('R-01').count()).toBe(1)
    await poll(() => filtered.page.locator('caption').first().textContent()).toContain(
      'likelihood 4 and impact 4',
    )
  })

  it('adds a risk through the form with the descriptors shown, reviews it and shows the trend', async () => {
    const register = await RiskRegisterPage.open(await asAdmin(), DEMO_SLUG)
    const form = await register.addRisk()
    await poll(() => form.descriptors().textContent()).toContain('Almost certain')
    await form.checkAccessible()
    // A score outside the scale is not on offer; a missing one is named.
    await form.fill({ ref: 'E2E-01', title: 'Browser risk', likelihood: 'Choose', impact: '3 Moderate' })
    await form.save()
    await poll(() => form.errorSummary().textContent()).toContain('Choose the current likelihood (1 to 5)')
    await form.checkAccessible()
    await form.fill({
      ref: 'E2E-01',
      title: 'Browser risk',
      category: 'Performance',
      owner: 'Tom Hughes (Leicestershire County Council)',
      likelihood: '4 Likely',
      impact: '4 Major',
    })
    await form.save()
    await arrive(form.page, 'Browser risk')
    const risk = new RiskPage(form.page)
    await poll(() => risk.aboveAppetite().textContent()).toContain('Above appetite')
    await risk.recordReview({ likelihood: '2 Unlikely', impact: '4 Major', note: 'Controls working' })
    await arrive(risk.page, 'Browser risk')
    await poll(() => risk.reviews().count()).toBe(2)
    await poll(() => risk.summary().textContent()).toContain('Falling')
    await poll(() => risk.aboveAppetite().count()).toBe(0)
    await risk.checkAccessible()
  })

  it('lists high risks and overdue reviews, and the appetite and workshop pages, accessibly', async () => {
    const page = await asAdmin()
    await visit(page, `/p/${DEMO_SLUG}/risks/high`, 'High risks for the steering group')
    await poll(() => page.locator('[data-qa="high-risks"] [data-qa="risk"]').first().textContent()).toContain(
      'R-01',
    )
    await expectAccessible(page)
    await visit(page, `/p/${DEMO_SLUG}/risks/overdue`, 'Risk reviews overdue')
    await expectAccessible(page)
    await visit(page, `/p/${DEMO_SLUG}/risks/appetite`, 'Risk appetite')
    await poll(() => page.locator('[data-qa="appetite"]').count()).toBeGreaterThanOrEqual(3)
    await expectAccessible(page)
    await visit(page, `/p/${DEMO_SLUG}/risks/workshops`, 'Risk assessment workshops')
    await page.getByRole('link', { name: 'Area based risk assessment workshop' }).click()
    await arrive(page, 'Area based risk assessment workshop')
    await poll(() => page.locator('[data-qa="workshop-risks"] li').count()).toBe(3)
    await expectAccessible(page)
  })

  it('lets a board member set the appetite and scrutiny only read', async () => {
    const board = await signedIn(e2e(), BOARD_MEMBER)
    await visit(board, `/p/${DEMO_SLUG}/risks/appetite`, 'Risk appetite')
    await board.getByLabel('Category').fill('Reputation')
    await board.getByLabel('Highest acceptable score (1 to 25)').fill('8')
    await board.locator('[data-qa="save"]').click()
    await poll(() =>
      board.locator('[data-qa="appetite"]', { hasText: 'Reputation' }).textContent(),
    ).toContain('8 Moderate')
    const scrutiny = await signedIn(e2e(), SCRUTINY)
    const register = await RiskRegisterPage.open(scrutiny, DEMO_SLUG)
    await poll(() => register.risks().count()).toBeGreaterThanOrEqual(5)
    await poll(() => scrutiny.locator('[data-qa="add-risk"]').count()).toBe(0)
  })
})
