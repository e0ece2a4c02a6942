import { describe, expect, it } from 'vitest'
import { systemActor } from '../src/modules/auth/actor.ts'
import { DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { browserAvailable, expectAccessible, useE2E } from './harness.ts'
import { arrive, visit } from './pages/base.ts'
import { SignInPage } from './pages/sign-in.ts'

const HOME = `/public/${DEMO_SLUG}`
const OFFICER = `priya.shah@${DEMO_SLUG}.example`

/**
 * Residents have their say on the draft strategy (#16 §6): a resident comments without an
 * account (without JavaScript), confirms through the link the outbox holds, the performance
 * officer publishes the comment with a response, and the resident sees both. Axe on each page.
 */
describe.skipIf(!browserAvailable)('residents comment on the draft strategy in the browser', () => {
  const e2e = useE2E()

  it(
    'takes a comment anonymously, confirms it by email and shows it once published with the response',
    { timeout: 300_000 },
    async () => {
      const email = `e2e.${Date.now()}@resident.example`
      const comment = 'Please keep the library in our town open on Saturdays.'
      const response = 'Thank you. The libraries group will look at Saturday opening.'

      // The resident: from the public home page to the draft.
      const resident = await e2e().newPage()
      await visit(resident, HOME, 'Leicestershire Together')
      await resident.getByRole('link', { name: 'Have your say on the draft strategy' }).click()
      await arrive(resident, 'Have your say on the draft strategy')
      // The demo's published comment, with the partnership's response beside it.
      expect(await resident.locator('[data-qa="comment-response"]').count()).toBeGreaterThan(0)
      await expectAccessible(resident)

      // Nothing filled in: the error summary names the fields.
      await resident.locator('[data-qa="send-comment"]').click()
      await arrive(resident, 'Have your say on the draft strategy')
      const summary = resident.locator('.govuk-error-summary')
      await expect(summary.textContent()).resolves.toContain('Enter your comment')
      await expect(summary.textContent()).resolves.toContain('Enter your email address')
      await expectAccessible(resident)

      // One step without JavaScript: the comment itself (axe needs JavaScript, so it checks the
      // same pages in the other browser).
      const noJs = await e2e().newPage({ javaScriptEnabled: false })
      await visit(noJs, `${HOME}/have-your-say`, 'Have your say on the draft strategy')
      const outcome = noJs.getByLabel('What is your comment about?', { exact: true })
      const value = await outcome.locator('option').nth(1).getAttribute('value')
      await outcome.selectOption(value ?? '')
      await noJs.getByLabel('Your comment', { exact: true }).fill(comment)
      await noJs.getByLabel('Your name (optional)').fill('Sam')
      await noJs.getByLabel('Your email address', { exact: true }).fill(email)
      await noJs.locator('[data-qa="send-comment"]').click()
      await arrive(noJs, 'Check your email')
      await visit(resident, new URL(noJs.url()).pathname, 'Check your email')
      await expectAccessible(resident)

      // The performance officer reads the link in the outbox (no mail server here).
      const officer = await e2e().newPage()
      await (await SignInPage.open(officer)).signInTo(OFFICER)
      await visit(officer, `/p/${DEMO_SLUG}/outbox`, 'Outbox')
      const message = officer
        .locator('[data-qa="message"][data-kind="resident-confirm"]')
        .filter({ hasText: email })
      const link = /https?:\/\/\S+\/have-your-say\/confirm\/[A-Za-z0-9_-]+/.exec(
        (await message.first().textContent()) ?? '',
      )?.[0]
      expect(link).toBeTruthy()

      // The resident follows it: a page with a button, then confirmed.
      await visit(resident, new URL(link!).pathname, 'Confirm your comment')
      await expectAccessible(resident)
      await resident.locator('[data-qa="confirm-comment"]').click()
      await arrive(resident, 'Your comment is confirmed')
      await expectAccessible(resident)
      await visit(resident, `${HOME}/have-your-say`, 'Have your say on the draft strategy')
      expect(await resident.content()).not.toContain(comment)

      // The officer publishes it with a response.
      const partnership = (await e2e().services.partnerships.findBySlug(DEMO_SLUG))!
      const current = (await e2e().services.strategy.current(systemActor('e2e'), partnership.id))!
      await visit(
        officer,
        `/p/${DEMO_SLUG}/strategy/versions/${current.number}/consultation`,
        'Consultation on version',
      )
      await officer.locator('[data-qa="residents-waiting"] a').click()
      await arrive(officer, 'Residents’ comments on version')
      await expectAccessible(officer)
      await officer
        .locator('[data-qa="resident-comment"]')
        .filter({ hasText: comment })
        .locator('[data-qa="moderate-link"]')
        .click()
      await arrive(officer, 'Moderate a comment from Sam')
      await expectAccessible(officer)
      await officer.getByLabel('Publish it on the public site').check()
      await officer.getByLabel('The partnership’s response (optional)').fill(response)
      await officer.locator('[data-qa="save-decision"]').click()
      await arrive(officer, 'Residents’ comments on version')
      await expect(officer.locator('[data-qa="flash"]').textContent()).resolves.toContain(
        'The comment is published',
      )

      // The resident sees the comment and the response; never the email address.
      await visit(resident, `${HOME}/have-your-say`, 'Have your say on the draft strategy')
      const shown = resident.locator('[data-qa="published-comment"]').filter({ hasText: comment })
      await expect(shown.locator('[data-qa="comment-response"]').textContent()).resolves.toContain(response)
      expect(await resident.content()).not.toContain(email)
      await expectAccessible(resident)
    },
  )
})
