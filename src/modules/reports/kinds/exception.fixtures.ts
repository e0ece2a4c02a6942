import { eq } from 'drizzle-orm'
import { buildMember, system, unique } from '../../../../test/helpers/factories.ts'
import type { TestContext } from '../../../../test/helpers/app.ts'
import { partnerships } from '../../../db/schema/index.ts'
import { actionInput, planCreate } from '../../delivery/delivery.schema.ts'
import { directoryInput } from '../../directory/directory.schema.ts'
import { riskInput } from '../../risks/risks.schema.ts'
import { targetCreate } from '../../targets/targets.schema.ts'
import { seedValuesWorld } from '../../values/values.fixtures.ts'

/**
 * For the exception, progress and evidence kinds' tests: a partnership with two themes, each with
 * an outcome and its outcome lead; under 1.1 a red target (L 09, red in 2008/09 Q1 and Q2, so it
 * has an improvement plan) with commentary, a delivery plan and actions, a risk and an escalation,
 * and a green one (L 10); under 2.1 an amber one (L 11); progress and gaps for 1.1.
 */
export async function threadWorld(t: TestContext) {
  const s = t.services
  const w = await seedValuesWorld(s, unique('thread'))
  const pid = w.partnershipId
  await t.database.db.update(partnerships).set({ allowSelfApproval: true }).where(eq(partnerships.id, pid))
  const version = await s.strategy.startVersion(system, pid, { title: 'SCS', copyFrom: 0 })
  const node = (kind: 'theme' | 'outcome', title: string, parentId: string | null, ref?: string) =>
    s.strategyNodes.createNode(system, pid, version.number, {
      kind,
      parentId,
      ref,
      title,
      statement: null,
      rationale: null,
      tagIds: [],
    })
  const safer = await node('theme', 'Safer communities', null)
  const healthier = await node('theme', 'Healthier communities', null)
  const lessWaste = await node('outcome', 'Less waste', safer.id, '1.1')
  const healthy = await node('outcome', 'Healthier lives', healthier.id, '2.1')
  const olive = await buildMember(s, pid, { role: 'outcome_lead', name: 'Olive Lead' })
  const hal = await buildMember(s, pid, { role: 'outcome_lead', name: 'Hal Lead' })
  const personOf = async (userId: string) =>
    (await s.directory.findPeopleOfUser(t.database.db, pid, userId))[0]!
  const olivePerson = await personOf(olive.userId)
  const halPerson = await personOf(hal.userId)
  await s.directory.set(system, pid, lessWaste.id, directoryInput.parse({ outcomeLeadId: olivePerson }))
  await s.directory.set(system, pid, healthy.id, directoryInput.parse({ outcomeLeadId: halPerson }))

  const indicator = (code: string, title: string, polarity: 'higher' | 'lower', extra = {}) =>
    s.indicators.create(system, pid, {
      code,
      title,
      set: 'local',
      theme: null,
      definition: null,
      numerator: null,
      denominator: null,
      unit: 'count',
      ratePer: null,
      polarity,
      frequency: 'quarterly',
      combine: 'sum',
      dataSource: null,
      lagMonths: null,
      responsibleOrganisationId: null,
      accumulation: 'snapshot',
      ...extra,
    })
  await indicator('L 09', 'Household waste', 'lower', {
    definition: 'Tonnes of household waste not recycled',
    dataSource: 'Waste data flow returns',
    responsibleOrganisationId: w.council.id,
  })
  await indicator('L 10', 'Recycling sites', 'higher')
  await indicator('L 11', 'Health checks', 'higher')
  const [agreement] = await s.agreements.list(system, pid)
  const target = async (code: string, outcomeRefs: string[], value: number) =>
    (
      await s.targets.create(
        system,
        pid,
        agreement!.id,
        targetCreate.parse({
          indicatorCode: code,
          kind: 'designated',
          status: 'agreed',
          outcomeRefs,
          tolerancePercent: 10,
          trajectory: [{ period: '2008/09', value }],
        }),
      )
    ).target
  const red = await target('L 09', ['1.1'], 1000)
  const green = await target('L 10', ['1.1'], 10)
  const amber = await target('L 11', ['2.1'], 100)
  const indicatorIdOf = async (code: string) => (await s.indicators.findByCode(system, pid, code))!.id
  const save = async (code: string, period: string, value: number) =>
    s.values.save(
      system,
      pid,
      { indicatorId: await indicatorIdOf(code), placeId: w.area.id, period },
      {
        value,
        numerator: null,
        denominator: null,
        commentary: null,
        version: 0,
        submit: true,
      },
    )
  await save('L 09', '2008/09 Q1', 1200)
  await save('L 09', '2008/09 Q2', 1250)
  await save('L 10', '2008/09 Q2', 50)
  await save('L 11', '2008/09 Q2', 95)

  const [improvement] = await s.improvement.list(system, pid, { targetId: red.id })
  const plan = await s.delivery.create(
    system,
    pid,
    planCreate.parse({ targetId: red.id, title: 'Waste reduction plan', leadPersonId: olivePerson }),
  )
  const action = (ref: string, title: string, dueOn: string, improvementPlanId: string | null) =>
    s.delivery.createAction(
      system,
      pid,
      plan.id,
      actionInput.parse({ ref, title, dueOn, ownerPersonId: olivePerson, improvementPlanId }),
    )
  const fix = await action('A-1', 'Weekly food waste collections', '2030-03-31', improvement!.plan.id)
  const late = await action('A-2', 'Leaflet every household', '2008-06-30', null)
  const risk = await s.risks.create(
    system,
    pid,
    riskInput.parse({
      ref: 'R-1',
      title: 'Contractor fails to start',
      subject: `target:${red.id}`,
      likelihood: 4,
      impact: 4,
    }),
  )
  const escalation = await s.escalations.escalate(system, pid, {
    subjectType: 'improvement_plan',
    subjectId: improvement!.plan.id,
    title: 'Fund food waste caddies',
    question: 'Will the board fund 20,000 caddies?',
  })
  await s.commentary.record(system, pid, red.id, {
    period: '2008/09 Q2',
    commentary: 'Waste rose again over the summer.',
    actions: 'Food waste collections start in October.',
    supportNeeded: 'Capital for caddies.',
  })
  await s.commentary.record(system, pid, green.id, {
    period: '2008/09 Q2',
    commentary: 'All sites open.',
    actions: null,
    supportNeeded: null,
  })
  await s.commentary.recordProgress(system, pid, lessWaste.key, {
    period: '2008/09 Q2',
    progress: 'Recycling is up; residual waste is not falling yet.',
    gaps: 'No food waste service in two districts.',
  })
  return {
    ...w,
    pid,
    themes: { safer, healthier },
    outcomes: { lessWaste, healthy },
    leads: { olive: olivePerson, hal: halPerson },
    targets: { red, green, amber },
    improvement: improvement!,
    plan,
    actions: { fix, late },
    risk,
    escalation,
  }
}
