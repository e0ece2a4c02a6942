import type { Page } from 'playwright-core'
import { arrive, BasePage, visit } from './base.ts'

/** Funding streams for a year: the tree with budget, allocated and unallocated. */
export class FundingStreamsPage extends BasePage {
  static async open(page: Page, slug: string) {
    await visit(page, `/p/${slug}/money/streams`, 'Funding streams')
    return new FundingStreamsPage(page)
  }

  async addStream() {
    await this.page.locator('[data-qa="add-stream"]').click()
    await arrive(this.page, 'Add a funding stream')
    return new StreamFormPage(this.page)
  }
}

export class StreamFormPage extends BasePage {
  async fill(s: { ref: string; name: string; source: string; kind: string }) {
    await this.page.getByLabel('Reference').fill(s.ref)
    await this.page.getByLabel('Name', { exact: true }).fill(s.name)
    await this.page.getByLabel('Source').fill(s.source)
    await this.page.locator(`input[name="kind"][value="${s.kind}"]`).check()
  }

  async save(name: string) {
    await this.page.locator('[data-qa="save"]').click()
    await arrive(this.page, name)
    return new StreamPage(this.page)
  }
}

/** One stream: its budgets by year and the allocations of each year. */
export class StreamPage extends BasePage {
  async setBudget(year: string, amount: string) {
    await this.page.getByRole('textbox', { name: 'Financial year' }).fill(year)
    await this.page.getByLabel('Budget in pounds').fill(amount)
    await this.page.locator('[data-qa="set-budget"]').click()
  }

  async allocate() {
    await this.page.locator('[data-qa="allocate"]').click()
    await arrive(this.page, /Allocate/)
    return new AllocationFormPage(this.page)
  }
}

export class AllocationFormPage extends BasePage {
  async fill(a: { recipient: string; year: string; amount: string; paysFor: RegExp; title: string }) {
    await this.page.getByLabel('Recipient').selectOption({ label: a.recipient })
    await this.page.getByRole('combobox', { name: 'Financial year' }).selectOption({ value: a.year })
    await this.page.getByLabel('Amount in pounds').fill(a.amount)
    const options = await this.page.getByLabel('Pays for').locator('option').allTextContents()
    const label = options.find((o) => a.paysFor.test(o))
    if (!label) throw new Error(`no "Pays for" option matches ${String(a.paysFor)}: ${options.join(' | ')}`)
    await this.page.getByLabel('Pays for').selectOption({ label })
    await this.page.getByLabel('Title (optional)').fill(a.title)
  }

  async save(recipient: string) {
    await this.page.locator('[data-qa="save"]').click()
    await arrive(this.page, `Allocation to ${recipient}`)
    return new AllocationPage(this.page)
  }
}

/** An allocation: its recipient's standing under the protocol and the release of its funds. */
export class AllocationPage extends BasePage {
  release() {
    return this.page.locator('[data-qa="release"]').click()
  }

  refusal() {
    return this.page.locator('[data-qa="protocol-not-signed"]')
  }

  details() {
    return this.page.locator('[data-qa="allocation"]')
  }
}

/** The financial protocol: its text, who signed which version, and who has not. */
export class ProtocolPage extends BasePage {
  static async open(page: Page, slug: string) {
    await visit(page, `/p/${slug}/money/protocol`, 'Financial protocol')
    return new ProtocolPage(page)
  }

  unsigned() {
    return this.page.locator('[data-qa="unsigned-recipient"]')
  }

  signatures() {
    return this.page.locator('[data-qa="signature"]')
  }

  async sign(organisation: string, signedBy: string) {
    await this.page.getByLabel('Organisation signing').selectOption({ label: organisation })
    await this.page.getByLabel('Name of who signed for it').fill(signedBy)
    await this.page.locator('[data-qa="sign"]').click()
  }
}

/** Entering a quarter's spend: actual to date, forecast outturn and the variance explained. */
export class SpendFormPage extends BasePage {
  static async open(page: Page, slug: string) {
    await visit(page, `/p/${slug}/money/spend/new`, 'Enter a spend return')
    return new SpendFormPage(page)
  }

  async fill(s: { stream: RegExp; recipient: string; period: string; actual: string; forecast: string }) {
    const streams = await this.page.getByLabel('Funding stream').locator('option').allTextContents()
    const stream = streams.find((o) => s.stream.test(o))
    if (!stream) throw new Error(`no stream option matches ${String(s.stream)}: ${streams.join(' | ')}`)
    await this.page.getByLabel('Funding stream').selectOption({ label: stream })
    await this.page.getByLabel('Recipient').selectOption({ label: s.recipient })
    await this.page.getByLabel('Quarter').fill(s.period)
    await this.page.getByLabel('Actual spend to date').fill(s.actual)
    await this.page.getByLabel('Forecast outturn (optional)').fill(s.forecast)
  }

  explanation() {
    return this.page.getByLabel('Explanation of the variance')
  }

  submit() {
    return this.page.locator('[data-qa="submit"]').click()
  }
}
