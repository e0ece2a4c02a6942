import type { Page } from 'playwright-core'
import { arrive, BasePage, visit } from './base.ts'

/** The performance dashboard and the pages below it. */
export class DashboardPage extends BasePage {
  static async open(page: Page, slug: string, asAt?: string) {
    const query = asAt ? `?as-at=${encodeURIComponent(asAt)}` : ''
    await visit(page, `/p/${slug}/dashboard${query}`, 'Performance dashboard')
    return new DashboardPage(page)
  }

  themeCounts() {
    return this.page.locator('[data-qa="theme-counts"]')
  }

  total(status: string) {
    return this.page.locator(`[data-qa="total-${status}"]`)
  }

  async showAsAt(text: string) {
    await this.page.getByLabel(/As at/).fill(text)
    await this.page.locator('[data-qa="as-at-submit"]').click()
  }

  async openAllTargets() {
    await this.page.locator('[data-qa="all-targets"]').first().click()
    await arrive(this.page, 'Targets and their status')
    return new DashboardTargetsPage(this.page)
  }
}

export class DashboardTargetsPage extends BasePage {
  rows() {
    return this.page.locator('[data-qa="target-row"]')
  }

  async filter(opts: { status?: string; sort?: string }) {
    if (opts.status) await this.page.getByLabel('Status').selectOption({ label: opts.status })
    if (opts.sort) await this.page.getByLabel('Sort by').selectOption({ label: opts.sort })
    await this.page.locator('[data-qa="apply-filters"]').click()
    await this.page.waitForURL(/\/dashboard\/targets\?/)
    await arrive(this.page, 'Targets and their status')
  }

  async openFirst() {
    await this.rows().first().getByRole('link').first().click()
    await this.page.waitForURL(/\/dashboard\/targets\/[0-9a-f-]{36}/)
    await arrive(this.page, /\S/)
    return new TargetAssessmentPage(this.page)
  }
}

export class TargetAssessmentPage extends BasePage {
  chart() {
    return this.page.locator('[data-qa="assessment-chart"] svg[role="img"]')
  }

  table() {
    return this.page.locator('[data-qa="assessment-table"]')
  }

  async comparePlaces() {
    await this.page.locator('[data-qa="compare-places"]').click()
    await arrive(this.page, / by place, /)
    return new PlaceComparisonPage(this.page)
  }
}

export class PlaceComparisonPage extends BasePage {
  rows() {
    return this.page.locator('[data-qa="place-row"]')
  }
}

export class RulesPage extends BasePage {
  static async open(page: Page) {
    await visit(page, '/help/assessment-rules', 'How performance is assessed')
    return new RulesPage(page)
  }
}
