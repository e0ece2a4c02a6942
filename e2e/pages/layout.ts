import type { Locator, Page } from 'playwright-core'
import { arrive, BasePage, visit } from './base.ts'

/** What every page has around its content: our header, the grouped navigation, the footer. */
export class Layout extends BasePage {
  /** Any page, by its address and the heading it should have. */
  static async open(page: Page, path: string, heading: string | RegExp) {
    await visit(page, path, heading)
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

  /** Follow a group's link to its first page, at `path`. */
  async followGroup(name: string, path: string) {
    await this.group(name).click()
    return this.reached(path)
  }

  /** Follow one of the current group's pages, at `path`. */
  async followSubPage(name: string, path: string) {
    await this.subPage(name).click()
    return this.reached(path)
  }

  /** Follow a footer link to the page headed `heading`. */
  async followFooterLink(name: string, heading: string) {
    await this.footerLink(name).click()
    await arrive(this.page, heading)
    return this
  }

  /** Open the navigation folded behind the "Sections" button. */
  async openMenu() {
    await this.menuButton().click()
    return this
  }

  /** Press a key with the keyboard alone (Tab, Enter, …). */
  async press(key: string) {
    await this.page.keyboard.press(key)
    return this
  }

  /** The text of the element that has the keyboard focus, whitespace collapsed. */
  async focused(): Promise<string | undefined> {
    return this.page.evaluate(() => document.activeElement?.textContent?.replace(/\s+/g, ' ').trim())
  }

  /** The page's HTML as the browser has it now. */
  async html(): Promise<string> {
    return this.page.content()
  }

  /** True when the page is wider than the window (it would scroll sideways). */
  async scrollsSideways(): Promise<boolean> {
    return this.page.evaluate(
      () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
    )
  }
}
