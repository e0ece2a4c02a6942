import { buffer } from 'node:stream/consumers'
import { expect, it } from 'vitest'
import { describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { buildAgreement, buildIndicator, buildPlace, buildTarget } from '../../../test/helpers/factories.ts'
import { csvSource } from '../../../test/helpers/workbook.ts'
import { auditEvents, improvementPlans } from '../../db/schema/index.ts'
import type { AppError } from '../../errors.ts'
import { and, eq } from 'drizzle-orm'

describeIntegration('Actions sheet', (t) => {
  async function setup() {
    const { services, database } = t()
    const seeded = await seedPartnership(services, ['admin'])
    const pid = seeded.partnership.id
    const place = await buildPlace(services, pid)
    const agreement = await buildAgreement(services, pid)
    const targetOf = async (code: string) => {
      const indicator = await buildIndicator(services, pid, { code, title: `Indicator ${code}` })
      const built = await buildTarget(services, pid, agreement.id, {
        indicatorCode: indicator.code,
        trajectory: [{ period: '2008/09', placeGss: place.gss, value: 10 }],
      })
      return built.target
    }
    const withPlan = await targetOf('LR 30')
    const noPlan = await targetOf('LR 40')
    const plan = await services.delivery.create(system, pid, {
      targetId: withPlan.id,
      outcomeKey: null,
      title: 'Delivery plan for LR 30',
      purpose: null,
      leadPersonId: null,
      partners: null,
      fundingNote: null,
    })
    const [admin] = (await services.people.list(system, pid)).filter(
      (p) => p.email === seeded.users.admin!.email,
    )
    const run = (text: string, actor = system) =>
      services.workbook.import(actor, pid, csvSource('Actions.csv', text))
    const exported = async () =>
      (await buffer((await services.workbook.export(system, pid, 'Actions', 'csv')).stream))
        .toString('utf8')
        .replace(/^\uFEFF/, '')
    const actions = async () => (await services.delivery.get(system, pid, plan.id)).actions
    const db = database.db
    const auditCount = async () =>
      (
        await db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.partnershipId, pid), eq(auditEvents.entityType, 'action')))
      ).length
    return {
      ...seeded,
      services,
      db,
      pid,
      plan,
      withPlan,
      noPlan,
      admin: admin!,
      run,
      exported,
      actions,
      auditCount,
    }
  }

  const header =
    'ref,title,target_code,outcome_ref,owner,organisation,start,due,status,percent_complete,milestone,depends_on,improvement_plan,notes'

  it('imports actions with dependencies on rows below them, exports them and reads the export back unchanged', async () => {
    const s = await setup()
    const csv = [
      header,
      `A-01,Deliver the triage scheme,lr30,,${s.admin.name},,2008-04-01,2009-03-31,on-track,40,no,A-02,,Weekly`,
      'A-02,Agree the protocol,LR 30,,,,,2008-06-30,complete,100,yes,,,',
    ].join('\n')
    const first = await s.run(csv)
    expect(first.sheets.Actions).toEqual({ created: 2, updated: 0, unchanged: 0 })
    const list = await s.actions()
    const a1 = list.find((a) => a.ref === 'A-01')!
    const a2 = list.find((a) => a.ref === 'A-02')!
    expect(a1).toMatchObject({ ownerName: s.admin.name, percentComplete: 40, status: 'on-track' })
    expect(a1.dependsOn).toEqual([a2.id])
    expect(a2.milestone).toBe(true)

    const out = await s.exported()
    expect(out.split('\n')[0]!.trim()).toBe(header)
    expect(out).toContain('A-01,Deliver the triage scheme,LR 30')
    const audits = await s.auditCount()
    const again = await s.run(out)
    expect(again.sheets.Actions).toEqual({ created: 0, updated: 0, unchanged: 2 })
    expect(await s.auditCount()).toBe(audits)
    expect((await s.services.delivery.getAction(system, s.pid, a1.id)).versions).toHaveLength(1)

    // A changed row is one update and one version; removing a dependency is an update too.
    const changed = await s.run(
      [
        header,
        `A-01,Deliver the triage scheme,LR 30,,${s.admin.name},,2008-04-01,2009-03-31,at-risk,50,no,,,Weekly`,
        'A-02,Agree the protocol,LR 30,,,,,2008-06-30,complete,100,yes,,,',
      ].join('\n'),
    )
    expect(changed.sheets.Actions).toEqual({ created: 0, updated: 1, unchanged: 1 })
    const after = await s.services.delivery.getAction(system, s.pid, a1.id)
    expect(after.versions).toHaveLength(2)
    expect(after.action.dependsOn).toEqual([])
  })

  it('links improvement_plan=yes to the target’s open improvement plan, and refuses it when there is none', async () => {
    const s = await setup()
    const row = 'A-05,Review the data,LR 30,,,,,2009-03-31,,,,,yes,'
    const e = (await s.run([header, row].join('\n')).catch((x: unknown) => x)) as AppError
    expect(e.id).toBe('import_failed')
    expect((e.details ?? []).join('\n')).toContain('Actions!2 improvement_plan')
    const [ip] = await s.db
      .insert(improvementPlans)
      .values({
        partnershipId: s.pid,
        targetId: s.withPlan.id,
        openedAt: new Date('2009-01-01T00:00:00Z'),
        openedReason: 'Red twice',
      })
      .returning()
    const done = await s.run([header, row].join('\n'))
    expect(done.sheets.Actions).toMatchObject({ created: 1 })
    expect((await s.actions())[0]!.improvementPlanId).toBe(ip!.id)
    const again = await s.run(await s.exported())
    expect(again.sheets.Actions).toEqual({ created: 0, updated: 0, unchanged: 1 })
  })

  it('refuses the whole file when a row is wrong, naming the row and column', async () => {
    const s = await setup()
    const csv = [
      header,
      'A-01,Fine,LR 30,,,,,2009-03-31,,,,,,',
      'A-02,Bad dates,LR 30,,,,2009-04-01,2009-03-31,,,,,,',
      'A-03,Bad percent,LR 30,,,,,2009-03-31,,140,,,,',
      'A-04,No plan given,,,,,,2009-03-31,,,,,,',
      'a-01,Twice,LR 30,,,,,2009-03-31,,,,,,',
      'A-06,Bad status,LR 30,,,,,2009-03-31,finished,,,,,',
    ].join('\n')
    const e = (await s.run(csv).catch((x: unknown) => x)) as AppError
    expect(e.id).toBe('import_failed')
    const details = (e.details ?? []).join('\n')
    expect(details).toContain('Actions!3 due')
    expect(details).toContain('Actions!4 percent_complete')
    expect(details).toContain('Actions!5 target_code')
    expect(details).toContain('Actions!6 ref')
    expect(details).toContain('Actions!7 status')
    expect(await s.actions()).toHaveLength(0)

    // Rows needing the database are checked once the file reads cleanly; nothing is written.
    const e2 = (await s
      .run(
        [
          header,
          'A-01,Fine,LR 30,,,,,2009-03-31,,,,,,',
          'A-02,No plan yet,LR 40,,,,,2009-03-31,,,,,,',
          'A-03,Unknown target,NI 999,,,,,2009-03-31,,,,,,',
          'A-04,Unknown owner,LR 30,,Nobody Here,,,2009-03-31,,,,,,',
          'A-05,Unknown dependency,LR 30,,,,,2009-03-31,,,,A-99,,',
        ].join('\n'),
      )
      .catch((x: unknown) => x)) as AppError
    const d2 = (e2.details ?? []).join('\n')
    expect(d2).toContain('Actions!3 target_code')
    expect(d2).toContain('create the plan first')
    expect(d2).toContain('Actions!4 target_code')
    expect(d2).toContain('Actions!5 owner')
    expect(await s.actions()).toHaveLength(0)

    const e3 = (await s
      .run(
        [
          header,
          'A-01,First,LR 30,,,,,2009-03-31,,,,A-02,,',
          'A-02,Second,LR 30,,,,,2009-03-31,,,,A-01,,',
          'A-03,Itself,LR 30,,,,,2009-03-31,,,,A-03,,',
          'A-04,Unknown dependency,LR 30,,,,,2009-03-31,,,,A-99,,',
        ].join('\n'),
      )
      .catch((x: unknown) => x)) as AppError
    const d3 = (e3.details ?? []).join('\n')
    expect(d3).toContain('Actions!4 depends_on')
    expect(d3).toContain('Actions!5 depends_on')
    const e4 = (await s
      .run(
        [
          header,
          'A-01,First,LR 30,,,,,2009-03-31,,,,A-02,,',
          'A-02,Second,LR 30,,,,,2009-03-31,,,,A-01,,',
        ].join('\n'),
      )
      .catch((x: unknown) => x)) as AppError
    const d4 = (e4.details ?? []).join('\n')
    expect(d4).toContain('Actions!2 depends_on')
    expect(d4).toContain('A-01 → A-02 → A-01')
    expect(await s.actions()).toHaveLength(0)
  })
})
