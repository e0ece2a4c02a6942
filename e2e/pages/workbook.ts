import type { Page } from 'playwright-core'
import { BasePage, visit } from './base.ts'

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
