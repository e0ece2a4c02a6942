import type { Page } from 'playwright-core'
import { arrive, BasePage, visit } from './base.ts'

/** The risk register: its risks with their scores, appetite and trend in words. */
export class RiskRegisterPage extends BasePage {
  static async open(page: Page, slug: string, query = '') {
    await visit(page, `/p/${slug}/risks${query}`, 'Risk register')
    return new RiskRegisterPage(page)
  }

  risks() {
    return this.page.locator('[data-qa="risk"]')
  }

  risk(ref: string) {
    return this.page.locator('[data-qa="risk"]', { hasText: ref })
  }

  async addRisk() {
    await this.page.locator('[data-qa="add-risk"]').click()
    await arrive(this.page, 'Add a risk')
    return new RiskFormPage(this.page)
  }

  async openRisk(ref: string, title: string) {
    await this.risk(ref).getByRole('link', { name: ref }).click()
    await arrive(this.page, title)
    return new RiskPage(this.page)
  }
}

/** The heat map: a 5 × 5 table of likelihood by impact. */
export class HeatMapPage extends BasePage {
  static async open(page: Page, slug: string) {
    await visit(page, `/p/${slug}/risks/heat-map`, 'Risk heat map')
    return new HeatMapPage(page)
  }

  cell(likelihood: number, impact: number) {
    return this.page.locator(`[data-qa="cell-${likelihood}-${impact}"]`)
  }

  /** Follow a cell's count to the register filtered to it. */
  async openCell(likelihood: number, impact: number) {
    await this.cell(likelihood, impact).getByRole('link').first().click()
    await arrive(this.page, 'Risk register')
    return new RiskRegisterPage(this.page)
  }
}

export class RiskFormPage extends BasePage {
  descriptors() {
    return this.page.locator('[data-qa="descriptors"]')
  }

  async fill(r: {
    ref: string
    title: string
    about?: string
    category?: string
    owner?: string
    likelihood: string
    impact: string
    reviewOn?: string
  }) {
    await this.page.getByLabel('Reference').fill(r.ref)
    await this.page.getByLabel('Title', { exact: true }).fill(r.title)
    if (r.about) await this.page.getByLabel('What the risk is about').selectOption({ label: r.about })
    if (r.category) await this.page.getByLabel('Category (optional)').fill(r.category)
    if (r.owner) await this.page.getByLabel('Owner').selectOption({ label: r.owner })
    await this.page.getByLabel('Current likelihood').selectOption({ label: r.likelihood })
    await this.page.getByLabel('Current impact').selectOption({ label: r.impact })
    if (r.reviewOn) await this.page.getByLabel('Next review (optional)').fill(r.reviewOn)
  }

  async save() {
    await this.page.locator('[data-qa="save"]').click()
  }
}

/** One risk: its scores, appetite, trend and reviews. */
export class RiskPage extends BasePage {
  summary() {
    return this.page.locator('[data-qa="risk"]')
  }

  reviews() {
    return this.page.locator('[data-qa="review-row"]')
  }

  aboveAppetite() {
    return this.page.locator('.govuk-warning-text[data-qa="above-appetite"]')
  }

  async recordReview(r: { likelihood: string; impact: string; note: string }) {
    await this.page.locator('[data-qa="review"]').click()
    await arrive(this.page, 'Record a review')
    await this.page.getByLabel('Current likelihood').selectOption({ label: r.likelihood })
    await this.page.getByLabel('Current impact').selectOption({ label: r.impact })
    await this.page.getByLabel('What the review found (optional)').fill(r.note)
    await this.page.locator('[data-qa="save"]').click()
  }
}
