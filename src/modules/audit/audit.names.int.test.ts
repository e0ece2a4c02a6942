import { expect, it } from 'vitest'
import { Agent, describeIntegration, system, unique } from '../../../test/helpers/app.ts'
import { seedValuesWorld, setWindow } from '../values/values.fixtures.ts'

describeIntegration('audit trail names its records', (t) => {
  it('shows indicator codes, places with GSS codes, people and organisations instead of ids', async () => {
    const s = t().services
    const w = await seedValuesWorld(s, unique('auditnames'))
    await setWindow(s, w, '2008/09 Q1', 'open')
    const police = (await s.auth.actorForToken(w.users.police.token))!
    const saved = await s.values.save(
      police,
      w.partnershipId,
      { indicatorId: w.crime.id, placeId: w.districts[0]!.id, period: '2008/09 Q1' },
      { value: 57, numerator: null, denominator: null, commentary: null, version: 0, submit: true },
    )
    await s.values.returnValue(system, w.partnershipId, saved.value.id, { reason: 'Check the survey' })

    const agent = new Agent(t().app)
    await agent.signIn(w.users.admin.email, w.users.admin.password)
    const rowsOf = async (type: string) =>
      (await agent.get(`/p/${w.slug}/audit?entityType=${type}`)).body.split('data-qa="audit-event"').slice(1)

    const values = await rowsOf('data_value')
    expect(values).toHaveLength(2)
    const district = w.districts[0]!
    for (const row of values) {
      expect(row).toContain(`data-qa="record">L 01 at ${district.name}, 2008/09 Q1<`)
      expect(row).not.toContain(saved.value.id)
    }
    // Ids in the changes are named too: the indicator, the place, the organisation, the person.
    const created = values[1]!
    expect(created).toContain('Value: L 01 Indicator L 01')
    expect(created).toContain(`Value: ${district.name} (${district.gss})`)
    expect(created).toContain('Value: Police')
    expect(created).toContain('Value: police user')
    expect(created).not.toContain(w.crime.id)

    const api = await t().app.inject({
      url: `/api/v1/partnerships/${w.slug}/audit?entityType=data_value`,
      headers: { authorization: `Bearer ${w.users.admin.token}` },
    })
    expect(api.json().data[0].record).toBe(`L 01 at ${district.name}, 2008/09 Q1`)

    const targets = await rowsOf('target')
    expect(targets[0]).toMatch(/data-qa="record">Target for L 0[12]/)
    const places = await rowsOf('place')
    expect(places.some((r) => r.includes(`data-qa="record">${district.name} (${district.gss})<`))).toBe(true)
    const memberships = await rowsOf('membership')
    expect(memberships.some((r) => r.includes('data-qa="record">police user (data provider)<'))).toBe(true)
  })
})
