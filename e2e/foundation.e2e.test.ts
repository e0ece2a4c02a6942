import { describe, expect, it } from 'vitest'
import { DEMO_ADMIN_EMAIL, DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { browserAvailable, DEMO_PASSWORD, useE2E } from './harness.ts'
import { OrganisationsPage } from './pages/organisations.ts'
import { PlacesPage, WorkbookPage } from './pages/places.ts'
import { SignInPage } from './pages/sign-in.ts'

describe.skipIf(!browserAvailable)('foundation in the browser', () => {
  const e2e = useE2E()

  it('signs in, sees the partnership, adds an organisation after a validation error, signs out', async () => {
    const page = await e2e().newPage()
    const signIn = await SignInPage.open(page)
    await signIn.checkAccessible()

    await signIn.signIn(DEMO_ADMIN_EMAIL, 'wrong-password')
    await expect.poll(() => signIn.errorSummary().isVisible()).toBe(true)
    await signIn.checkAccessible()

    await signIn.signIn(DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    await page.waitForURL(`**/p/${DEMO_SLUG}`)
    expect(await signIn.heading().textContent()).toContain('Leicestershire Together')
    await signIn.checkAccessible()

    const orgs = await OrganisationsPage.open(page, DEMO_SLUG)
    await orgs.checkAccessible()
    const before = await orgs.rows().count()
    await orgs.add('', '', false)
    await expect.poll(() => orgs.errorSummary().textContent()).toContain('Enter the organisation name')
    await orgs.checkAccessible()
    await orgs.fill('Rutland County Council', 'Council', false)
    await page.waitForURL(`**/p/${DEMO_SLUG}/organisations`)
    expect(await orgs.flash().textContent()).toContain('Rutland County Council has been added')
    expect(await orgs.rows().count()).toBe(before + 1)
    await orgs.checkAccessible()

    // A place: a validation error first, then saved into the tree.
    const places = await PlacesPage.open(page, DEMO_SLUG)
    await places.checkAccessible()
    await places.add({
      gssCode: 'not-a-code',
      name: 'Loughborough East',
      type: 'neighbourhood',
      parentLabel: 'Charnwood',
    })
    await expect.poll(() => places.errorSummary().textContent()).toContain('GSS code must be')
    await places.checkAccessible()
    await places.fill({
      gssCode: 'E01025740',
      name: 'Loughborough East',
      type: 'neighbourhood',
      parentLabel: 'Charnwood',
    })
    await places.flash().waitFor()
    await PlacesPage.open(page, DEMO_SLUG)
    expect(await places.tree().textContent()).toContain('Loughborough East')

    // Upload places from a CSV in the workbook format.
    const workbook = await WorkbookPage.open(page, DEMO_SLUG)
    await workbook.checkAccessible()
    await workbook.upload(
      'Places.csv',
      'gss_code,name,type,parent_gss_code,priority\nE01025741,Loughborough Hastings,neighbourhood,E07000130,yes\n',
    )
    await page.locator('[data-qa="import-complete"], [data-qa="import-counts"]').first().waitFor()
    await workbook.checkAccessible()
    await PlacesPage.open(page, DEMO_SLUG)
    expect(await places.tree().textContent()).toContain('Loughborough Hastings')

    await orgs.signOut()
    await page.goto(`/p/${DEMO_SLUG}/organisations`)
    await page.waitForURL('**/sign-in')
  })
})
