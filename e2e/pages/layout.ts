import type { Locator, Page } from 'playwright-core'
import { BasePage } from './base.ts'

/** What every page has around its content: our header, the grouped navigation, the footer. */
export class Layout extends BasePage {
  static async open(page: Page, path: string) {
    await page.goto(path)
    return new Layout(page)
  }

  header(): Locator {
    return this.page.locator('[data-qa="header"]')
  }

  /** The service navigation: one link per group. */
  groups(): Locator {
    return this.page.locator('[data-qa="service-navigation"] .govuk-service-navigation__link')
  }

  group(name: string): Locator {
    return this.page.locator('[data-qa="service-navigation"]').getByRole('link', { name, exact: true })
  }

  /** The button that opens the collapsed navigation on a narrow screen (JavaScript only). */
  menuButton(): Locator {
    return this.page.locator('[data-qa="service-navigation"]').getByRole('button', { name: 'Sections' })
  }

  /** The current group's pages. */
  subNavigation(): Locator {
    return this.page.locator('[data-qa="sub-navigation"]')
  }

  subPage(name: string): Locator {
    return this.subNavigation().getByRole('link', { name, exact: true })
  }

  footer(): Locator {
    return this.page.locator('[data-qa="footer"]')
  }

  footerLink(name: string): Locator {
    return this.footer().getByRole('link', { name, exact: true })
  }

  /** True when the page is wider than the window (it would scroll sideways). */
  async scrollsSideways(): Promise<boolean> {
    return this.page.evaluate(
      () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
    )
  }
}
