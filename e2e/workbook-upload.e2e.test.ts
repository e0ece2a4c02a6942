import { describe, expect, it } from 'vitest'
import { DEMO_ADMIN_EMAIL, DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { browserAvailable, eventually, poll, useE2E } from './harness.ts'
import { signedIn } from './pages/sign-in.ts'
import { WorkbookPage } from './pages/workbook.ts'

const HEAD = 'indicator_code,place_gss,period,value,numerator,denominator,commentary'

describe.skipIf(!browserAvailable)('uploading values in the browser', () => {
  const e2e = useE2E()
  const workbook = async () => WorkbookPage.open(await signedIn(e2e(), DEMO_ADMIN_EMAIL), DEMO_SLUG)

  it('shows the import form accessibly, with no progress until a file is sent', async () => {
    const page = await workbook()
    await page.checkAccessible()
    await poll(() => page.progress().isHidden()).toBe(true)
  })

  it(
    'sends a file from the script and shows the counts in place, accessibly',
    { timeout: 120_000 },
    async () => {
      const page = await workbook()
      // Enough rows that the upload and import take a moment and report progress.
      const rows = Array.from({ length: 60 }, (_, i) => {
        const year = 1990 + Math.floor(i / 4)
        return `NI 16,,${year}/${String((year + 1) % 100).padStart(2, '0')} Q${(i % 4) + 1},${(i % 9) + 1},,,Back series`
      })
      await page.upload('Values.csv', [HEAD, ...rows].join('\n') + '\n')
      await page.complete().waitFor()
      // The script sent it (XMLHttpRequest, with progress) and showed the answer in place.
      expect(page.path()).toBe(`/p/${DEMO_SLUG}/workbook`)
      await poll(() => page.counts().textContent()).toMatch(/Values\s+60\s+0\s+0/)
      await page.checkAccessible()
    },
  )

  it('lists every problem of a bad file, accessibly', async () => {
    const page = await workbook()
    await page.upload('Values.csv', `${HEAD}\nNI 16,,1990/91 Q5,1,,,\nNI 99999,,1990/91 Q1,1,,,\n`)
    await eventually(async () => {
      const summary = await page.errorSummary().textContent()
      expect(summary).toContain('Values!2 period: 1990/91 Q5 is not a quarter')
      expect(summary).toContain('Values!3 indicator_code: no indicator with code NI 99999')
    })
    await page.checkAccessible()
  })

  it('shows the export form again for a bad filter, accessibly', async () => {
    const page = await WorkbookPage.openValuesExport(
      await signedIn(e2e(), DEMO_ADMIN_EMAIL),
      DEMO_SLUG,
      'format=csv&period=soon',
    )
    await poll(() => page.errorSummary().textContent()).toContain('"soon" is not a period')
    await page.checkAccessible()
  })
})
