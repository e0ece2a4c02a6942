import type { Page } from 'playwright-core'
import { arrive, BasePage, visit } from './base.ts'

/** The escalation log: what was escalated to the board and what it decided. */
export class EscalationLogPage extends BasePage {
  static async open(page: Page, slug: string, status?: string) {
    await visit(
      page,
      `/p/${slug}/escalations${status ? `?status=${status}` : ''}`,
      'Escalations to the board',
    )
    return new EscalationLogPage(page)
  }

  rows() {
    return this.page.locator('[data-qa="escalation"]')
  }

  row(title: string) {
    return this.page.locator('[data-qa="escalation"]', { hasText: title })
  }

  /** Show only escalations of one status, with the form's own button (no JavaScript needed). */
  async show(statusLabel: string) {
    await this.page.getByLabel('Show').selectOption({ label: statusLabel })
    await this.page.locator('[data-qa="filter"]').click()
    await this.page.waitForURL(/status=/)
    await arrive(this.page, 'Escalations to the board')
  }

  async openEscalation(title: string) {
    await this.row(title).getByRole('link', { name: title }).click()
    await arrive(this.page, title)
    return new EscalationPage(this.page)
  }

  async escalate() {
    await this.page.locator('[data-qa="escalate"]').click()
    await arrive(this.page, 'Escalate to the board')
    return new EscalateForm(this.page)
  }
}

/** The "Escalate to the board" form. */
export class EscalateForm extends BasePage {
  static async open(page: Page, slug: string, query = '') {
    await visit(page, `/p/${slug}/escalations/new${query}`, 'Escalate to the board')
    return new EscalateForm(page)
  }

  async fill(v: { subject?: string; title: string; question: string }) {
    if (v.subject) await this.page.getByLabel('What is escalated').selectOption({ label: v.subject })
    await this.page.getByLabel('Title').fill(v.title)
    await this.page.getByLabel('Question for the board').fill(v.question)
    await this.page.locator('[data-qa="save"]').click()
  }
}

/** One escalation, with the board's decision or the button to record it. */
export class EscalationPage extends BasePage {
  status() {
    return this.page.locator('[data-qa="status"]')
  }

  details() {
    return this.page.locator('[data-qa="escalation"]')
  }

  decideButton() {
    return this.page.locator('[data-qa="decide"]')
  }

  async decide() {
    await this.decideButton().click()
    await arrive(this.page, 'Record the board’s decision')
    return new DecisionForm(this.page)
  }
}

/** The board's decision. */
export class DecisionForm extends BasePage {
  async fill(v: { decision: string; meetingDate?: string }) {
    await this.page.getByLabel('Decision').fill(v.decision)
    if (v.meetingDate !== undefined)
      await this.page.getByLabel('Date of the board meeting (optional)').fill(v.meetingDate)
    await this.page.locator('[data-qa="save"]').click()
  }
}
