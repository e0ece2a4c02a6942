import type { Page } from 'playwright-core'
import { arrive, BasePage, visit } from './base.ts'

/** The partnership's delivery plans. */
export class DeliveryPlansPage extends BasePage {
  static async open(page: Page, slug: string) {
    await visit(page, `/p/${slug}/delivery/plans`, 'Delivery plans')
    return new DeliveryPlansPage(page)
  }

  rows() {
    return this.page.locator('[data-qa="plans"] tbody tr')
  }

  /** Start a plan for the outcome whose ref is `ref` (e.g. "1.7"), and arrive on its page. */
  async start(fields: { outcomeRef: string; title: string; purpose: string; lead: string }) {
    await this.page.locator('[data-qa="new-plan"]').click()
    await arrive(this.page, 'Start a delivery plan')
    const option = this.page.locator('#subject option', { hasText: `Outcome ${fields.outcomeRef} ` }).first()
    await this.page.locator('#subject').selectOption(await option.getAttribute('value'))
    await this.page.getByLabel('Title').fill(fields.title)
    await this.page.getByLabel('Purpose (optional)').fill(fields.purpose)
    await this.page.getByLabel('Lead', { exact: true }).selectOption({ label: fields.lead })
    await this.page.locator('[data-qa="save"]').click()
    await arrive(this.page, fields.title)
    return new DeliveryPlanPage(this.page)
  }
}

/** One plan: its details, actions and timeline, and its challenge. */
export class DeliveryPlanPage extends BasePage {
  /** After sending a form: the flash, or fail with the error summary's text. */
  async saved() {
    await this.page.locator('[data-qa="flash"], .govuk-error-summary').first().waitFor()
    if (await this.errorSummary().count())
      throw new Error(`The form was refused: ${await this.errorSummary().innerText()}`)
  }

  static async open(page: Page, path: string, heading: string | RegExp) {
    await visit(page, path, heading)
    return new DeliveryPlanPage(page)
  }

  status() {
    return this.page.locator('[data-qa="plan-status"]')
  }

  timeline() {
    return this.page.locator('[data-qa="timeline"] svg[role="img"]')
  }

  timelineTable() {
    return this.page.locator('[data-qa="timeline-table"]')
  }

  round(n: number) {
    return this.page.locator(`[data-qa="round-${n}"]`)
  }

  /** Add an action (dates yyyy-mm-dd) and come back to the plan. */
  async addAction(fields: { ref: string; title: string; startOn: string; dueOn: string; owner: string }) {
    await this.page.locator('[data-qa="add-action"]').click()
    await arrive(this.page, 'Add an action or milestone')
    await this.checkAccessible()
    await this.page.getByLabel('Reference').fill(fields.ref)
    await this.page.getByLabel('What will be done').fill(fields.title)
    await this.page.getByLabel('Owner').selectOption({ label: fields.owner })
    await this.page.getByLabel('Start (optional)').fill(fields.startOn)
    await this.page.getByLabel('Due', { exact: true }).fill(fields.dueOn)
    await this.page.locator('[data-qa="save"]').click()
    await this.saved()
  }

  async submit(note: string) {
    await this.page.locator('[data-qa="submit-form"] textarea').fill(note)
    await this.page.locator('[data-qa="submit-plan"]').click()
    await this.saved()
  }

  async raiseIssue(body: string) {
    await this.page.getByLabel('Raise an issue for the lead').fill(body)
    await this.page.locator('[data-qa="raise-issue"]').click()
    await this.saved()
  }

  async returnForRevision() {
    await this.page.locator('[data-qa="return-plan"]').click()
    await this.saved()
  }

  async respond(response: string) {
    await this.page.getByLabel('Your response').first().fill(response)
    await this.page.locator('[data-qa="respond"]').first().click()
    await this.saved()
  }

  async accept() {
    await this.page.locator('[data-qa="accept-plan"]').click()
    await this.saved()
  }
}
