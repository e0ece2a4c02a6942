import type { Page } from 'playwright-core'
import { arrive, BasePage, visit } from './base.ts'
import { SignInPage } from './sign-in.ts'

/** A member's page under Users, where an administrator sends a link to set a password. */
export class UserPage extends BasePage {
  static async open(page: Page, slug: string, name: string) {
    await visit(page, `/p/${slug}/users`, 'Users')
    await page.locator('[data-qa="users"]').getByRole('link', { name, exact: true }).click()
    await arrive(page, name)
    return new UserPage(page)
  }

  summary() {
    return this.page.locator('[data-qa="user-summary"]')
  }

  /** Send the link; returns the confirmation page. */
  async sendLink() {
    await this.page.locator('[data-qa="send-link"]').click()
    await this.page.locator('[data-qa="link-sent"]').waitFor()
    return new LinkSentPage(this.page)
  }
}

export class LinkSentPage extends BasePage {
  delivery() {
    return this.page.locator('[data-qa="link-sent"]').getAttribute('data-delivery')
  }

  async openOutbox() {
    await this.page.locator('[data-qa="outbox-link"]').first().click()
    await arrive(this.page, 'Outbox')
    await this.page.locator('[data-qa="outbox"]').waitFor()
    return new OutboxPage(this.page)
  }
}

export class OutboxPage extends BasePage {
  /** The set-password link in the newest message to this address, as a path on this server. */
  async linkTo(email: string) {
    const message = this.page
      .locator('[data-qa="message"][data-kind="sign-in-link"]')
      .filter({ hasText: email })
      .first()
    const text = (await message.textContent()) ?? ''
    const url = /https?:\/\/\S+\/set-password\?token=[A-Za-z0-9_-]+/.exec(text)?.[0]
    if (!url) throw new Error(`no set-password link to ${email} in the outbox`)
    const { pathname, search } = new URL(url)
    return pathname + search
  }
}

/** Where a link to set a password leads: the form, or a page saying the link is used or expired. */
export class SetPasswordPage extends BasePage {
  static async open(page: Page, path: string) {
    await visit(page, path, /^(Set your password|This link is not valid|This link has expired)$/)
    return new SetPasswordPage(page)
  }

  async set(password: string, confirm = password) {
    await this.page.getByLabel('New password', { exact: true }).fill(password)
    await this.page.getByLabel('Confirm new password', { exact: true }).fill(confirm)
    await this.page.locator('[data-qa="set-password"]').click()
  }

  /** Set the password; the browser goes on to sign in. */
  async setAndGoToSignIn(password: string) {
    await this.set(password)
    return SignInPage.arrived(this.page)
  }

  problem() {
    return this.page.locator('[data-qa="link-problem"]')
  }
}

export class ForgottenPasswordPage extends BasePage {
  static async fromSignIn(page: Page) {
    await SignInPage.open(page)
    await page.locator('[data-qa="forgotten-password"]').click()
    await arrive(page, 'Forgotten your password?')
    return new ForgottenPasswordPage(page)
  }
}
