import { describe, it } from 'vitest'
import { systemActor } from '../src/modules/auth/actor.ts'
import { DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { browserAvailable, poll, useE2E } from './harness.ts'
import { CommentaryAskedPage } from './pages/commentary.ts'
import { signedIn } from './pages/sign-in.ts'

const LEAD = 'tom.hughes@leicestershire-together.example'
const system = systemActor('e2e')

describe.skipIf(!browserAvailable)('commentary in the browser', () => {
  const e2e = useE2E()

  /** The demo asked the outcome lead for the latest closed quarter's commentary on NI 135. */
  async function asked() {
    const { services } = e2e()
    const p = (await services.partnerships.findBySlug(DEMO_SLUG))!
    const open = (await services.commentary.requests(system, p.id)).filter(
      (r) => r.personEmail === LEAD && r.target?.code === 'NI 135' && r.status !== 'fulfilled',
    )
    if (open.length === 0) throw new Error('The demo asked Tom Hughes for no commentary on NI 135')
    return { partnershipId: p.id, request: open[0]! }
  }

  it('lets the outcome lead write what is asked of them, with a clear error first, accessibly', async () => {
    const { request } = await asked()
    const page = await signedIn(e2e(), LEAD)
    const list = await CommentaryAskedPage.open(page, DEMO_SLUG)
    await poll(() => list.rows().count()).toBeGreaterThan(0)
    await list.checkAccessible()

    const form = await list.write('NI 135')
    await form.checkAccessible()
    // Nothing said: the form says what to enter, accessibly.
    await form.fill({ commentary: '' })
    await poll(() => form.errorSummary().textContent()).toContain('Enter what is happening')
    await form.checkAccessible()

    await form.fill({
      commentary: 'Assessments and reviews of carers rose again this quarter.',
      actions: 'Carers’ centres take referrals directly',
      supportNeeded: 'Funding for young carers outside the two largest districts',
    })
    await poll(() => form.flash().textContent()).toContain(`for ${request.period} has been saved`)
    await poll(() => form.periods().textContent()).toContain('Assessments and reviews of carers rose again')
    await form.checkAccessible()

    // Written: no longer asked.
    const after = await CommentaryAskedPage.open(page, DEMO_SLUG)
    await poll(() =>
      after.rows().filter({ hasText: 'NI 135' }).filter({ hasText: request.period }).count(),
    ).toBe(0)
  })
})
