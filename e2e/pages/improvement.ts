import type { Page } from 'playwright-core'
import { arrive, BasePage, visit } from './base.ts'

/** The list of improvement plans: open, closed or all, and the reviews overdue. */
export class ImprovementPlansPage extends BasePage {
  static async open(page: Page, slug: string, status?: 'open' | 'closed' | 'all') {
    await visit(page, `/p/${slug}/improvement-plans${status ? `?status=${status}` : ''}`, 'Improvement plans')
    return new ImprovementPlansPage(page)
  }

  rows() {
    return this.page.locator('[data-qa="improvement-plan"]')
  }

  overdueReviews() {
    return this.page.locator('[data-qa="overdue-reviews"]')
  }

  /** Open the plan whose target reads `target` (e.g. "NI 19"). */
  async openPlan(target: string) {
    await this.rows().filter({ hasText: target }).first().getByRole('link').first().click()
    await arrive(this.page, target)
    return new ImprovementPlanPage(this.page)
  }
}

/** One improvement plan: its details, actions, the link to escalate, and sign-off. */
export class ImprovementPlanPage extends BasePage {
  static async open(page: Page, slug: string, id: string, heading: string | RegExp) {
    await visit(page, `/p/${slug}/improvement-plans/${id}`, heading)
    return new ImprovementPlanPage(page)
  }

  status() {
    return this.page.locator('[data-qa="plan-status"]')
  }

  details() {
    return this.page.locator('[data-qa="plan-details"]')
  }

  escalateLink() {
    return this.page.locator('[data-qa="escalate"]')
  }

  signOffButton() {
    return this.page.locator('[data-qa="sign-off"]')
  }

  /** Change the plan's summary and next review (yyyy-mm-dd), and send the form. */
  async change(fields: { summary?: string; reviewOn?: string }) {
    await this.page.locator('[data-qa="edit-plan"]').click()
    await arrive(this.page, /./)
    await this.page.waitForURL('**/edit')
    if (fields.summary !== undefined) await this.page.getByLabel('Summary').fill(fields.summary)
    if (fields.reviewOn !== undefined)
      await this.page.getByLabel('Next review (optional)').fill(fields.reviewOn)
    await this.page.locator('[data-qa="save"]').click()
  }

  async signOff() {
    await this.signOffButton().click()
  }
}
