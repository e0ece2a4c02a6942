import { describe, expect, it } from 'vitest'
import { DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { browserAvailable, eventually, poll, useE2E } from './harness.ts'
import { DeliveryPlanPage, DeliveryPlansPage } from './pages/delivery.ts'
import { signedIn } from './pages/sign-in.ts'

const LEAD = 'tom.hughes@leicestershire-together.example'
const OFFICER = 'priya.shah@leicestershire-together.example'

describe.skipIf(!browserAvailable)('a delivery plan through challenge in the browser', () => {
  const e2e = useE2E()

  it('walks an outcome lead through plan, challenge, revision and acceptance, accessibly', async () => {
    // The outcome lead starts a plan for 1.7, an outcome he leads, and adds an action.
    const lead = await signedIn(e2e(), LEAD)
    const plans = await DeliveryPlansPage.open(lead, DEMO_SLUG)
    await plans.checkAccessible()
    const title = `Independent lives ${Date.now()}`
    const plan = await plans.start({
      outcomeRef: '1.7',
      title,
      purpose: 'More older people supported to live at home',
      lead: 'Tom Hughes',
    })
    const planPath = plan.path()
    await plan.addAction({
      ref: `E2E-${Date.now()}`,
      title: 'Extend the handyperson scheme to every district',
      startOn: '2008-04-01',
      dueOn: '2009-03-31',
      owner: 'Tom Hughes',
    })
    await poll(() => plan.timeline().count()).toBe(1)
    await poll(() => plan.timelineTable().textContent()).toContain('Extend the handyperson scheme')
    await plan.checkAccessible()
    await plan.submit('First submission to the Challenge Task Group')
    await poll(() => plan.status().textContent()).toBe('In challenge')
    await plan.checkAccessible()

    // A performance officer of the challenge group raises an issue and returns it for revision.
    const officer = await signedIn(e2e(), OFFICER)
    const review = await DeliveryPlanPage.open(officer, planPath, title)
    await review.raiseIssue('Which partners fund the scheme after March 2009?')
    await review.checkAccessible()
    await review.returnForRevision()
    await poll(() => review.status().textContent()).toBe('Being revised')

    // The lead answers and resubmits: a second round.
    const revise = await DeliveryPlanPage.open(lead, planPath, title)
    await revise.checkAccessible()
    await revise.respond('District councils have committed match funding to 2011')
    await revise.submit('Funding beyond 2009 added')
    await poll(() => revise.status().textContent()).toBe('In challenge')

    // The officer accepts; both rounds stay readable.
    const accept = await DeliveryPlanPage.open(officer, planPath, title)
    await accept.accept()
    await poll(() => accept.status().textContent()).toBe('Accepted')
    await eventually(async () => {
      expect(await accept.round(1).textContent()).toContain('Returned for revision')
      expect(await accept.round(1).textContent()).toContain('District councils have committed match funding')
      expect(await accept.round(2).textContent()).toContain('Accepted')
    })
    await accept.checkAccessible()
    const final = await DeliveryPlanPage.open(lead, planPath, title)
    await poll(() => final.status().textContent()).toBe('Accepted')
  })

  it('lists overdue actions across the partnership, accessibly', async () => {
    const page = await signedIn(e2e(), OFFICER)
    await page.goto(`/p/${DEMO_SLUG}/delivery/actions/overdue`)
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Overdue actions')
    await new DeliveryPlansPage(page).checkAccessible()
  })
})
