import type { Page } from 'playwright-core'
import { arrive, BasePage, visit } from './base.ts'

/** The Partnership Directory and its gaps view. */
export class DirectoryPage extends BasePage {
  static async open(page: Page, slug: string, gaps = false) {
    await visit(
      page,
      `/p/${slug}/directory${gaps ? '/gaps' : ''}`,
      gaps ? 'Gaps in the Partnership Directory' : 'Partnership Directory',
    )
    return new DirectoryPage(page)
  }

  rows() {
    return this.page.locator('[data-qa="directory-row"]')
  }

  row(ref: string) {
    return this.page.locator(`[data-qa="directory-row"][data-ref="${ref}"]`)
  }

  /** Open the edit form of an outcome's entry, choose people by their visible option text, save. */
  async fill(
    ref: string,
    choices: Partial<
      Record<'Lead partnership' | 'Strategic board champion' | 'Executive officer' | 'Outcome lead', string>
    >,
  ) {
    await this.row(ref).locator('[data-qa="edit-entry"]').click()
    await arrive(this.page, `${ref} `)
    for (const [label, option] of Object.entries(choices))
      await this.page.getByLabel(label, { exact: true }).selectOption({ label: option })
    await this.page.locator('[data-qa="save"]').click()
  }
}
