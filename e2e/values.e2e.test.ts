import { describe, expect, it } from 'vitest'
import { DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { browserAvailable, DEMO_PASSWORD, useE2E } from './harness.ts'
import { SignInPage } from './pages/sign-in.ts'
import { EntryPage, OutboxPage, ReturnsPage, RoundPage, ValuePage } from './pages/values.ts'

const SARAH = 'sarah.okafor@leicestershire-together.example'
const PRIYA = 'priya.shah@leicestershire-together.example'

describe.skipIf(!browserAvailable)('quarterly returns in the browser', () => {
  const e2e = useE2E()

  it(
    'a provider enters and submits; an officer returns one and approves the rest; the provider corrects it',
    { timeout: 240_000 },
    async () => {
      const page = await e2e().newPage()
      const signIn = await SignInPage.open(page)
      await signIn.signIn(SARAH, DEMO_PASSWORD)
      await page.waitForURL(`**/p/${DEMO_SLUG}`)
      await signIn.checkAccessible()

      // What is due: the police figures for 2009/10 Q4, under a late-entry exception.
      const returns = await ReturnsPage.open(page, DEMO_SLUG)
      await returns.checkAccessible()
      expect(await returns.heading().textContent()).toContain('My returns')
      expect(await returns.status('NI 16', 'Leicestershire')).toContain('Not started')
      expect(await page.locator('[data-qa="round-window"]').first().textContent()).toContain(
        'late entry allowed',
      )

      // Enter NI 16 for the county from its numerator and denominator, after a mistake.
      await returns.open('NI 16', 'Leicestershire')
      const entry = new EntryPage(page)
      await entry.checkAccessible()
      await entry.fill({ value: 'about 3', commentary: 'Burglary down after the winter campaign.' })
      await entry.saveAndSubmit()
      await expect.poll(() => entry.errorSummary().textContent()).toContain('Enter the value as a number')
      await entry.checkAccessible()
      await entry.fill({ value: '', numerator: '2,150', denominator: '640,000' })
      await entry.saveAndSubmit()
      await page.waitForURL(/\/values\/[0-9a-f-]{36}$/)
      const county = new ValuePage(page)
      expect(await county.flash().textContent()).toContain('submitted for approval')
      expect(await county.status()).toContain('Submitted')
      expect(await page.locator('[data-qa="late"]').textContent()).toContain('Late')
      await county.checkAccessible()

      // Blaby and Charnwood straight in; NI 20 as a draft, then submitted from its page.
      for (const [place, value] of [
        ['Blaby', '3.05'],
        ['Charnwood', '4.12'],
      ] as const) {
        await (await ReturnsPage.open(page, DEMO_SLUG)).open('NI 16', place)
        await entry.fill({ value, commentary: 'Quarterly recorded crime extract.' })
        await entry.saveAndSubmit()
        await page.waitForURL(/\/values\/[0-9a-f-]{36}$/)
      }
      await (await ReturnsPage.open(page, DEMO_SLUG)).open('NI 20', 'Leicestershire')
      await entry.fill({ numerator: '890', denominator: '640000' })
      await entry.saveDraft()
      await page.waitForURL(/\/values\/[0-9a-f-]{36}$/)
      const ni20 = new ValuePage(page)
      expect(await ni20.status()).toContain('Draft')
      await ni20.submit()
      await expect.poll(() => ni20.status()).toContain('Submitted')
      expect(await ni20.historyRows().count()).toBe(2)
      const done = await ReturnsPage.open(page, DEMO_SLUG)
      expect(await done.status('NI 20', 'Leicestershire')).toContain('Submitted')
      await done.signOut()

      // The officer sees the round's completeness, returns one with a reason and approves the rest.
      await signIn.signIn(PRIYA, DEMO_PASSWORD)
      await page.waitForURL(`**/p/${DEMO_SLUG}`)
      const round = await RoundPage.openPeriod(page, DEMO_SLUG, '2009/10 Q4', { checkList: true })
      await round.checkAccessible()
      expect(await round.completeness('Leicestershire Constabulary', 'submitted')).toBe('4')
      expect(await round.completeness('Leicestershire Constabulary', 'late')).toBe('4')
      const blaby = await round.openAwaiting('NI 16', 'Blaby')
      await blaby.checkAccessible()
      await blaby.returnWith('')
      await expect.poll(() => blaby.errorSummary().textContent()).toContain('Enter the reason')
      await blaby.checkAccessible()
      await blaby.returnWith(
        'Blaby looks low against the iQuanta extract: please check it includes shed burglaries.',
      )
      await expect.poll(() => blaby.status()).toContain('Returned')
      for (const [code, place] of [
        ['NI 16', 'Leicestershire'],
        ['NI 16', 'Charnwood'],
        ['NI 20', 'Leicestershire'],
      ]) {
        const r = await RoundPage.openPeriod(page, DEMO_SLUG, '2009/10 Q4')
        const v = await r.openAwaiting(code!, place!)
        await v.approve()
        await expect.poll(() => v.status()).toContain('Approved')
      }
      const after = await RoundPage.openPeriod(page, DEMO_SLUG, '2009/10 Q4')
      expect(await after.completeness('Leicestershire Constabulary', 'approved')).toBe('3')
      expect(await after.completeness('Leicestershire Constabulary', 'returned')).toBe('1')

      // Without SMTP the message to the provider waits in the outbox.
      const outbox = await OutboxPage.open(page, DEMO_SLUG)
      await outbox.checkAccessible()
      expect(await outbox.messages('returned').first().textContent()).toContain(SARAH)
      await outbox.signOut()

      // The provider sees why, corrects the figure and submits it again.
      await signIn.signIn(SARAH, DEMO_PASSWORD)
      await page.waitForURL(`**/p/${DEMO_SLUG}`)
      const mine = await ReturnsPage.open(page, DEMO_SLUG)
      expect(await mine.status('NI 16', 'Blaby')).toContain('Returned')
      await mine.open('NI 16', 'Blaby')
      const returned = new ValuePage(page)
      expect(await page.locator('[data-qa="status-reason"]').textContent()).toContain('shed burglaries')
      const fix = await returned.change()
      await fix.checkAccessible()
      await fix.fill({ value: '3.41', commentary: 'Corrected: shed burglaries now included.' })
      await fix.saveAndSubmit()
      await page.waitForURL(/\/values\/[0-9a-f-]{36}$/)
      expect(await returned.status()).toContain('Submitted')
      expect(await returned.historyRows().count()).toBe(3)
      await returned.checkAccessible()
    },
  )
})
