import { describe, expect, it } from 'vitest'
import { DEMO_ADMIN_EMAIL, DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { systemActor } from '../src/modules/auth/actor.ts'
import { browserAvailable, DEMO_PASSWORD, useE2E } from './harness.ts'
import { SignInPage } from './pages/sign-in.ts'
import { DirectoryPage } from './pages/strategy-directory.ts'
import { TimetablePage } from './pages/strategy-timetable.ts'
import {
  ComparePage,
  ConsultationPage,
  NodePage,
  OutlinePage,
  StrategyDocumentPage,
  VersionsPage,
} from './pages/strategy.ts'

describe.skipIf(!browserAvailable)('the strategy, its directory and timetable in the browser', () => {
  const e2e = useE2E()

  it('reads the demo strategy, edits the outline, fills a directory gap, consults, signs off and starts a new version', async () => {
    const { services } = e2e()
    const page = await e2e().newPage()
    const signIn = await SignInPage.open(page)
    await signIn.signIn(DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    await page.waitForURL(`**/p/${DEMO_SLUG}`)
    const pid = (await services.partnerships.findBySlug(DEMO_SLUG))!.id
    const nodeId = async (version: number, ref: string) =>
      (await services.strategyNodes.listNodes(systemActor(), pid, version)).find((n) => n.ref === ref)!.id

    // The document: seven themes, outcome 1.7 with its leads.
    const doc = await StrategyDocumentPage.open(page, DEMO_SLUG)
    expect(await doc.heading().textContent()).toContain('Leicestershire Sustainable Community Strategy')
    expect(await doc.themes().count()).toBe(7)
    expect(await doc.status().textContent()).toBe('Draft 2')
    expect(await doc.outcome('1.7').textContent()).toContain(
      'More older people are able to lead independent lives',
    )
    expect(await doc.outcome('1.7').textContent()).toContain('Tom Hughes')
    await doc.checkAccessible()

    // The outline: a sub-outcome under 1.7, after a validation error.
    const outline = await OutlinePage.open(page, DEMO_SLUG, 2)
    await outline.checkAccessible()
    const before = await outline.nodes().count()
    let form = await outline.addBeneath('1.7')
    await form.fill({ title: '' })
    await expect.poll(() => form.errorSummary().textContent()).toContain('Enter the title')
    await form.checkAccessible()
    await form.fill({ title: 'More older people get information and advice', tags: ['Prevention'] })
    await page.waitForURL(`**/p/${DEMO_SLUG}/strategy/versions/2/outline*`)
    expect(await outline.flash().textContent()).toContain(
      '1.7.4 More older people get information and advice has been added',
    )
    expect(await outline.nodes().count()).toBe(before + 1)
    // A reference already used is refused.
    form = await outline.addBeneath('1.7')
    await form.fill({ ref: '1.7.1', title: 'Duplicate' })
    await expect
      .poll(() => form.errorSummary().textContent())
      .toContain('Reference 1.7.1 is already used in this version')

    // A node page, with a comment from the partnership.
    const node = await NodePage.open(page, DEMO_SLUG, await nodeId(2, '1.7'))
    expect(await node.directory().textContent()).toContain(
      'Countywide Integrated Partnerships for Older People',
    )
    await node.checkAccessible()
    await node.comment('Please name the carers’ centres in the rationale.')
    await page.waitForURL(`**/strategy/nodes/**`)
    expect(await node.comments().last().textContent()).toContain('carers’ centres')

    // The directory and its gaps: fill the outcome lead of 1.3.
    const directory = await DirectoryPage.open(page, DEMO_SLUG)
    await directory.checkAccessible()
    const gaps = await DirectoryPage.open(page, DEMO_SLUG, true)
    await gaps.checkAccessible()
    const gapCount = await gaps.rows().count()
    expect(await gaps.row('1.3').textContent()).toContain('Outcome lead')
    await gaps.fill('1.3', {
      'Executive officer': 'Dr Sarah Bell (Leicestershire County and Rutland Primary Care Trust)',
      'Outcome lead': 'Helen Price (Leicestershire County Council)',
    })
    await page.waitForURL(`**/p/${DEMO_SLUG}/directory/gaps*`)
    expect(await gaps.flash().textContent()).toContain('The directory entry for 1.3 is complete')
    expect(await gaps.rows().count()).toBe(gapCount - 1)

    // The timetable: record the Police Authority's sign-off.
    const timetable = await TimetablePage.open(page, DEMO_SLUG)
    await timetable.checkAccessible()
    expect(await timetable.stages().count()).toBe(4)
    await timetable.recordSignoff('Leicestershire Police Authority', '2008-06-10')
    await page.waitForURL(`**/p/${DEMO_SLUG}/timetable`)
    expect(await timetable.signoff('Leicestershire Police Authority').textContent()).toContain(
      'Signed 10 June 2008',
    )
    await timetable.checkAccessible()

    // The consultation on draft 2: respond to a comment.
    const consultation = await ConsultationPage.open(page, DEMO_SLUG, 2)
    await consultation.checkAccessible()
    await consultation.respondToFirstOpen('Accepted', 'Outcome leads for the economy will be named by March.')
    await page.waitForURL(`**/strategy/versions/2/consultation`)
    expect(await consultation.flash().textContent()).toContain('is now accepted')
    await ConsultationPage.open(page, DEMO_SLUG, 1).then((p) => p.checkAccessible())

    // Draft 2 against draft 1, then a new version copied from draft 2.
    const compare = await ComparePage.open(page, DEMO_SLUG, 2, 1)
    expect(await compare.summary().textContent()).toBe('3 added, 1 removed, 1 changed.')
    await compare.checkAccessible()
    const versions = await VersionsPage.open(page, DEMO_SLUG)
    await versions.checkAccessible()
    await versions.startNext()
    await page.waitForURL(`**/strategy/versions/3/outline`)
    expect(await outline.flash().textContent()).toContain('Version 3 (Penultimate draft) has been started')
    const same = await ComparePage.open(page, DEMO_SLUG, 3, 2)
    expect(await same.summary().textContent()).toBe('0 added, 0 removed, 0 changed.')
  }, 240_000)
})
