import type { Page } from 'playwright-core'
import { arrive, BasePage, visit } from './base.ts'

/** Stored reports: the list with their status and files, and the saved definitions. */
export class ReportsPage extends BasePage {
  static async open(page: Page, slug: string) {
    await visit(page, `/p/${slug}/reports`, 'Reports')
    return new ReportsPage(page)
  }

  reports() {
    return this.page.locator('[data-qa="report"]')
  }

  report(id: string) {
    return this.page.locator(`[data-qa="report"][data-id="${id}"]`)
  }

  generateButton() {
    return this.page.locator('[data-qa="generate-report"]')
  }

  async generate() {
    await this.generateButton().click()
    await arrive(this.page, 'Generate a report')
    return new GenerateReportPage(this.page)
  }
}

/** The form asking for a report. */
export class GenerateReportPage extends BasePage {
  kind(kind: string) {
    return this.page.locator(`input[name="kind"][value="${kind}"]`)
  }

  period() {
    return this.page.getByLabel('Period reported')
  }

  /** Send the form; the report's page follows. */
  async submit(title: string | RegExp) {
    await this.page.locator('[data-qa="generate"]').click()
    await arrive(this.page, title)
    return new ReportPage(this.page)
  }
}

/** A report's page: its facts and status, progress while it is made, its files when done. */
export class ReportPage extends BasePage {
  id() {
    return /\/reports\/([0-9a-f-]{36})/.exec(this.page.url())?.[1] ?? ''
  }

  state() {
    return this.page.locator('[data-qa="report-state"]')
  }

  status() {
    return this.page.locator('[data-qa="report-status"]')
  }

  progress() {
    return this.page.locator('[data-qa="report-progress"]')
  }

  progressText() {
    return this.page.locator('[data-qa="report-progress-text"]')
  }

  /** Wait until the page says the report is finished (done or failed), as it updates itself. */
  async finished(timeout: number) {
    await this.page.locator('[data-qa="report-state"][data-finished="true"]').waitFor({ timeout })
    return this
  }

  download(format: 'html' | 'pdf' | 'xlsx') {
    return this.page.locator(`[data-qa="download-${format}"]`)
  }

  viewHtml() {
    return this.page.locator('[data-qa="view-html"]')
  }
}
