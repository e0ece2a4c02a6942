import { describe, it } from 'vitest'
import { systemActor } from '../src/modules/auth/actor.ts'
import { DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { browserAvailable, poll, useE2E } from './harness.ts'
import { EscalateForm, EscalationLogPage, EscalationPage } from './pages/escalations.ts'
import { ImprovementPlanPage, ImprovementPlansPage } from './pages/improvement.ts'
import { signedIn } from './pages/sign-in.ts'

const LEAD = 'tom.hughes@leicestershire-together.example'
const OFFICER = 'priya.shah@leicestershire-together.example'
const BOARD = 'margaret.ellis@leicestershire-together.example'
const system = systemActor('e2e')

describe.skipIf(!browserAvailable)('improvement plans in the browser', () => {
  const e2e = useE2E()

  /**
   * An open plan not yet signed off on a flagged target, owned by the demo's outcome lead (as a
   * performance officer would assign it, when the directory named someone else).
   */
  async function leadsPlan() {
    const { services } = e2e()
    const p = (await services.partnerships.findBySlug(DEMO_SLUG))!
    const flagged = await services.improvement.flaggedTargets(system, p.id)
    const open = (await services.improvement.list(system, p.id, { status: 'open' })).filter(
      (x) => !x.plan.signedOffAt && flagged.has(x.plan.targetId),
    )
    if (open.length === 0) throw new Error('The demo has no open improvement plan on a flagged target')
    const people = await services.people.list(system, p.id)
    const tom = people.find((x) => x.email === LEAD)!
    const plan = open.find((x) => x.plan.ownerPersonId === tom.id) ?? open[0]!
    if (plan.plan.ownerPersonId !== tom.id)
      await services.improvement.update(system, p.id, plan.plan.id, { ownerPersonId: tom.id })
    return { plan, partnershipId: p.id }
  }

  it('walks a flagged target’s improvement plan as its outcome lead, accessibly', async () => {
    const { plan } = await leadsPlan()
    const page = await signedIn(e2e(), LEAD)
    const list = await ImprovementPlansPage.open(page, DEMO_SLUG)
    await poll(() => list.rows().count()).toBeGreaterThan(0)
    await list.checkAccessible()
    const planPage = await list.openPlan(plan.indicatorCode)
    await poll(() => planPage.details().textContent()).toContain('Tom Hughes')
    await poll(() => planPage.status().textContent()).toContain('Open')
    await poll(() => planPage.escalateLink().getAttribute('href')).toContain(
      `subjectType=improvement_plan&subjectId=${plan.plan.id}`,
    )
    await poll(() => planPage.signOffButton().count()).toBe(0)
    await planPage.checkAccessible()
  })

  it('lets the outcome lead change the plan, with a clear error for a bad date, accessibly', async () => {
    const { plan } = await leadsPlan()
    const page = await signedIn(e2e(), LEAD)
    const planPage = await ImprovementPlanPage.open(page, DEMO_SLUG, plan.plan.id, plan.indicatorCode)
    // A review date that is not a date: the form says so, accessibly, and keeps what was typed.
    await planPage.change({
      summary: 'Weekly case reviews with the Youth Offending Service',
      reviewOn: 'soon',
    })
    await poll(() => planPage.errorSummary().textContent()).toContain('Enter the review date as YYYY-MM-DD')
    await planPage.checkAccessible()
    await page.getByLabel('Next review (optional)').fill('2030-03-31')
    await page.locator('[data-qa="save"]').click()
    await poll(() => planPage.flash().textContent()).toContain('The improvement plan has been saved')
    await poll(() => planPage.details().textContent()).toContain(
      'Weekly case reviews with the Youth Offending Service',
    )
    await poll(() => planPage.details().textContent()).toContain('31 March 2030')
    await planPage.checkAccessible()
  })

  it('is signed off by the performance officer, accessibly', async () => {
    const { plan } = await leadsPlan()
    const page = await signedIn(e2e(), OFFICER)
    const planPage = await ImprovementPlanPage.open(page, DEMO_SLUG, plan.plan.id, plan.indicatorCode)
    await planPage.checkAccessible()
    await planPage.signOff()
    await poll(() => planPage.flash().textContent()).toContain('signed off')
    // Still red two periods running: it stays open until the target recovers.
    await poll(() => planPage.status().textContent()).toContain('signed off, closes when the target recovers')
    await poll(() => planPage.signOffButton().count()).toBe(0)
    await planPage.checkAccessible()
  })

  it('takes a flagged target’s improvement plan to the board, which decides, accessibly', async () => {
    const { plan } = await leadsPlan()
    const title = `Improvement plan for ${plan.indicatorCode} needs more resource`
    const lead = await signedIn(e2e(), LEAD)
    const planPage = await ImprovementPlanPage.open(lead, DEMO_SLUG, plan.plan.id, plan.indicatorCode)
    await planPage.escalateLink().click()
    const form = new EscalateForm(lead)
    // The form names the plan it escalates (the improvement module resolves it for the log).
    await poll(() => lead.locator('main').textContent()).toContain(
      `Improvement plan for ${plan.indicatorCode}`,
    )
    await form.checkAccessible()
    await form.fill({ title, question: 'Will the board fund two more case workers until it recovers?' })
    const raised = new EscalationPage(lead)
    await poll(() => raised.status().textContent()).toBe('Awaiting decision')
    await raised.checkAccessible()

    const board = await EscalationLogPage.open(await signedIn(e2e(), BOARD), DEMO_SLUG, 'open')
    const escalation = await board.openEscalation(title)
    const decision = await escalation.decide()
    await decision.fill({ decision: 'Agreed: two case workers for six months, reviewed in March.' })
    await poll(() => escalation.status().textContent()).toBe('Decided')
    await poll(() => escalation.details().textContent()).toContain(
      `Improvement plan for ${plan.indicatorCode}`,
    )
    await escalation.checkAccessible()
  })
})
