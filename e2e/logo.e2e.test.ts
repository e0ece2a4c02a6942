import { describe, expect, it } from 'vitest'
import { DEMO_ADMIN_EMAIL, DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { PNG_1X1, SVG } from '../src/modules/partnerships/partnerships.logo.fixtures.ts'
import { browserAvailable, poll, useE2E } from './harness.ts'
import { SettingsPage } from './pages/settings.ts'
import { signedIn } from './pages/sign-in.ts'

const NARROW = { width: 320, height: 640 }

describe.skipIf(!browserAvailable)('the partnership’s logo in the browser', () => {
  const e2e = useE2E()
  const settings = async (viewport = { width: 1280, height: 800 }) =>
    SettingsPage.of(await signedIn(e2e(), DEMO_ADMIN_EMAIL, { viewport }), DEMO_SLUG)

  it('is uploaded on the settings page, shown in our header beside the name, accessibly, and removed', async () => {
    const page = await settings()
    await page.uploadLogo({ name: 'logo.png', mimeType: 'image/png', buffer: PNG_1X1 })
    await poll(() => page.flash().textContent()).toContain('The logo has been saved')
    await page.headerLogo().waitFor()
    await poll(() => page.loaded(page.headerLogo())).toBe(true)
    await poll(() => page.loaded(page.preview())).toBe(true)
    // The name beside it says it all: the image is silent, the link is named once.
    expect(await page.headerLogo().getAttribute('alt')).toBe('')
    await poll(() => page.headerPartnershipLink().textContent()).toBe('Leicestershire Together')
    expect(await page.preview().getAttribute('alt')).toBe('The current logo of Leicestershire Together')
    await page.checkAccessible()

    // At 320 px the header still fits.
    const narrow = await settings(NARROW)
    await narrow.headerLogo().waitFor()
    expect(await narrow.scrollsSideways()).toBe(false)
    await narrow.checkAccessible()

    await page.removeLogo()
    await poll(() => page.headerLogo().count()).toBe(0)
    await poll(() => page.flash().textContent()).toContain('The logo has been removed')
  })

  it('refuses an SVG, saying why at the field, accessibly', async () => {
    const page = await settings()
    await page.uploadLogo({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: SVG })
    await poll(() => page.errorSummary().textContent()).toContain('The logo must be a PNG or JPEG image')
    await poll(() => page.logoError().textContent()).toContain('PNG or JPEG')
    await page.checkAccessible()
  })
})
