import type { Locator, Page } from 'playwright-core'
import { BasePage } from './base.ts'

/** "My returns": the values a provider's organisation owes in open rounds. */
export class ReturnsPage extends BasePage {
  static async open(page: Page, slug: string) {
    await page.goto(`/p/${slug}/returns`)
    return new ReturnsPage(page)
  }

  row(code: string, place: string): Locator {
    return this.page.locator(`[data-qa="return-row"][data-code="${code}"][data-place="${place}"]`)
  }

  status(code: string, place: string) {
    return this.row(code, place).locator('.govuk-tag').first().textContent()
  }

  /** Follow the row's link (Enter, Continue or View). */
  async open(code: string, place: string) {
    await this.row(code, place).getByRole('link').click()
    await this.page.waitForURL(/\/values\//)
  }
}

/** The entry form for one indicator × place × period. */
export class EntryPage extends BasePage {
  async fill(fields: { value?: string; numerator?: string; denominator?: string; commentary?: string }) {
    if (fields.value !== undefined) await this.page.getByLabel('Value', { exact: true }).fill(fields.value)
    if (fields.numerator !== undefined)
      await this.page.getByLabel('Numerator', { exact: true }).fill(fields.numerator)
    if (fields.denominator !== undefined)
      await this.page.getByLabel('Denominator', { exact: true }).fill(fields.denominator)
    if (fields.commentary !== undefined) await this.page.getByLabel('Commentary').fill(fields.commentary)
  }

  async saveAndSubmit() {
    await this.page.locator('[data-qa="save-submit"]').click()
  }

  async saveDraft() {
    await this.page.locator('[data-qa="save-draft"]').click()
  }
}

/** One value: its status, history, and the approval forms. */
export class ValuePage extends BasePage {
  static async open(page: Page, url: string) {
    await page.goto(url)
    return new ValuePage(page)
  }

  status() {
    return this.page.locator('[data-qa="status"]').textContent()
  }

  historyRows() {
    return this.page.locator('[data-qa="history"] tbody tr')
  }

  async submit() {
    await this.page.locator('[data-qa="submit"]').click()
  }

  async approve() {
    await this.page.locator('[data-qa="approve"]').click()
  }

  async returnWith(reason: string) {
    await this.page.getByLabel('Reason for returning it').fill(reason)
    await this.page.locator('[data-qa="return"]').click()
  }

  async change() {
    await this.page.locator('[data-qa="change-value"]').click()
    await this.page.waitForURL(/\/values\/enter/)
    return new EntryPage(this.page)
  }
}

/** A collection round: completeness, what awaits approval, what is overdue. */
export class RoundPage extends BasePage {
  static async openPeriod(page: Page, slug: string, period: string, opts: { checkList?: boolean } = {}) {
    await page.goto(`/p/${slug}/rounds`)
    if (opts.checkList) await new BasePage(page).checkAccessible()
    await page.getByRole('link', { name: period, exact: true }).click()
    await page.waitForURL(/\/rounds\/[0-9a-f-]{36}$/)
    return new RoundPage(page)
  }

  completeness(organisation: string, column: string) {
    return this.page
      .locator(`[data-qa="completeness-row"][data-organisation="${organisation}"] [data-qa="${column}"]`)
      .textContent()
  }

  async openAwaiting(code: string, place: string) {
    await this.page.locator(`[data-qa="awaiting-row"][data-code="${code}"][data-place="${place}"] a`).click()
    await this.page.waitForURL(/\/values\/[0-9a-f-]{36}$/)
    return new ValuePage(this.page)
  }

  awaiting() {
    return this.page.locator('[data-qa="awaiting-row"]')
  }
}

export class OutboxPage extends BasePage {
  static async open(page: Page, slug: string) {
    await page.goto(`/p/${slug}/outbox`)
    return new OutboxPage(page)
  }

  messages(kind: string) {
    return this.page.locator(`[data-qa="message"][data-kind="${kind}"]`)
  }
}
