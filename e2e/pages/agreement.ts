import type { Page } from 'playwright-core'
import { arrive, BasePage, visit } from './base.ts'

/** The indicator catalogue: search and filter, then open an entry. */
export class IndicatorCataloguePage extends BasePage {
  static async open(page: Page, slug: string) {
    await visit(page, `/p/${slug}/indicators`, 'Indicator catalogue')
    return new IndicatorCataloguePage(page)
  }

  rows() {
    return this.page.locator('[data-qa="indicators"] tbody tr')
  }

  async search(text: string, set?: string) {
    await this.page.getByLabel('Code or words').fill(text)
    if (set) await this.page.getByLabel('Set', { exact: true }).selectOption({ label: set })
    await this.page.locator('[data-qa="apply-filter"]').click()
    await this.page.waitForURL(
      (url) => url.pathname.endsWith('/indicators') && url.searchParams.get('q') === text,
    )
    await arrive(this.page, 'Indicator catalogue')
  }

  /** Open a listed indicator; its page is headed with its title (or code and "title not yet recorded"). */
  async openIndicator(code: string) {
    await this.rows().getByRole('link', { name: code, exact: true }).click()
    await this.page.waitForURL(/\/indicators\/[0-9a-f-]{36}$/)
    await arrive(this.page, /\S/)
    return new BasePage(this.page)
  }
}

/** An agreement's page: its summary and targets. */
export class AgreementPage extends BasePage {
  /** The partnership's agreements, then the first (current) one. */
  static async open(page: Page, slug: string) {
    await visit(page, `/p/${slug}/agreements`, 'Local Area Agreements')
    await page.locator('[data-qa="agreements"] tbody a').first().click()
    await page.waitForURL(/\/agreements\/[0-9a-f-]{36}$/)
    await arrive(page, /\S/)
    return new AgreementPage(page)
  }

  targetRows() {
    return this.page.locator('[data-qa="targets"] tbody tr')
  }

  async filterKind(label: string) {
    await this.page.getByLabel('Kind').selectOption({ label })
    await this.page.getByRole('button', { name: 'Filter' }).click()
    await this.page.waitForURL(/kind=/)
  }

  async openTarget(code: string) {
    await this.targetRows().getByRole('link', { name: code, exact: true }).click()
    await this.page.waitForURL(/\/targets\/[0-9a-f-]{36}$/)
    await arrive(this.page, code)
    return new TargetPage(this.page)
  }
}

/** A target: its summary, trajectory chart and table, negotiation log and versions. */
export class TargetPage extends BasePage {
  chart() {
    return this.page.locator('[data-qa="trajectory-chart"] svg[role="img"]')
  }

  trajectoryRows() {
    return this.page.locator('[data-qa="trajectory-table"] tbody tr')
  }

  logEntries() {
    return this.page.locator('[data-qa="negotiation-log"] li')
  }

  revisions() {
    return this.page.locator('[data-qa="revision"]')
  }

  status() {
    return this.page.locator('[data-qa="target-status"]')
  }

  async comment(text: string, evidence = '') {
    await this.page.getByLabel('Add a comment').fill(text)
    await this.page.getByLabel('Evidence: a web address (optional)').fill(evidence)
    await this.page.locator('[data-qa="add-comment"]').click()
  }

  async agree(note: string) {
    await this.page.getByLabel('Note with the agreement (optional)').fill(note)
    await this.page.locator('[data-qa="agree"]').click()
  }

  /** The form that sets this target's trajectory. */
  async openTrajectoryForm() {
    const target = this.page.url().split('#')[0]!.replace(/\?.*$/, '')
    await visit(this.page, `${target}/trajectory`, /^Trajectory for the /)
    return new BasePage(this.page)
  }
}

export class CoveragePage extends BasePage {
  static async open(page: Page, slug: string) {
    await visit(page, `/p/${slug}/coverage`, 'Coverage')
    return new CoveragePage(page)
  }

  outcomesCovered() {
    return this.page.locator('[data-qa="outcomes-covered"]')
  }

  outcomesWithoutTargets() {
    return this.page.locator('[data-qa="outcomes-without-targets"] li')
  }

  targetsWithoutOutcome() {
    return this.page.locator('[data-qa="targets-without-outcome"] li')
  }
}
