import type { Page } from 'playwright-core'
import { BasePage } from './base.ts'

export class SignInPage extends BasePage {
  static async open(page: Page) {
    await page.goto('/sign-in')
    return new SignInPage(page)
  }

  async signIn(email: string, password: string) {
    await this.page.getByLabel('Email address').fill(email)
    await this.page.getByLabel('Password', { exact: true }).fill(password)
    await this.page.locator('[data-qa="sign-in"]').click()
  }
}
