import type { Locator, Page } from 'playwright-core'
import { expectAccessible } from '../harness.ts'

/** Page objects: one per screen, locating by role, label or data-qa, never by layout. */
export class BasePage {
  constructor(readonly page: Page) {}

  heading(): Locator {
    return this.page.getByRole('heading', { level: 1 })
  }

  errorSummary(): Locator {
    return this.page.locator('.govuk-error-summary')
  }

  flash(): Locator {
    return this.page.locator('[data-qa="flash"]')
  }

  async checkAccessible() {
    await expectAccessible(this.page)
    return this
  }

  async signOut() {
    await this.page.locator('[data-qa="sign-out"]').click()
    await this.page.waitForURL('**/sign-in')
  }
}
