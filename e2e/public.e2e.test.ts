import { describe, expect, it } from 'vitest'
import { DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { browserAvailable, expectAccessible, useE2E } from './harness.ts'
import { arrive } from './pages/base.ts'

const WIDE = { width: 1280, height: 800 }
const NARROW = { width: 320, height: 640 }
const HOME = `/public/${DEMO_SLUG}`
const TARGET = `${HOME}/targets/ni-40`
const PERIOD = `${TARGET}/2009-10-q3`
const DATA = `${HOME}/data`
/** Every kind of public page, with its heading. */
const PAGES = [
  ['/public', 'Partnerships’ public sites'],
  [HOME, 'Leicestershire Together'],
  [`${HOME}/outcomes`, 'Outcomes and targets'],
  [TARGET, /^NI 40 /],
  [PERIOD, '2009/10 Q3'],
  [DATA, 'Download the data'],
] as const

/** The public site (#16), read by someone who never signs in: with axe, without JavaScript, at 320 px. */
describe.skipIf(!browserAvailable)('the public site in the browser', () => {
  const e2e = useE2E()

  it('leads an anonymous reader from the index to the partnership and a target, accessibly', async () => {
    const page = await e2e().newPage({ viewport: WIDE })
    await page.goto('/public')
    await arrive(page, 'Partnerships’ public sites', { loaded: true })
    await expectAccessible(page)
    await page.getByRole('link', { name: 'Leicestershire Together' }).click()
    await arrive(page, 'Leicestershire Together')
    expect(new URL(page.url()).pathname).toBe(HOME)
    await expectAccessible(page)
    await page
      .getByRole('link', { name: /^NI 40 / })
      .first()
      .click()
    await arrive(page, /^NI 40 /)
    expect(new URL(page.url()).pathname).toBe(TARGET)
    // The status in colour and words, the chart with its table, the published commentary.
    await expect(page.locator('[data-qa="latest-status"]').textContent()).resolves.toMatch(
      /(Green|Amber|Red)\s+(On track|Slightly off track|Off track)/,
    )
    expect(await page.locator('[data-qa="chart"] svg').count()).toBe(1)
    expect(await page.locator('[data-qa="figures"] tbody tr').count()).toBeGreaterThan(0)
    await expect(page.locator('[data-qa="commentary"]').textContent()).resolves.toContain('on trajectory')
    await expect(page.locator('[data-qa="last-updated"]').textContent()).resolves.toMatch(/Last updated: \d/)
    await expectAccessible(page)

    // Its data: the dictionary page, then a download and the CSV on the Web description it points to.
    await page.locator('[data-qa="data-link"] a').click()
    await arrive(page, 'Download the data')
    await expectAccessible(page)
    const csvHref = await page.getByRole('link', { name: /as CSV \(values\.csv\)/ }).getAttribute('href')
    const csv = await page.request.get(csvHref!)
    expect(csv.status()).toBe(200)
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/)
    expect(await csv.text()).toContain('NI 40')
    const link = /<([^>]+)>;\s*rel="describedby"/.exec(csv.headers()['link'] ?? '')
    expect(link).not.toBeNull()
    const metadata = await page.request.get(new URL(link![1]!, new URL(csvHref!, page.url())).toString())
    expect(metadata.status()).toBe(200)
    expect(((await metadata.json()) as Record<string, unknown>)['@context']).toBe('http://www.w3.org/ns/csvw')
  })

  it('does not scroll sideways at 320 px, and is accessible there', { timeout: 120_000 }, async () => {
    const page = await e2e().newPage({ viewport: NARROW })
    for (const [path, heading] of PAGES) {
      await page.goto(path)
      await arrive(page, heading, { loaded: true })
      const sideways = await page.evaluate(
        () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
      )
      expect(sideways, path).toBe(false)
      await expectAccessible(page)
    }
  })

  it('works without JavaScript: the chart, its table and the commentary are in the page', async () => {
    const page = await e2e().newPage({ viewport: WIDE, javaScriptEnabled: false })
    const res = await page.goto(TARGET)
    expect(res?.status()).toBe(200)
    const html = await page.content()
    expect(html).toMatch(/data-qa="chart"[^>]*><svg/)
    expect(html).toContain('data-qa="figures"')
    expect(html).toContain('on trajectory')
  })

  it(
    'shows every kind of public page without JavaScript, at 320 px, with nothing sideways',
    { timeout: 120_000 },
    async () => {
      const page = await e2e().newPage({ viewport: NARROW, javaScriptEnabled: false })
      for (const [path, heading] of PAGES) {
        const res = await page.goto(path)
        expect(res?.status(), path).toBe(200)
        await arrive(page, heading, { loaded: true })
        const sideways = await page.evaluate(
          () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
        )
        expect(sideways, path).toBe(false)
        // The site's own navigation is plain links, there without the menu button's script.
        if (path !== '/public')
          await expect(
            page.getByRole('link', { name: 'Download the data' }).first().isVisible(),
            path,
          ).resolves.toBe(true)
      }
      await page.goto(PERIOD)
      await expect(page.locator('[data-qa="period-status"]').textContent()).resolves.toMatch(
        /On track|off track|No approved/i,
      )
      await page.goto(DATA)
      expect(await page.locator('[data-qa="columns-values"] tbody tr').count()).toBeGreaterThan(5)
    },
  )
})
