import type { Locator, Page } from 'playwright-core'
import { Layout } from './layout.ts'

/** Checks every page shares: the footer's statement link, no sideways scrolling, scrollable tables. */
export class AnyPage extends Layout {
  static async at(page: Page, path: string, heading: string | RegExp) {
    await Layout.open(page, path, heading)
    return new AnyPage(page)
  }

  /**
   * A page as a browser without JavaScript shows it, yet with JavaScript on for axe: the page's
   * scripts are not loaded, and the class GOV.UK Frontend's inline script adds is taken off again.
   */
  static async withoutScripts(page: Page, path: string, heading: string | RegExp) {
    await page.route(/\/(public\/init\.js|govuk\/govuk-frontend\.min\.js)$/, (route) => route.abort())
    const at = await AnyPage.at(page, path, heading)
    await page.evaluate(() => document.body.classList.remove('govuk-frontend-supported'))
    return at
  }

  /** The footer's link to the accessibility statement. */
  statementLink(): Locator {
    return this.footerLink('Accessibility statement')
  }

  /** The first link on the page whose address matches `pattern`, without the origin. */
  async firstHref(pattern: RegExp): Promise<string> {
    const hrefs = await this.page
      .locator('main a[href]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))
    const href = hrefs.find((h) => pattern.test(h))
    if (!href) throw new Error(`No link matching ${String(pattern)} on ${this.page.url()}`)
    return href
  }

  /**
   * Tables wider than their container, and whether each sits in a container that scrolls and that
   * a keyboard can reach (a focusable, labelled region).
   */
  async wideTables() {
    return this.page.evaluate(() =>
      Array.from(document.querySelectorAll('main table'))
        .filter((t) => t.getBoundingClientRect().width > document.documentElement.clientWidth)
        .map((t) => {
          const region = t.closest('[role="region"]')
          return {
            table: (t.querySelector('caption')?.textContent ?? t.outerHTML.slice(0, 80)).trim(),
            region: region
              ? {
                  label: region.getAttribute('aria-label'),
                  tabindex: region.getAttribute('tabindex'),
                  scrolls: region.scrollWidth > region.clientWidth,
                }
              : null,
          }
        }),
    )
  }

  /** Elements sticking out past the right edge of the window (what would make the page scroll). */
  async overflowing(): Promise<string[]> {
    return this.page.evaluate(() => {
      const width = document.documentElement.clientWidth
      const out: string[] = []
      for (const el of Array.from(document.querySelectorAll('body *'))) {
        const r = el.getBoundingClientRect()
        if (r.right > width + 1 && r.width > 0) {
          // Only the outermost: skip what sits inside something already reported or a scroller.
          let p = el.parentElement
          let inside = false
          while (p) {
            if (getComputedStyle(p).overflowX !== 'visible' || p.getBoundingClientRect().right > width + 1) {
              inside = true
              break
            }
            p = p.parentElement
          }
          if (!inside)
            out.push(
              `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')} (${Math.round(r.right)}px)`,
            )
        }
      }
      return out
    })
  }
}
