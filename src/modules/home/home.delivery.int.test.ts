import { expect, it } from 'vitest'
import { Agent, describeIntegration, system } from '../../../test/helpers/app.ts'
import { commentaryWorld } from '../commentary/commentary.fixtures.ts'
import { actionInput, planCreate } from '../delivery/delivery.schema.ts'

/** The text of one home-page section (by its data-qa), tags stripped, spaces collapsed. */
function section(html: string, qa: string): string {
  const start = html.indexOf(`data-qa="${qa}"`)
  if (start < 0) return ''
  return html
    .slice(start, html.indexOf('</section>', start))
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/\s+/g, ' ')
}

describeIntegration('home: what delivery asks of each person', (t) => {
  it('shows a board member what awaits the board’s decision, and an outcome lead their late actions', async () => {
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
      actionInput.parse({
        ref: 'A-201',
        title: 'Open the second reablement team',
        dueOn: '2008-12-31',
        ownerPersonId: w.lead.id,
      }),
    )
    const page = async (role: 'board_member' | 'outcome_lead' | 'scrutiny') => {
      const agent = new Agent(w.app)
      await agent.signIn(w.users[role]!.email, w.users[role]!.password)
      return (await agent.get(`/p/${w.slug}`)).body
    }

    expect(section(await page('board_member'), 'home-delivery')).toContain(
      'Nothing awaits the board’s decision',
    )
    await s.escalations.escalate(system, w.pid, {
      subjectType: 'target',
      subjectId: w.target.id,
      title: 'Reablement behind plan',
      question: 'Will the board release the contingency?',
    })
    const board = section(await page('board_member'), 'home-delivery')
    expect(board).toContain('Reablement behind plan')
    expect(board).toContain('Will the board release the contingency?')
    // The action is not the board member's: no late actions of theirs.
    expect(board).not.toContain('A-201')

    const lead = section(await page('outcome_lead'), 'home-delivery')
    expect(lead).toContain('A-201 Open the second reablement team')
    expect(lead).toContain('Late')
    expect(lead).not.toContain('Awaiting the board’s decision')

    // Scrutiny has nothing asked of it and sees no delivery section.
    expect(section(await page('scrutiny'), 'home-delivery')).toBe('')
  })
})
