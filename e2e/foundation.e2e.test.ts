import { describe, expect, it } from 'vitest'
import { DEMO_ADMIN_EMAIL, DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { browserAvailable, DEMO_PASSWORD, poll, useE2E } from './harness.ts'
import { OrganisationsPage } from './pages/organisations.ts'
import { PlacesPage } from './pages/places.ts'
import { WorkbookPage } from './pages/workbook.ts'
import { signedIn, SignInPage } from './pages/sign-in.ts'

const LOUGHBOROUGH_EAST = {
  name: 'Loughborough East',
  type: 'neighbourhood',
  parentLabel: 'Charnwood',
}

describe.skipIf(!browserAvailable)('foundation in the browser', () => {
  const e2e = useE2E()

  it('shows an accessible sign-in page', async () => {
    const signIn = await SignInPage.open(await e2e().newPage())
    await signIn.checkAccessible()
  })

  it('refuses a wrong password with an accessible error summary', async () => {
    const signIn = await SignInPage.open(await e2e().newPage())
    await signIn.signIn(DEMO_ADMIN_EMAIL, 'wrong-password')
    await poll(() => signIn.errorSummary().isVisible()).toBe(true)
    await signIn.checkAccessible()
  })

  it('signs in to the partnership’s accessible home page', async () => {
    const signIn = await SignInPage.open(await e2e().newPage())
    const home = await signIn.signInTo(DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    expect(home.path()).toBe(`/p/${DEMO_SLUG}`)
    await poll(() => home.heading().textContent()).toContain('Leicestershire Together')
    await home.checkAccessible()
  })

  it('lists the partner organisations accessibly', async () => {
    const orgs = await OrganisationsPage.open(await signedIn(e2e(), DEMO_ADMIN_EMAIL), DEMO_SLUG)
    await orgs.checkAccessible()
  })

  it('refuses an organisation without a name, with an accessible error summary', async () => {
    const orgs = await OrganisationsPage.open(await signedIn(e2e(), DEMO_ADMIN_EMAIL), DEMO_SLUG)
    await orgs.add('', '', false)
    await poll(() => orgs.errorSummary().textContent()).toContain('Enter the organisation name')
    await orgs.checkAccessible()
  })

  it('adds an organisation to the list', async () => {
    const orgs = await OrganisationsPage.open(await signedIn(e2e(), DEMO_ADMIN_EMAIL), DEMO_SLUG)
    const before = await orgs.rows().count()
    await orgs.add('Rutland County Council', 'Council', false)
    await orgs.backOnList()
    await poll(() => orgs.flash().textContent()).toContain('Rutland County Council has been added')
    await poll(() => orgs.rows().count()).toBe(before + 1)
    await orgs.checkAccessible()
  })

  it('lists the places accessibly', async () => {
    const places = await PlacesPage.open(await signedIn(e2e(), DEMO_ADMIN_EMAIL), DEMO_SLUG)
    await places.checkAccessible()
  })

  it('refuses a place with a malformed GSS code, with an accessible error summary', async () => {
    const places = await PlacesPage.open(await signedIn(e2e(), DEMO_ADMIN_EMAIL), DEMO_SLUG)
    await places.add({ ...LOUGHBOROUGH_EAST, gssCode: 'not-a-code' })
    await poll(() => places.errorSummary().textContent()).toContain('GSS code must be')
    await places.checkAccessible()
  })

  it('adds a place into the tree', async () => {
    const page = await signedIn(e2e(), DEMO_ADMIN_EMAIL)
    const places = await PlacesPage.open(page, DEMO_SLUG)
    await places.add({ ...LOUGHBOROUGH_EAST, gssCode: 'E01025740' })
    await places.flash().waitFor()
    const tree = await PlacesPage.open(page, DEMO_SLUG)
    await poll(() => tree.tree().textContent()).toContain('Loughborough East')
  })

  it('imports places from a CSV in the workbook format, accessibly', async () => {
    const page = await signedIn(e2e(), DEMO_ADMIN_EMAIL)
    const workbook = await WorkbookPage.open(page, DEMO_SLUG)
    await workbook.checkAccessible()
    await workbook.upload(
      'Places.csv',
      'gss_code,name,type,parent_gss_code,priority\nE01025741,Loughborough Hastings,neighbourhood,E07000130,yes\n',
    )
    await workbook.imported()
    await workbook.checkAccessible()
    const places = await PlacesPage.open(page, DEMO_SLUG)
    await poll(() => places.tree().textContent()).toContain('Loughborough Hastings')
  })

  it('signs out: the partnership’s pages then ask to sign in', async () => {
    // Its own session: signing out ends it for every page that shares it.
    const page = await e2e().newPage()
    await (await SignInPage.open(page)).signInTo(DEMO_ADMIN_EMAIL)
    const orgs = await OrganisationsPage.open(page, DEMO_SLUG)
    await orgs.signOut()
    await SignInPage.instead(page, `/p/${DEMO_SLUG}/organisations`)
  })
})
