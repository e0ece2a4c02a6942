import { describe, expect, it } from 'vitest'
import { DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { browserAvailable, eventually, expectAccessible, poll, useE2E } from './harness.ts'
import { arrive, visit } from './pages/base.ts'
import { ReportPage, ReportsPage } from './pages/reports.ts'
import { signedIn } from './pages/sign-in.ts'

const OFFICER = 'priya.shah@leicestershire-together.example'
const PROVIDER = 'sarah.okafor@leicestershire-together.example'
/** Generating builds the report, prints the PDF in Chromium and writes the XLSX: on a loaded 2-core machine, give it time. */
const GENERATION_MS = 120_000

describe.skipIf(!browserAvailable)('reports in the browser', () => {
  const e2e = useE2E()

  it(
    'generates a steering report with its progress shown, lists it, and downloads its files, accessibly',
    { timeout: GENERATION_MS + 60_000 },
    async () => {
      const page = await signedIn(e2e(), OFFICER)
      const reports = await ReportsPage.open(page, DEMO_SLUG)
      await reports.checkAccessible()
      const form = await reports.generate()
      await form.checkAccessible()
      await form.kind('steering').check()
      // The latest round's period is offered.
      await poll(() => form.period().inputValue()).toMatch(/^\d{4}\/\d{2}( Q[1-4])?$/)
      const period = await form.period().inputValue()
      const report: ReportPage = await form.submit(period)

      // Its progress, while it is made: a bar with a percentage and a note, in a live region.
      const finishedAlready = (await report.state().getAttribute('data-finished')) === 'true'
      if (!finishedAlready) {
        await poll(() => report.progress().count()).toBe(1)
        await poll(() => report.progressText().getAttribute('aria-live')).toBe('polite')
        await poll(() => report.progressText().textContent()).toMatch(/Waiting to start|\d+% done/)
        await poll(() => report.status().textContent()).toMatch(/Queued|Generating/)
      }
      await report.finished(GENERATION_MS)
      await poll(() => report.status().textContent()).toBe('Ready')
      await report.checkAccessible()

      // The files, as downloads: the PDF printed from the HTML, and the spreadsheet.
      const pdfHref = await report.download('pdf').getAttribute('href')
      const pdf = await page.request.get(pdfHref!)
      expect(pdf.status()).toBe(200)
      expect(pdf.headers()['content-disposition']).toMatch(/^attachment; filename=".+\.pdf"$/)
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-')
      const xlsx = await page.request.get((await report.download('xlsx').getAttribute('href'))!)
      expect(xlsx.status()).toBe(200)
      expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK')

      // Listed, ready, with its download links.
      const id = report.id()
      const list = await ReportsPage.open(page, DEMO_SLUG)
      await eventually(async () => {
        const row = (await list.report(id).textContent()) ?? ''
        expect(row).toContain(period)
        expect(row).toContain('Ready')
        expect(row).toContain('Download PDF')
      })

      // The HTML of record, in the browser.
      await list.report(id).getByRole('link').first().click()
      await arrive(page, period)
      const view = new ReportPage(page)
      await view.viewHtml().click()
      await page.waitForURL(`**/reports/${id}/view`)
      await poll(() => page.locator('h1').first().textContent()).toBeTruthy()
      await poll(() => page.title()).toContain(period)
    },
  )

  it('shows a data provider no generate button and refuses their request', async () => {
    const page = await signedIn(e2e(), PROVIDER)
    const reports = await ReportsPage.open(page, DEMO_SLUG)
    await poll(() => reports.generateButton().count()).toBe(0)
    const csrf = await page.locator('input[name="_csrf"]').first().getAttribute('value')
    const res = await page.request.post(`/p/${DEMO_SLUG}/reports`, {
      form: { _csrf: csrf!, kind: 'steering', period: '2008/09 Q2', level: 'target' },
      maxRedirects: 0,
    })
    expect(res.status()).toBe(403)
  })

  it('saves a scheduled definition with its distribution list, accessibly', async () => {
    const page = await signedIn(e2e(), OFFICER)
    await visit(page, `/p/${DEMO_SLUG}/reports/definitions`, 'Report definitions')
    await expectAccessible(page)
    await page.locator('[data-qa="add-definition"]').click()
    await arrive(page, 'Add a report definition')
    await page.getByLabel('Name').fill('E2E steering each quarter')
    await page.locator('input[name="kind"][value="steering"]').check()
    await page.locator('input[name="scheduleKind"][value="round-closed"]').check()
    await page.getByLabel('Working days after the round closes').fill('five')
    await page.locator('[data-qa="save"]').click()
    await poll(() => page.locator('.govuk-error-summary').textContent()).toContain('working days')
    await expectAccessible(page)
    await page.getByLabel('Working days after the round closes').fill('5')
    await page.getByLabel('Distribution list (optional)').fill('chair@example.org\nclerk@example.org')
    await page.locator('[data-qa="save"]').click()
    await arrive(page, 'Report definitions')
    await eventually(async () => {
      const row =
        (await page
          .locator('[data-qa="definition"]', { hasText: 'E2E steering each quarter' })
          .textContent()) ?? ''
      expect(row).toContain('5 working days after each round closes')
      expect(row).toContain('clerk@example.org')
    })
  })
})
