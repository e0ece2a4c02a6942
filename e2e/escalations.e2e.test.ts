import { describe, it } from 'vitest'
import { DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { DECIDED_ESCALATION, OPEN_ESCALATION } from '../src/demo/escalations.ts'
import { browserAvailable, poll, useE2E } from './harness.ts'
import { EscalateForm, EscalationLogPage, EscalationPage } from './pages/escalations.ts'
import { signedIn } from './pages/sign-in.ts'

const OFFICER = 'priya.shah@leicestershire-together.example'
const BOARD = 'margaret.ellis@leicestershire-together.example'
const TITLE = 'Pooling the Building Safer Communities grant'

describe.skipIf(!browserAvailable)('escalations to the board in the browser', () => {
  const e2e = useE2E()

  it('shows the demo’s escalation log, open and decided, accessibly', async () => {
    const log = await EscalationLogPage.open(await signedIn(e2e(), OFFICER), DEMO_SLUG)
    await poll(() => log.row(OPEN_ESCALATION).textContent()).toContain('Awaiting decision')
    await poll(() => log.row(DECIDED_ESCALATION).textContent()).toContain('Decided')
    await log.show('Decided')
    await poll(() => log.rows().count()).toBe(1)
    await log.checkAccessible()
  })

  it('is raised by a performance officer and decided by a board member', async () => {
    const officerPage = await signedIn(e2e(), OFFICER)
    const form = await (await EscalationLogPage.open(officerPage, DEMO_SLUG)).escalate()
    // Nothing filled in: the error summary names the fields.
    await form.fill({ title: '', question: '' })
    await poll(() => form.errorSummary().textContent()).toContain('Enter the question for the board')
    await form.checkAccessible()
    await form.fill({
      subject:
        'Request FF-02 Relaxation of the capital / revenue split of the Building Safer Communities grant',
      title: TITLE,
      question: 'Should the board ask the Home Office to pool the grant in the LAA?',
    })
    const raised = new EscalationPage(officerPage)
    await poll(() => raised.flash().textContent()).toContain('Escalated to the board')
    await poll(() => raised.status().textContent()).toBe('Awaiting decision')
    await poll(() => raised.decideButton().count()).toBe(0)
    await raised.checkAccessible()

    const board = await EscalationLogPage.open(await signedIn(e2e(), BOARD), DEMO_SLUG, 'open')
    const escalation = await board.openEscalation(TITLE)
    const decision = await escalation.decide()
    await decision.fill({ decision: '', meetingDate: '2009-02-30' })
    await poll(() => decision.errorSummary().textContent()).toContain('Enter the board’s decision')
    await decision.checkAccessible()
    await decision.fill({ decision: 'Yes: GOEM to take it to the Home Office with FF-02.', meetingDate: '' })
    await poll(() => escalation.flash().textContent()).toContain('The board’s decision has been recorded')
    await poll(() => escalation.status().textContent()).toBe('Decided')
    await poll(() => escalation.details().textContent()).toContain('Cllr Margaret Ellis')
    await escalation.checkAccessible()

    // The officer sees it decided in the log.
    const log = await EscalationLogPage.open(officerPage, DEMO_SLUG, 'decided')
    await poll(() => log.row(TITLE).textContent()).toContain('Yes: GOEM to take it to the Home Office')
  })

  it('is reached from a request’s page with the request chosen', async () => {
    const page = await signedIn(e2e(), OFFICER)
    await page.goto(`/p/${DEMO_SLUG}/requests`)
    await page.getByRole('link', { name: 'Reduction in levels of PPO monitoring' }).click()
    await page.locator('[data-qa="escalate"]').click()
    const form = new EscalateForm(page)
    await poll(() => form.heading().textContent()).toBe('Escalate to the board')
    await poll(() => page.locator('main').textContent()).toContain(
      'Freedom or flexibility request: FF-01 Reduction in levels of PPO monitoring',
    )
    await form.checkAccessible()
  })
})
