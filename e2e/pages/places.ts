import type { Page } from 'playwright-core'
import { BasePage } from './base.ts'

export class PlacesPage extends BasePage {
  static async open(page: Page, slug: string) {
    await page.goto(`/p/${slug}/places`)
    return new PlacesPage(page)
  }

  tree() {
    return this.page.locator('[data-qa="place-tree"]')
  }

  /** Open the add form, fill it and save. `parentLabel` is matched as a substring of the option text. */
  async add(fields: { gssCode: string; name: string; type: string; parentLabel?: string }) {
    await this.page.locator('[data-qa="add-place"]').click()
    await this.fill(fields)
  }

  async fill(fields: { gssCode: string; name: string; type: string; parentLabel?: string }) {
    await this.page.getByLabel('GSS code').fill(fields.gssCode)
    await this.page.getByLabel('Name', { exact: true }).fill(fields.name)
    if (fields.type) await this.page.getByRole('radio', { name: new RegExp(`^${fields.type}`, 'i') }).check()
    if (fields.parentLabel) {
      const options = await this.page.locator('#parentId option').allTextContents()
      const label = options.find((o) => o.includes(fields.parentLabel!))
      if (label) await this.page.locator('#parentId').selectOption({ label })
    }
    await this.page.locator('[data-qa="save"]').click()
  }
}

export class WorkbookPage extends BasePage {
  static async open(page: Page, slug: string) {
    await page.goto(`/p/${slug}/workbook`)
    return new WorkbookPage(page)
  }

  async upload(name: string, content: string) {
    await this.page
      .locator('#file')
      .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) })
    await this.page.locator('[data-qa="import"]').click()
  }
}
