import type { Page } from 'playwright-core'
import { arrive, BasePage, visit } from './base.ts'

export class OrganisationsPage extends BasePage {
  static async open(page: Page, slug: string) {
    await visit(page, `/p/${slug}/organisations`, 'Partner organisations')
    return new OrganisationsPage(page)
  }

  rows() {
    return this.page.locator('[data-qa="organisations"] tbody tr')
  }

  /** Follow "Add an organisation", fill the form and save; a refused form stays open with its errors. */
  async add(name: string, typeLabel: string, duty: boolean) {
    await this.page.locator('[data-qa="add-organisation"]').click()
    await arrive(this.page, 'Add an organisation')
    await this.fill(name, typeLabel, duty)
  }

  /** Fill the add/change form and save. */
  async fill(name: string, typeLabel: string, duty: boolean) {
    await this.page.getByLabel('Name', { exact: true }).fill(name)
    if (typeLabel) await this.page.getByLabel('Type').selectOption({ label: typeLabel })
    if (duty) await this.page.getByLabel('A named partner under the duty to co-operate').check()
    await this.page.locator('[data-qa="save"]').click()
  }

  /** After a save: back on the list. */
  async backOnList() {
    await this.page.waitForURL('**/organisations')
    await arrive(this.page, 'Partner organisations')
    return this
  }
}
