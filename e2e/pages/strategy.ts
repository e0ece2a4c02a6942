import type { Page } from 'playwright-core'
import { arrive, BasePage, visit } from './base.ts'

/** The strategy read as a document, headed with the version's title. */
export class StrategyDocumentPage extends BasePage {
  static async open(page: Page, slug: string, version?: number) {
    await visit(page, version ? `/p/${slug}/strategy/versions/${version}` : `/p/${slug}/strategy`, /\S/)
    const document = new StrategyDocumentPage(page)
    await document.status().waitFor()
    return document
  }

  themes() {
    return this.page.locator('[data-qa="theme"]')
  }

  status() {
    return this.page.locator('[data-qa="version-status"]').first()
  }

  outcome(ref: string) {
    return this.page
      .locator('[data-qa="outcome"]')
      .filter({
        has: this.page.locator('.gt-ref', { hasText: new RegExp(`^${ref.replace(/\./g, '\\.')}$`) }),
      })
      .first()
  }
}

/** The outline: the tree to edit. */
export class OutlinePage extends BasePage {
  static async open(page: Page, slug: string, version: number) {
    await visit(page, `/p/${slug}/strategy/versions/${version}/outline`, `Outline of version ${version}`)
    return new OutlinePage(page)
  }

  nodes() {
    return this.page.locator('[data-qa="outline-node"]')
  }

  node(ref: string) {
    return this.page.locator(`[data-qa="outline-node"][data-ref="${ref}"]`)
  }

  /** Follow "Add a sub-outcome" (or "Add an outcome") beside a node. */
  async addBeneath(ref: string) {
    await this.node(ref).locator(':scope > .gt-node-actions a').first().click()
    await arrive(this.page, /^Add to version \d+$/)
    return new NodeFormPage(this.page)
  }
}

export class NodeFormPage extends BasePage {
  async fill(fields: { ref?: string; title: string; statement?: string; tags?: string[] }) {
    // Field ids equal the field names (the error summary links to them).
    if (fields.ref !== undefined) await this.page.locator('#ref').fill(fields.ref)
    await this.page.getByLabel('Title', { exact: true }).fill(fields.title)
    if (fields.statement) await this.page.locator('#statement').fill(fields.statement)
    for (const t of fields.tags ?? []) await this.page.getByLabel(t, { exact: true }).check()
    await this.page.locator('[data-qa="save"]').click()
  }
}

/** One theme, outcome or sub-outcome. */
export class NodePage extends BasePage {
  static async open(page: Page, slug: string, id: string) {
    await visit(page, `/p/${slug}/strategy/nodes/${id}`, /\S/)
    return new NodePage(page)
  }

  directory() {
    return this.page.locator('[data-qa="node-directory"]')
  }

  comments() {
    return this.page.locator('[data-qa="comment"]')
  }

  async comment(text: string) {
    await this.page.getByLabel('Add a comment').fill(text)
    await this.page.locator('[data-qa="save-comment"]').click()
  }
}

/** The consultation view of a draft. */
export class ConsultationPage extends BasePage {
  static async open(page: Page, slug: string, version: number) {
    await visit(
      page,
      `/p/${slug}/strategy/versions/${version}/consultation`,
      `Consultation on version ${version}`,
    )
    return new ConsultationPage(page)
  }

  counts() {
    return this.page.locator('[data-qa="comment-counts"]')
  }

  /** Respond to the first comment still awaiting a response. */
  async respondToFirstOpen(status: 'Accepted' | 'Rejected' | 'Noted', response: string) {
    await this.page
      .locator('[data-qa="respond"]', { hasText: /^Respond/ })
      .first()
      .click()
    await arrive(this.page, /^Respond to /)
    await this.page.getByLabel(status, { exact: true }).check()
    await this.page.getByLabel('What the partnership will do, and why').fill(response)
    await this.page.locator('[data-qa="save"]').click()
  }
}

/** Comparison of two versions. */
export class ComparePage extends BasePage {
  static async open(page: Page, slug: string, version: number, other: number) {
    await visit(
      page,
      `/p/${slug}/strategy/versions/${version}/compare?with=${other}`,
      `Changes from version ${other} to version ${version}`,
    )
    return new ComparePage(page)
  }

  summary() {
    return this.page.locator('[data-qa="compare-summary"]')
  }
}

/** The list of versions, where a new one is started. */
export class VersionsPage extends BasePage {
  static async open(page: Page, slug: string) {
    await visit(page, `/p/${slug}/strategy/versions`, 'Versions of the strategy')
    return new VersionsPage(page)
  }

  /** Start the next version; the browser goes on to its outline. */
  async startNext() {
    await this.page.locator('[data-qa="start"]').click()
    await arrive(this.page, /^Outline of version \d+$/)
    return new OutlinePage(this.page)
  }
}
