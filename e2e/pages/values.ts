import type { Locator, Page } from 'playwright-core'
import { arrive, BasePage, visit } from './base.ts'

const VALUE_PAGE = /\/values\/[0-9a-f-]{36}$/

/** "My returns": the values a provider's organisation owes in open rounds. */
export class ReturnsPage extends BasePage {
  static async open(page: Page, slug: string) {
    await visit(page, `/p/${slug}/returns`, 'My returns')
    return new ReturnsPage(page)
  }

  row(code: string, place: string): Locator {
    return this.page.locator(`[data-qa="return-row"][data-code="${code}"][data-place="${place}"]`)
  }

  /** The row's status: Not started, Draft, Submitted, Approved or Returned. */
  status(code: string, place: string) {
    return this.row(code, place).locator('.govuk-tag').first().textContent()
  }

  /** When each round closes, or until when late entry is allowed. */
  roundWindow(): Locator {
    return this.page.locator('[data-qa="round-window"]').first()
  }

  /** Follow "Enter" on a value not started yet. */
  async enter(code: string, place: string) {
    await this.row(code, place).getByRole('link').click()
    await this.page.waitForURL(/\/values\/enter/)
    await arrive(this.page, code)
    return new EntryPage(this.page)
  }

  /** Follow "Continue" or "View" on a value already entered. */
  async view(code: string, place: string) {
    await this.row(code, place).getByRole('link').click()
    await this.page.waitForURL(VALUE_PAGE)
    await arrive(this.page, code)
    return new ValuePage(this.page)
  }
}

export interface EntryFields {
  value?: string
  numerator?: string
  denominator?: string
  commentary?: string
}

/** The entry form for one indicator × place × period. */
export class EntryPage extends BasePage {
  async fill(fields: EntryFields) {
    if (fields.value !== undefined) await this.page.getByLabel('Value', { exact: true }).fill(fields.value)
    if (fields.numerator !== undefined)
      await this.page.getByLabel('Numerator', { exact: true }).fill(fields.numerator)
    if (fields.denominator !== undefined)
      await this.page.getByLabel('Denominator', { exact: true }).fill(fields.denominator)
    if (fields.commentary !== undefined) await this.page.getByLabel('Commentary').fill(fields.commentary)
  }

  /** Send the form for approval; a refused form stays open with its errors. */
  async saveAndSubmit() {
    await this.page.locator('[data-qa="save-submit"]').click()
  }

  async saveDraft() {
    await this.page.locator('[data-qa="save-draft"]').click()
  }

  /** After a save that was accepted: the value's own page. */
  async saved() {
    await this.page.waitForURL(VALUE_PAGE)
    await arrive(this.page, /\S/)
    return new ValuePage(this.page)
  }
}

/** One value: its status, history, and the approval forms. */
export class ValuePage extends BasePage {
  static async open(page: Page, url: string) {
    await page.goto(url)
    await page.waitForURL(VALUE_PAGE)
    await arrive(page, /\S/, { loaded: true })
    return new ValuePage(page)
  }

  status() {
    return this.page.locator('[data-qa="status"]').textContent()
  }

  /** The "Late" tag of a value entered after its round closed. */
  late(): Locator {
    return this.page.locator('[data-qa="late"]')
  }

  /** Why it was returned (or reopened). */
  statusReason(): Locator {
    return this.page.locator('[data-qa="status-reason"]')
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
    await arrive(this.page, /\S/)
    return new EntryPage(this.page)
  }
}

/** The partnership's collection rounds. */
export class RoundsPage extends BasePage {
  static async open(page: Page, slug: string) {
    await visit(page, `/p/${slug}/rounds`, 'Collection rounds')
    return new RoundsPage(page)
  }

  async openPeriod(period: string) {
    await this.page.getByRole('link', { name: period, exact: true }).click()
    await this.page.waitForURL(/\/rounds\/[0-9a-f-]{36}$/)
    await arrive(this.page, period)
    return new RoundPage(this.page)
  }
}

/** A collection round: completeness, what awaits approval, what is overdue. */
export class RoundPage extends BasePage {
  /** The round for `period`, from the list of rounds. */
  static async open(page: Page, slug: string, period: string) {
    return (await RoundsPage.open(page, slug)).openPeriod(period)
  }

  completeness(organisation: string, column: string) {
    return this.page
      .locator(`[data-qa="completeness-row"][data-organisation="${organisation}"] [data-qa="${column}"]`)
      .textContent()
  }

  async openAwaiting(code: string, place: string) {
    await this.page.locator(`[data-qa="awaiting-row"][data-code="${code}"][data-place="${place}"] a`).click()
    await this.page.waitForURL(VALUE_PAGE)
    await arrive(this.page, code)
    return new ValuePage(this.page)
  }

  awaiting() {
    return this.page.locator('[data-qa="awaiting-row"]')
  }
}

export class OutboxPage extends BasePage {
  static async open(page: Page, slug: string) {
    await visit(page, `/p/${slug}/outbox`, 'Outbox')
    return new OutboxPage(page)
  }

  messages(kind: string) {
    return this.page.locator(`[data-qa="message"][data-kind="${kind}"]`)
  }
}
