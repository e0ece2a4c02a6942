import type { Page } from 'playwright-core'
import { BasePage } from './base.ts'

/** The performance dashboard and the pages below it. */
export class DashboardPage extends BasePage {
  static async open(page: Page, slug: string, asAt?: string) {
    await page.goto(`/p/${slug}/dashboard${asAt ? `?as-at=${encodeURIComponent(asAt)}` : ''}`)
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
  }

  async openFirst() {
    await this.rows().first().getByRole('link').first().click()
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
    await page.goto('/help/assessment-rules')
    return new RulesPage(page)
  }
}
