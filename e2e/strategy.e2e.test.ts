import { describe, expect, it } from 'vitest'
import { DEMO_ADMIN_EMAIL, DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { systemActor } from '../src/modules/auth/actor.ts'
import { browserAvailable, eventually, poll, useE2E } from './harness.ts'
import { signedIn } from './pages/sign-in.ts'
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

/** The sub-outcome added under 1.7 of draft 2 in the browser. */
const SUB_OUTCOME = { title: 'More older people get information and advice', tags: ['Prevention'] }

describe.skipIf(!browserAvailable)('the strategy, its directory and timetable in the browser', () => {
  const e2e = useE2E()
  const asAdmin = () => signedIn(e2e(), DEMO_ADMIN_EMAIL)

  async function nodeId(version: number, ref: string) {
    const { services } = e2e()
    const pid = (await services.partnerships.findBySlug(DEMO_SLUG))!.id
    return (await services.strategyNodes.listNodes(systemActor(), pid, version)).find((n) => n.ref === ref)!
      .id
  }

  /** Draft 2's outline after adding the sub-outcome under 1.7 (once: later calls find it there). */
  async function outlineWithSubOutcome() {
    const outline = await OutlinePage.open(await asAdmin(), DEMO_SLUG, 2)
    if ((await outline.node('1.7.4').count()) === 0) {
      await (await outline.addBeneath('1.7')).fill(SUB_OUTCOME)
      await outline.reached(`/p/${DEMO_SLUG}/strategy/versions/2/outline*`)
    }
    return outline
  }

  it('shows the current strategy as a document of seven themes, accessibly', async () => {
    const doc = await StrategyDocumentPage.open(await asAdmin(), DEMO_SLUG)
    await poll(() => doc.heading().textContent()).toContain('Leicestershire Sustainable Community Strategy')
    await poll(() => doc.themes().count()).toBe(7)
    await poll(() => doc.status().textContent()).toBe('Draft 2')
    await doc.checkAccessible()
  })

  it('shows an outcome in the document with its leads', async () => {
    const doc = await StrategyDocumentPage.open(await asAdmin(), DEMO_SLUG)
    await eventually(async () => {
      const outcome = await doc.outcome('1.7').textContent()
      expect(outcome).toContain('More older people are able to lead independent lives')
      expect(outcome).toContain('Tom Hughes')
    })
  })

  it('shows the outline accessibly', async () => {
    const outline = await OutlinePage.open(await asAdmin(), DEMO_SLUG, 2)
    await outline.checkAccessible()
  })

  it('refuses a sub-outcome without a title, with an accessible error summary', async () => {
    const outline = await OutlinePage.open(await asAdmin(), DEMO_SLUG, 2)
    const form = await outline.addBeneath('1.7')
    await form.fill({ title: '' })
    await poll(() => form.errorSummary().textContent()).toContain('Enter the title')
    await form.checkAccessible()
  })

  it('adds a sub-outcome under an outcome, numbered after its siblings', async () => {
    const outline = await OutlinePage.open(await asAdmin(), DEMO_SLUG, 2)
    const before = await outline.nodes().count()
    await (await outline.addBeneath('1.7')).fill(SUB_OUTCOME)
    await outline.reached(`/p/${DEMO_SLUG}/strategy/versions/2/outline*`)
    await poll(() => outline.flash().textContent()).toContain(
      '1.7.4 More older people get information and advice has been added',
    )
    await poll(() => outline.nodes().count()).toBe(before + 1)
  })

  it('refuses a reference already used in the version', async () => {
    const outline = await OutlinePage.open(await asAdmin(), DEMO_SLUG, 2)
    const form = await outline.addBeneath('1.7')
    await form.fill({ ref: '1.7.1', title: 'Duplicate' })
    await poll(() => form.errorSummary().textContent()).toContain(
      'Reference 1.7.1 is already used in this version',
    )
  })

  it('shows an outcome’s page with its directory entry, accessibly', async () => {
    const node = await NodePage.open(await asAdmin(), DEMO_SLUG, await nodeId(2, '1.7'))
    await poll(() => node.directory().textContent()).toContain(
      'Countywide Integrated Partnerships for Older People',
    )
    await node.checkAccessible()
  })

  it('adds the partnership’s comment on an outcome’s page', async () => {
    const node = await NodePage.open(await asAdmin(), DEMO_SLUG, await nodeId(2, '1.7'))
    await node.comment('Please name the carers’ centres in the rationale.')
    await node.reached('/strategy/nodes/**')
    await poll(() => node.comments().last().textContent()).toContain('carers’ centres')
  })

  it('shows the directory accessibly', async () => {
    const directory = await DirectoryPage.open(await asAdmin(), DEMO_SLUG)
    await directory.checkAccessible()
  })

  it('shows the gaps in the directory accessibly', async () => {
    const gaps = await DirectoryPage.open(await asAdmin(), DEMO_SLUG, true)
    await gaps.checkAccessible()
  })

  it('fills a gap in the directory: the outcome lead of 1.3', async () => {
    const gaps = await DirectoryPage.open(await asAdmin(), DEMO_SLUG, true)
    const gapCount = await gaps.rows().count()
    await poll(() => gaps.row('1.3').textContent()).toContain('Outcome lead')
    await gaps.fill('1.3', {
      'Executive officer': 'Dr Sarah Bell (Leicestershire County and Rutland Primary Care Trust)',
      'Outcome lead': 'Helen Price (Leicestershire County Council)',
    })
    await gaps.reached(`/p/${DEMO_SLUG}/directory/gaps*`)
    await poll(() => gaps.flash().textContent()).toContain('The directory entry for 1.3 is complete')
    await poll(() => gaps.rows().count()).toBe(gapCount - 1)
  })

  it('shows the timetable’s four stages, accessibly', async () => {
    const timetable = await TimetablePage.open(await asAdmin(), DEMO_SLUG)
    await timetable.checkAccessible()
    await poll(() => timetable.stages().count()).toBe(4)
  })

  it('records a body’s sign-off on the timetable, accessibly', async () => {
    const timetable = await TimetablePage.open(await asAdmin(), DEMO_SLUG)
    await timetable.recordSignoff('Leicestershire Police Authority', '2008-06-10')
    await timetable.reached(`/p/${DEMO_SLUG}/timetable`)
    await poll(() => timetable.signoff('Leicestershire Police Authority').textContent()).toContain(
      'Signed 10 June 2008',
    )
    await timetable.checkAccessible()
  })

  it('shows the consultation on draft 2 accessibly', async () => {
    const consultation = await ConsultationPage.open(await asAdmin(), DEMO_SLUG, 2)
    await consultation.checkAccessible()
  })

  it('records the partnership’s response to a consultation comment', async () => {
    const consultation = await ConsultationPage.open(await asAdmin(), DEMO_SLUG, 2)
    await consultation.respondToFirstOpen('Accepted', 'Outcome leads for the economy will be named by March.')
    await consultation.reached('/strategy/versions/2/consultation')
    await poll(() => consultation.flash().textContent()).toContain('is now accepted')
  })

  it('shows the consultation on draft 1 accessibly', async () => {
    const consultation = await ConsultationPage.open(await asAdmin(), DEMO_SLUG, 1)
    await consultation.checkAccessible()
  })

  it('compares draft 2 with draft 1, counting the sub-outcome added in the browser, accessibly', async () => {
    const page = (await outlineWithSubOutcome()).page
    const compare = await ComparePage.open(page, DEMO_SLUG, 2, 1)
    await poll(() => compare.summary().textContent()).toBe('3 added, 1 removed, 1 changed.')
    await compare.checkAccessible()
  })

  it('lists the versions accessibly', async () => {
    const versions = await VersionsPage.open(await asAdmin(), DEMO_SLUG)
    await versions.checkAccessible()
  })

  // Last: the new version becomes the current one, which the tests above read as draft 2.
  it('starts a new version copied from the current one', async () => {
    const page = await asAdmin()
    const versions = await VersionsPage.open(page, DEMO_SLUG)
    const outline = await versions.startNext()
    await outline.reached('/strategy/versions/3/outline')
    await poll(() => outline.flash().textContent()).toContain(
      'Version 3 (Penultimate draft) has been started',
    )
    const same = await ComparePage.open(page, DEMO_SLUG, 3, 2)
    await poll(() => same.summary().textContent()).toBe('0 added, 0 removed, 0 changed.')
  })
})
