import type { Page } from 'playwright-core'
import { arrive, BasePage, visit } from './base.ts'

/** The development timetable: stages and sign-offs. */
export class TimetablePage extends BasePage {
  static async open(page: Page, slug: string) {
    await visit(page, `/p/${slug}/timetable`, 'Development timetable')
    return new TimetablePage(page)
  }

  stages() {
    return this.page.locator('[data-qa="stage"]')
  }

  signoff(body: string) {
    return this.page.locator('[data-qa="signoff"]', { hasText: body })
  }

  /** Record that a body has signed, on the given date (yyyy-mm-dd). */
  async recordSignoff(body: string, date: string) {
    await this.signoff(body).locator('[data-qa="record-signoff"]').click()
    await arrive(this.page, `Record sign-off by ${body}`)
    await this.page.getByLabel('Date signed').fill(date)
    await this.page.locator('[data-qa="save"]').click()
  }
}
