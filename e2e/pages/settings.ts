import type { Locator, Page } from 'playwright-core'
import { arrive, visit } from './base.ts'
import { Layout } from './layout.ts'

/** A partnership's settings page (administrators), with its logo. */
export class SettingsPage extends Layout {
  static async of(page: Page, slug: string) {
    await visit(page, `/p/${slug}/settings`, 'Partnership settings')
    return new SettingsPage(page)
  }

  /** The logo in our header, inside the link named after the partnership. */
  headerLogo(): Locator {
    return this.header().locator('[data-qa="header-logo"]')
  }

  headerPartnershipLink(): Locator {
    return this.header().locator('[data-qa="header-partnership"]')
  }

  preview(): Locator {
    return this.page.locator('[data-qa="logo-preview"]')
  }

  noLogo(): Locator {
    return this.page.locator('[data-qa="no-logo"]')
  }

  /** The logo field's error message. */
  logoError(): Locator {
    return this.page.locator('#logo-error')
  }

  /** Choose a file for the logo and save it; lands on settings again (saved, or with the error). */
  async uploadLogo(file: { name: string; mimeType: string; buffer: Buffer }) {
    await this.page.getByLabel(/(Upload|Replace) (a|the) logo/).setInputFiles(file)
    await this.page.locator('[data-qa="save-logo"]').click()
    await arrive(this.page, 'Partnership settings')
    return this
  }

  async removeLogo() {
    await this.page.locator('[data-qa="remove-logo"]').click()
    await this.noLogo().waitFor()
    return this
  }

  /** Whether the image at `locator` has loaded and has a size (the browser could decode it). */
  async loaded(locator: Locator): Promise<boolean> {
    return locator.evaluate((img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0)
  }
}
