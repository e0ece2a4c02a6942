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

/** Import and export: the workbook, its CSV sheets and the export forms. */
export class WorkbookPage extends BasePage {
  static async open(page: Page, slug: string) {
    await visit(page, `/p/${slug}/workbook`, 'Import and export')
    return new WorkbookPage(page)
  }

  /** The values export with `query` (e.g. a bad filter), which answers with the workbook page's form. */
  static async openValuesExport(page: Page, slug: string, query: string) {
    await visit(page, `/p/${slug}/workbook/exports/Values?${query}`, 'Import and export')
    return new WorkbookPage(page)
  }

  /** The progress bar the upload script shows while a file is sent. */
  progress() {
    return this.page.locator('[data-upload-progress]')
  }

  /** The answer to an import: the panel and the table of counts per sheet. */
  complete() {
    return this.page.locator('[data-qa="import-complete"]')
  }

  counts() {
    return this.page.locator('[data-qa="import-counts"]')
  }

  /** Choose a CSV file and import it; the answer (counts or problems) is shown on this page. */
  async upload(name: string, content: string) {
    await this.page
      .locator('#file')
      .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) })
    await this.page.locator('[data-qa="import"]').click()
  }

  /** Wait for a successful import's answer (its panel or its counts). */
  async imported() {
    await this.page.locator('[data-qa="import-complete"], [data-qa="import-counts"]').first().waitFor()
    return this
  }
}
