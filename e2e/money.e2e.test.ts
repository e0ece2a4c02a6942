import { describe, expect, it } from 'vitest'
import { DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { systemActor } from '../src/modules/auth/actor.ts'
import { browserAvailable, poll, useE2E } from './harness.ts'
import { arrive } from './pages/base.ts'
import type { AllocationPage, StreamPage } from './pages/money.ts'
import { FundingStreamsPage, ProtocolPage, SpendFormPage } from './pages/money.ts'
import type { ReportPage } from './pages/reports.ts'
import { ReportsPage } from './pages/reports.ts'
import { signedIn } from './pages/sign-in.ts'

const FINANCE = 'helen.price@leicestershire-together.example'
/** Generating builds the report, prints the PDF in Chromium and writes the XLSX: on a loaded 2-core machine, give it time. */
const GENERATION_MS = 120_000

describe.skipIf(!browserAvailable)('money in the browser', () => {
  const e2e = useE2E()

  it(
    'walks a finance officer through a stream, its budget, an allocation refused release until the recipient signs, a spend return with its variance explained, and the finance report',
    { timeout: GENERATION_MS + 120_000 },
    async () => {
      const { services } = e2e()
      // A recipient of its own that has signed nothing, so the test does not lean on the demo's.
      const partnership = (await services.partnerships.findBySlug(DEMO_SLUG))!
      const suffix = Date.now().toString(36).slice(-5).toUpperCase()
      const recipient = `Charnwood Community Trust ${suffix}`
      await services.organisations.create(systemActor('e2e'), partnership.id, {
        name: recipient,
        type: 'vcs',
        dutyToCooperate: false,
      })

      const page = await signedIn(e2e(), FINANCE)
      const streams = await FundingStreamsPage.open(page, DEMO_SLUG)
      await streams.checkAccessible()

      // A stream and its budget for 2009/10.
      const form = await streams.addStream()
      await form.checkAccessible()
      const name = `Community Cohesion Fund ${suffix}`
      await form.fill({
        ref: `CCF-${suffix}`,
        name,
        source: 'Communities and Local Government',
        kind: 'grant',
      })
      const stream: StreamPage = await form.save(name)
      await stream.setBudget('2009/10', '£120,000.00')
      await arrive(page, name)
      await poll(() => page.locator('main').textContent()).toContain('£120,000.00')
      await stream.checkAccessible()

      // An allocation to the recipient, paying for a target.
      const allocate = await stream.allocate()
      await allocate.checkAccessible()
      await allocate.fill({
        recipient,
        year: '2009/10',
        amount: '40,000',
        paysFor: /NI/,
        title: 'Cohesion grants',
      })
      const allocation: AllocationPage = await allocate.save(recipient)

      // Release refused: the recipient has not signed the current financial protocol.
      await allocation.release()
      await poll(() => allocation.refusal().count()).toBe(1)
      await poll(() => allocation.refusal().textContent()).toMatch(/not signed/i)
      await allocation.checkAccessible()
      const allocationUrl = page.url()

      // The protocol: the recipient is listed as not signed; the finance officer records its signature.
      const protocol = await ProtocolPage.open(page, DEMO_SLUG)
      await poll(() => protocol.unsigned().filter({ hasText: recipient }).count()).toBe(1)
      await protocol.checkAccessible()
      await protocol.sign(recipient, 'Jo Bright, Treasurer')
      await arrive(page, 'Financial protocol')
      await poll(() => protocol.signatures().filter({ hasText: recipient }).count()).toBe(1)
      await poll(() => protocol.unsigned().filter({ hasText: recipient }).count()).toBe(0)

      // Now the release goes through.
      await page.goto(allocationUrl.replace(/\/release$/, ''))
      await arrive(page, `Allocation to ${recipient}`)
      await allocation.release()
      await poll(() => allocation.details().textContent()).toMatch(/Released/i)
      await poll(() => allocation.refusal().count()).toBe(0)

      // A quarter's spend forecast well over the allocation: the explanation is asked for, then given.
      const spend = await SpendFormPage.open(page, DEMO_SLUG)
      await spend.checkAccessible()
      await spend.fill({
        stream: new RegExp(`CCF-${suffix}`),
        recipient,
        period: '2009/10 Q3',
        actual: '36,000',
        forecast: '52,000',
      })
      await spend.submit()
      await poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/explanation|explain/i)
      await spend.checkAccessible()
      await spend
        .explanation()
        .fill('Winter hardship events brought forward; the trust will meet the extra £12,000 itself.')
      await spend.submit()
      await arrive(page, new RegExp(`CCF-${suffix}`))
      await poll(() => page.locator('[data-qa="rag"]').first().textContent()).toMatch(/Red|Amber/)
      await poll(() => page.locator('main').textContent()).toContain('Winter hardship events')
      await spend.checkAccessible()

      // The finance report, with the stream and the explanation in it.
      const reports = await ReportsPage.open(page, DEMO_SLUG)
      const generate = await reports.generate()
      await generate.kind('finance').check()
      await generate.period().fill('2009/10 Q3')
      const report: ReportPage = await generate.submit('2009/10 Q3')
      await report.finished(GENERATION_MS)
      await poll(() => report.status().textContent()).toBe('Ready')
      await report.checkAccessible()
      const view = await page.request.get(`/p/${DEMO_SLUG}/reports/${report.id()}/view`)
      expect(view.status()).toBe(200)
      const html = await view.text()
      expect(html).toContain(`CCF-${suffix}`)
      expect(html).toContain('Winter hardship events')
    },
  )
})
