import { describe, expect, it } from 'vitest'
import { DEMO_ADMIN_EMAIL, DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { browserAvailable, DEMO_PASSWORD, expectAccessible, useE2E } from './harness.ts'
import { SignInPage } from './pages/sign-in.ts'

const HEAD = 'indicator_code,place_gss,period,value,numerator,denominator,commentary'

describe.skipIf(!browserAvailable)('uploading values in the browser', () => {
  const e2e = useE2E()

  it(
    'uploads with progress shown, then lists every problem of a bad file; the page passes axe',
    { timeout: 240_000 },
    async () => {
      const page = await e2e().newPage()
      await (await SignInPage.open(page)).signIn(DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
      await page.waitForURL(`**/p/${DEMO_SLUG}`)
      await page.goto(`/p/${DEMO_SLUG}/workbook`)
      await expectAccessible(page)
      expect(await page.locator('[data-upload-progress]').isHidden()).toBe(true)

      // Enough rows that the upload and import take a moment and report progress.
      const rows = Array.from({ length: 60 }, (_, i) => {
        const year = 1990 + Math.floor(i / 4)
        return `NI 16,,${year}/${String((year + 1) % 100).padStart(2, '0')} Q${(i % 4) + 1},${(i % 9) + 1},,,Back series`
      })
      await page.locator('#file').setInputFiles({
        name: 'Values.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from([HEAD, ...rows].join('\n') + '\n'),
      })
      await page.locator('[data-qa="import"]').click()
      await page.locator('[data-qa="import-complete"]').waitFor()
      // The script sent it (XMLHttpRequest, with progress) and showed the answer in place.
      expect(new URL(page.url()).pathname).toBe(`/p/${DEMO_SLUG}/workbook`)
      expect(await page.locator('[data-qa="import-counts"]').textContent()).toMatch(/Values\s+60\s+0\s+0/)
      await expectAccessible(page)

      await page.goto(`/p/${DEMO_SLUG}/workbook`)
      await page.locator('#file').setInputFiles({
        name: 'Values.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`${HEAD}\nNI 16,,1990/91 Q5,1,,,\nNI 99999,,1990/91 Q1,1,,,\n`),
      })
      await page.locator('[data-qa="import"]').click()
      await page.locator('.govuk-error-summary').waitFor()
      const summary = await page.locator('.govuk-error-summary').textContent()
      expect(summary).toContain('Values!2 period: 1990/91 Q5 is not a quarter')
      expect(summary).toContain('Values!3 indicator_code: no indicator with code NI 99999')
      await expectAccessible(page)

      // Export of values with a bad filter shows the form again, accessibly.
      await page.goto(`/p/${DEMO_SLUG}/workbook/exports/Values?format=csv&period=soon`)
      expect(await page.locator('.govuk-error-summary').textContent()).toContain('"soon" is not a period')
      await expectAccessible(page)
    },
  )
})
