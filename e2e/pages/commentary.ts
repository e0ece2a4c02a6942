import type { Page } from 'playwright-core'
import { arrive, BasePage, visit } from './base.ts'

/** "Commentary asked of me": the outcome lead's requests not yet written. */
export class CommentaryAskedPage extends BasePage {
  static async open(page: Page, slug: string) {
    await visit(page, `/p/${slug}/commentary/asked`, 'Commentary asked of me')
    return new CommentaryAskedPage(page)
  }

  rows() {
    return this.page.locator('[data-qa="asked-row"]')
  }

  /** Open the form of the request whose target reads `target` (e.g. "NI 135"). */
  async write(target: string) {
    await this.rows().filter({ hasText: target }).first().getByRole('link').first().click()
    await arrive(this.page, /^Commentary on /)
    return new CommentaryFormPage(this.page)
  }
}

/** A target's commentary for a period: the form, earlier versions and every period. */
export class CommentaryFormPage extends BasePage {
  async fill(fields: { commentary?: string; actions?: string; supportNeeded?: string }) {
    if (fields.commentary !== undefined)
      await this.page.getByLabel('What is happening').fill(fields.commentary)
    if (fields.actions !== undefined)
      await this.page.getByLabel('What is being done (optional)').fill(fields.actions)
    if (fields.supportNeeded !== undefined)
      await this.page.getByLabel('Support needed (optional)').fill(fields.supportNeeded)
    await this.page.locator('[data-qa="save"]').click()
  }

  periods() {
    return this.page.locator('[data-qa="periods"]')
  }

  history() {
    return this.page.locator('[data-qa="history"]')
  }
}
