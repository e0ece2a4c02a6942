import { expect, it } from 'vitest'
import { Agent, describeIntegration, system } from '../../../test/helpers/app.ts'
import { commentaryWorld } from '../commentary/commentary.fixtures.ts'
import { commentaryInput } from '../commentary/commentary.schema.ts'
import { actionInput, planCreate } from '../delivery/delivery.schema.ts'
import { requestInput } from '../requests/requests.schema.ts'
import { riskInput } from '../risks/risks.schema.ts'

/** Section by its data-qa marker, so assertions look at the right panel. */
const section = (html: string, qa: string) => {
  const start = html.indexOf(`data-qa="${qa}"`)
  return start < 0 ? '' : html.slice(start, html.indexOf('</ul>', start) + 5 || undefined)
}

describeIntegration('the golden thread on target and outcome pages', (t) => {
  async function world() {
    const w = await commentaryWorld(t())
    const s = w.services
    const plan = await s.delivery.create(
      system,
      w.pid,
      planCreate.parse({ targetId: w.target.id, title: 'Independent living plan' }),
    )
    await s.delivery.createAction(
      system,
      w.pid,
      plan.id,
      actionInput.parse({ ref: 'A-101', title: 'Recruit extra assessors', dueOn: '2008-10-31' }),
    )
    await s.risks.create(
      system,
      w.pid,
      riskInput.parse({
        ref: 'R-07',
        title: 'Assessor vacancies',
        subject: `target:${w.target.id}`,
        likelihood: 4,
        impact: 4,
      }),
    )
    await s.escalations.escalate(system, w.pid, {
      subjectType: 'target',
      subjectId: w.target.id,
      title: 'Assessments behind plan',
      question: 'Will the board fund a third assessor?',
    })
    await s.requests.create(
      system,
      w.pid,
      requestInput.parse({
        ref: 'F-01',
        title: 'Pool the carers grant',
        outcomeKey: w.outcome.key,
        department: 'Department of Health',
      }),
    )
    const agent = new Agent(w.app)
    await agent.signIn(w.users.board_member!.email, w.users.board_member!.password)
    return { ...w, s, plan, agent }
  }

  it('shows a target’s plan and actions, risks, latest commentary and escalations, each linked', async () => {
    const w = await world()
    const before = new Date()
    await new Promise((r) => setTimeout(r, 20))
    await w.s.commentary.record(
      system,
      w.pid,
      w.target.id,
      commentaryInput.parse({ period: '2008/09 Q2', commentary: 'Assessments are behind plan' }),
    )
    const page = await w.agent.get(`/p/${w.slug}/targets/${w.target.id}`)
    expect(page.statusCode).toBe(200)
    const html = page.body
    expect(section(html, 'thread-plan')).toContain(`/delivery/plans/${w.plan.id}`)
    expect(section(html, 'thread-plan')).toContain('Independent living plan')
    expect(section(html, 'thread-actions')).toContain('A-101 Recruit extra assessors')
    // Status in words, not colour alone: the action is late (due 2008) and the risk is high (16).
    expect(section(html, 'thread-actions')).toMatch(/govuk-tag[^>]*>Late</)
    expect(section(html, 'thread-risks')).toMatch(/govuk-tag[^>]*>High</)
    expect(section(html, 'thread-risks')).toContain('Score 16')
    expect(html).toContain('Assessments are behind plan')
    expect(section(html, 'thread-escalations')).toContain('Assessments behind plan')
    expect(html).toContain(`/escalations/new?subjectType=target&amp;subjectId=${w.target.id}`)

    // As at a time before the commentary was written, the page shows none.
    const then = await w.agent.get(`/p/${w.slug}/targets/${w.target.id}?asAt=${before.toISOString()}`)
    expect(then.statusCode).toBe(200)
    expect(then.body).not.toContain('Assessments are behind plan')
    expect(then.body).toContain('No commentary yet.')

    // A target with nothing done about it offers to start a plan for it.
    const bare = await w.agent.get(`/p/${w.slug}/targets/${w.unled.id}`)
    expect(bare.body).toContain('data-qa="thread-no-plan"')
    expect(bare.body).toContain(`/delivery/plans/new?subject=target:${w.unled.id}`)
  })

  it('shows an outcome’s plans (its targets’ too), risks and requests', async () => {
    const w = await world()
    const page = await w.agent.get(`/p/${w.slug}/strategy/nodes/${w.outcome.id}`)
    expect(page.statusCode).toBe(200)
    expect(section(page.body, 'thread-plan')).toContain('Independent living plan')
    expect(section(page.body, 'thread-risks')).toContain('R-07 Assessor vacancies')
    expect(section(page.body, 'thread-requests')).toContain('F-01 Pool the carers grant')
  })
})
