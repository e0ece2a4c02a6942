import type { Page } from 'playwright-core'
import { arrive, BasePage, visit } from './base.ts'

export class PlacesPage extends BasePage {
  static async open(page: Page, slug: string) {
    await visit(page, `/p/${slug}/places`, 'Places')
    return new PlacesPage(page)
  }

  tree() {
    return this.page.locator('[data-qa="place-tree"]')
  }

  /** Open the add form, fill it and save. `parentLabel` is matched as a substring of the option text. */
  async add(fields: { gssCode: string; name: string; type: string; parentLabel?: string }) {
    await this.page.locator('[data-qa="add-place"]').click()
    await arrive(this.page, 'Add a place')
    await this.fill(fields)
  }

  async fill(fields: { gssCode: string; name: string; type: string; parentLabel?: string }) {
    await this.page.getByLabel('GSS code').fill(fields.gssCode)
    await this.page.getByLabel('Name', { exact: true }).fill(fields.name)
    if (fields.type) await this.page.getByRole('radio', { name: new RegExp(`^${fields.type}`, 'i') }).check()
    if (fields.parentLabel) {
      const parent = fields.parentLabel
      const options = await this.page.locator('#parentId option').allTextContents()
      const label = options.find((o) => o.includes(parent))
      if (label) await this.page.locator('#parentId').selectOption({ label })
    }
    await this.page.locator('[data-qa="save"]').click()
  }
}
