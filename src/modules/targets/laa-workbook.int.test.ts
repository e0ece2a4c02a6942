import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import type { IndicatorInput } from '../indicators/indicators.schema.ts'
import { designatedNis, laa2Workbook, uncoveredRefs } from './laa-workbook.fixtures.ts'
import { seedStrategy } from './targets.fixtures.ts'

describeIntegration('the LAA workbook sheets', (t) => {
  async function setUp() {
    const { services } = t()
    const s = await seedPartnership(services, ['performance_officer'])
    // A system administrator has completed the national indicators the workbook uses.
    for (const n of designatedNis()) {
      const i = (await services.indicators.findByCode(system, s.partnership.id, n.code))!
      await services.indicators.updateNational(system, i.id, {
        ...(i as unknown as IndicatorInput),
        ...n,
        lagMonths: null,
        responsibleOrganisationId: null,
      })
    }
    await seedStrategy(services, s.partnership.id, [7, 7, 7, 7, 7, 7, 7])
    return { ...s, h: bearer(s.users.performance_officer!.token) }
  }
  const importJson = (slug: string, h: Record<string, string>, sheets: object) =>
    t().app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${slug}/imports`,
      headers: h,
      payload: { sheets },
    })

  it('imports an LAA2-sized agreement from one workbook and shows which outcomes lack targets', async () => {
    const { app, services } = t()
    const s = await setUp()
    const res = await importJson(s.slug, s.h, laa2Workbook())
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(200)
    expect(res.json().data.sheets).toMatchObject({
      Agreement: { created: 1 },
      Indicators: { created: 26, updated: 35 },
      Targets: { created: 61 },
      Trajectories: { created: 183 },
    })

    const [agreement] = await services.agreements.list(system, s.partnership.id)
    expect(agreement).toMatchObject({ status: 'signed', startYear: 2008, endYear: 2010 })
    const coverage = (
      await app.inject({
        url: `/api/v1/partnerships/${s.slug}/agreements/${agreement!.id}/coverage`,
        headers: s.h,
      })
    ).json().data
    expect(coverage.total).toBe(61)
    expect(coverage.byKind).toEqual({ designated: 35, mandatory: 16, local: 10, reward: 0 })
    expect(coverage.byStatus).toEqual({ proposed: 0, negotiating: 0, agreed: 38, placeholder: 23 })
    expect(coverage.outcomes.total).toBe(49)
    expect(coverage.outcomes.covered).toBe(33)
    expect(coverage.outcomes.withoutTargets.map((o: { ref: string }) => o.ref)).toEqual(uncoveredRefs)
    expect(coverage.designated).toEqual({ count: 35, limit: 35, withinLimit: true })
    expect(coverage.targetsWithoutOutcome).toEqual([])

    const agent = new Agent(app)
    await agent.signIn(s.users.performance_officer!.email, s.users.performance_officer!.password)
    const page = await agent.get(`/p/${s.slug}/coverage`)
    expect(page.body).toMatch(/data-qa="outcomes-covered">33 of 49</)
    expect(page.body).toContain('16 of the 49 outcomes have no target in this agreement.')
    for (const ref of uncoveredRefs) expect(page.body).toContain(`<li>${ref} Outcome ${ref}</li>`)

    // An exported workbook imported again changes nothing.
    const exported = await app.inject({
      url: `/api/v1/partnerships/${s.slug}/exports/workbook?format=json`,
      headers: s.h,
    })
    const { sheets } = JSON.parse(exported.body)
    expect(sheets.Targets).toHaveLength(61)
    expect(sheets.Coverage.find((r: { ref: string }) => r.ref === uncoveredRefs[0])).toMatchObject({
      targets: 0,
    })
    const again = await importJson(s.slug, s.h, {
      Agreement: sheets.Agreement,
      Indicators: sheets.Indicators,
      Targets: sheets.Targets,
      Trajectories: sheets.Trajectories,
    })
    expect(again.statusCode, again.body.slice(0, 2000)).toBe(200)
    for (const [name, c] of Object.entries(
      again.json().data.sheets as Record<string, { created: number; updated: number }>,
    ))
      expect([name, c.created, c.updated]).toEqual([name, 0, 0])
  }, 180_000)

  it('refuses a workbook with a 36th designated target or bad rows, listing every problem and writing nothing', async () => {
    const { services } = t()
    const s = await setUp()
    const wb = laa2Workbook()
    wb.Indicators.push({
      code: 'L 99',
      title: 'One too many',
      set: 'local',
      unit: 'count',
      polarity: 'higher',
      frequency: 'annual',
    })
    wb.Targets.push({ indicator_code: 'L 99', kind: 'designated', status: 'proposed', outcome_refs: '1.1' })
    wb.Targets.push({ indicator_code: 'NI 999', kind: 'local', status: 'proposed', outcome_refs: '1.1' })
    wb.Targets.push({ indicator_code: 'NI 192', kind: 'reward', status: 'proposed', outcome_refs: '9.9' })
    wb.Targets.push({ indicator_code: 'NI 193', kind: 'local', status: 'proposed', tolerance_percent: -5 })
    wb.Trajectories.push({ indicator_code: 'L 01', period: '2008/09 Q1', target_value: 1 })
    wb.Trajectories.push({ indicator_code: 'L 02', period: '2012/13', target_value: 1 })
    wb.Trajectories.push({
      indicator_code: 'L 03',
      place_gss: 'E99999999',
      period: '2009/10',
      target_value: 1,
    })
    const res = await importJson(s.slug, s.h, wb)
    expect(res.statusCode).toBe(422)
    const details: string[] = res.json().error.details
    expect(details).toEqual([
      'Targets!63 kind: an agreement can have at most 35 designated targets and this one already has 35. Mandatory, local and reward targets do not count towards the limit: choose one of those, or change another designated target first',
      'Targets!64 indicator_code: NI 999 is not in the indicator catalogue or on the Indicators sheet',
      'Targets!65 without_reward_value: a reward target needs the performance expected without the reward',
      'Targets!65 stretch_value: a reward target needs the stretched target value',
      'Targets!65 reward_grant: a reward target needs the maximum reward grant',
      'Targets!66 tolerance_percent: the tolerance cannot be negative: enter 0 or more',
    ])
    expect(await services.agreements.list(system, s.partnership.id)).toEqual([])
    expect(await services.indicators.findByCode(system, s.partnership.id, 'L 01')).toBeUndefined()

    // With the sheet-level problems fixed, the database-level ones are all reported too.
    const wb2 = laa2Workbook()
    wb2.Targets.push({ indicator_code: 'NI 192', kind: 'local', status: 'proposed', outcome_refs: '9.9' })
    wb2.Trajectories.push({ indicator_code: 'L 01', period: '2008/09 Q1', target_value: 1 })
    wb2.Trajectories.push({ indicator_code: 'L 02', period: '2012/13', target_value: 1 })
    wb2.Trajectories.push({
      indicator_code: 'L 03',
      place_gss: 'E99999999',
      period: '2009/10',
      target_value: 1,
    })
    const res2 = await importJson(s.slug, s.h, wb2)
    expect(res2.statusCode).toBe(422)
    expect(res2.json().error.details).toEqual([
      'Targets!63 outcome_refs: no outcome 9.9 in the current strategy',
      'Trajectories!185 period: L 01 is measured annually: its trajectory takes financial years like 2008/09, not quarters (2008/09 Q1)',
      'Trajectories!186 period: 2012/13 is outside the agreement (2008/09 - 2010/11)',
      'Trajectories!187 place_gss: no place has the GSS code E99999999',
    ])
    expect(await services.agreements.list(system, s.partnership.id)).toEqual([])
  }, 180_000)
})
