import { expect, it } from 'vitest'
import { describeIntegration, system } from '../../../test/helpers/app.ts'
import { isAppError } from '../../errors.ts'
import { commentaryWorld } from '../commentary/commentary.fixtures.ts'
import { riskInput } from '../risks/risks.schema.ts'

describeIntegration('escalating records of the delivery modules', (t) => {
  it('names a risk it escalates and refuses another partnership’s, naming the field', async () => {
    const a = await commentaryWorld(t())
    const b = await commentaryWorld(t())
    const s = a.services
    const risk = await s.risks.create(
      system,
      a.pid,
      riskInput.parse({ ref: 'R-01', title: 'Assessor vacancies', likelihood: 3, impact: 4 }),
    )
    const ask = {
      subjectType: 'risk' as const,
      subjectId: risk.id,
      title: 'Vacancies',
      question: 'Fund cover?',
    }
    const raised = await s.escalations.escalate(system, a.pid, ask)
    expect((await s.escalations.get(system, a.pid, raised.id)).subject).toEqual({
      label: 'R-01 Assessor vacancies',
      path: `/risks/${risk.id}`,
    })

    const refused = await s.escalations.escalate(system, b.pid, ask).catch((e: unknown) => e)
    expect(isAppError(refused) && refused.status).toBe(422)
    expect(isAppError(refused) && refused.fields).toHaveProperty('subjectId')
    expect(await s.escalations.list(system, b.pid, {})).toEqual([])
  })
})
