import type { Page } from 'playwright-core'
import { BasePage } from './base.ts'

/** The strategy read as a document. */
export class StrategyDocumentPage extends BasePage {
  static async open(page: Page, slug: string, version?: number) {
    await page.goto(version ? `/p/${slug}/strategy/versions/${version}` : `/p/${slug}/strategy`)
    return new StrategyDocumentPage(page)
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
    await page.goto(`/p/${slug}/strategy/versions/${version}/outline`)
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
    await page.goto(`/p/${slug}/strategy/nodes/${id}`)
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
    await page.goto(`/p/${slug}/strategy/versions/${version}/consultation`)
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
    await this.page.getByLabel(status, { exact: true }).check()
    await this.page.getByLabel('What the partnership will do, and why').fill(response)
    await this.page.locator('[data-qa="save"]').click()
  }
}

/** Comparison of two versions. */
export class ComparePage extends BasePage {
  static async open(page: Page, slug: string, version: number, other: number) {
    await page.goto(`/p/${slug}/strategy/versions/${version}/compare?with=${other}`)
    return new ComparePage(page)
  }

  summary() {
    return this.page.locator('[data-qa="compare-summary"]')
  }
}

/** The list of versions, where a new one is started. */
export class VersionsPage extends BasePage {
  static async open(page: Page, slug: string) {
    await page.goto(`/p/${slug}/strategy/versions`)
    return new VersionsPage(page)
  }

  async startNext() {
    await this.page.locator('[data-qa="start"]').click()
  }
}
