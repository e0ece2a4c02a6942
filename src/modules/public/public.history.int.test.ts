import { expect, it } from 'vitest'
import { Agent, describeIntegration, system, unique } from '../../../test/helpers/app.ts'
import { ukDate } from '../../lib/clock.ts'
import { CsvParser } from '../../workbook/csv.ts'
import { nodeCreate } from '../strategy/strategy.schema.ts'
import { targetCreate } from '../targets/targets.schema.ts'
import { seedValuesWorld, type ValuesWorld } from '../values/values.fixtures.ts'
import { createPublicService } from './public.service.ts'

/**
 * The public site (#16) shows what was last approved: a corrected figure awaiting approval leaves
 * the approved one up (figure, status, direction, chart and table alike, and the open data), and
 * the strategy as signed off, never a newer draft.
 */
describeIntegration('public site: as last approved', (t) => {
  let w: ValuesWorld
  const anonymous = () => new Agent(t().app)
  const site = () => createPublicService(t().services)
  const ids: Record<string, string> = {}

  const save = (period: string, value: number, version = 0) =>
    t().services.values.save(
      system,
      w.partnershipId,
      { indicatorId: w.waste.id, placeId: w.area.id, period },
      { value, numerator: null, denominator: null, commentary: null, version, submit: true },
    )

  /** Approved by the performance officer: not whoever entered it. */
  async function approve(id: string) {
    const officer = await t().services.auth.actorForUser(w.users.officer.userId)
    await t().services.values.approve(officer!, w.partnershipId, id)
  }

  /** An approved value reopened by an administrator for correction (a draft again). */
  const reopen = (period: string) =>
    t().services.values.reopen(system, w.partnershipId, ids[period]!, { reason: 'A depot was counted twice' })

  /** An approved value reopened, corrected and submitted again. */
  async function resubmit(period: string, value: number) {
    await save(period, value, (await reopen(period)).version)
  }

  async function targetIdOf(world: ValuesWorld, code: string) {
    const { lines } = await t().services.dashboard.lines(system, world.partnershipId, {})
    return lines.find((l) => l.target.indicator.code === code)!.target.id
  }

  async function publishSite(world: ValuesWorld) {
    const ctx = await t().services.partnerships.resolve(system, world.slug)
    await t().services.partnerships.setPublicSite(system, ctx, {
      publicSite: true,
      publicContact: 'performance@county.example.gov.uk',
    })
  }

  /** The own place's figures by period: value, status and direction as the public sees them. */
  async function shown() {
    const v = await site().target(w.slug, 'l-02')
    return {
      rows: Object.fromEntries(v.ownRows.map((r) => [r.period, [r.value, r.status, r.direction]])),
      latest: v.latest?.period,
    }
  }

  async function valuesCsv() {
    const res = await anonymous().get(`/public/${w.slug}/data/values.csv`)
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
    const p = new CsvParser()
    const [head, ...rows] = [...p.push(res.body), ...p.end()]
    return rows.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i]])))
  }

  /**
   * A world of its own for each test (they run in any order): L 02 (waste, a count whose figures
   * are the year so far; lower is better) published, with these quarters approved.
   */
  async function seed(approved: [string, number][]) {
    const s = t().services
    w = await seedValuesWorld(s, unique('hist'))
    await s.targets.setPublished(system, w.partnershipId, await targetIdOf(w, 'L 02'), true)
    await publishSite(w)
    for (const [period, value] of approved) {
      const v = await save(period, value)
      ids[period] = v.value.id
      await approve(v.value.id)
    }
  }

  it('shows the figures as last approved while a correction waits for approval, then the correction', async () => {
    await seed([
      ['2008/09 Q1', 1111],
      ['2008/09 Q2', 2222],
    ])
    const before = await shown()
    expect(before.rows['2008/09 Q1']![0]).toBe(1111)
    expect(before.rows['2008/09 Q2']![0]).toBe(3333)
    expect(before.latest).toBe('2008/09 Q2')

    // Q1 reopened for correction: a draft, in no assessment, so Q1 and the year so far at Q2 have
    // no figure. The public still sees them as last approved.
    const reopened = await reopen('2008/09 Q1')
    expect(await shown()).toEqual(before)

    // Q1 corrected to 1,212 and resubmitted: Q1 and the year so far at Q2 are made from a value
    // awaiting approval. The public still sees them as approved, with the same status and direction.
    await save('2008/09 Q1', 1212, reopened.version)
    const stored = await t().services.assessments.list(system, w.partnershipId, {
      targetId: await targetIdOf(w, 'L 02'),
      placeId: w.area.id,
    })
    expect(stored.filter((r) => r.row.provisional).map((r) => r.row.period)).toEqual([
      '2008/09 Q1',
      '2008/09 Q2',
    ])
    expect(await shown()).toEqual(before)
    expect(before.rows['2008/09 Q2']![2]).toBe('worsening')

    const page = (await anonymous().get(`/public/${w.slug}/targets/l-02`)).body
    expect(page).toContain('1,111')
    expect(page).toContain('3,333')
    expect(page).not.toContain('1,212')
    expect(page).not.toContain('3,434')
    expect(page).toMatch(/data-qa="latest-figure">In 2008\/09 Q2/)
    // The chart draws the same figures as the table: two approved figures.
    expect(page).toMatch(/<desc id="[^"]+">2 approved figures/)
    const period = (await anonymous().get(`/public/${w.slug}/targets/l-02/2008-09-q1`)).body
    expect(period).toContain('1,111')
    expect(period).not.toContain('There is no approved figure')

    // The open data gives the same figure and status.
    const q1 = (await valuesCsv()).filter((r) => r.Period === '2008/09 Q1')
    expect(q1.map((r) => [r.Value, r['Provisional or final']])).toEqual([['1111', 'final']])
    expect(q1[0]!.Status).toBe(before.rows['2008/09 Q1']![1])

    // The correction approved: the new figures everywhere.
    await approve(ids['2008/09 Q1']!)
    const after = await shown()
    expect(after.rows['2008/09 Q1']![0]).toBe(1212)
    expect(after.rows['2008/09 Q2']![0]).toBe(3434)
    expect(after.latest).toBe('2008/09 Q2')
    const updated = (await anonymous().get(`/public/${w.slug}/targets/l-02`)).body
    expect(updated).toContain('3,434')
    expect(updated).not.toContain('3,333')
  })

  it('shows no figure for a row never made from approved values alone', async () => {
    await seed([['2008/09 Q1', 1111]])
    await resubmit('2008/09 Q1', 1212)
    // Q2 approved while Q1's correction waits: its year so far was never made from approved
    // values only, so there is nothing approved to show for it.
    const q2 = await save('2008/09 Q2', 2222)
    await approve(q2.value.id)
    const waiting = await shown()
    expect(waiting.rows['2008/09 Q1']![0]).toBe(1111)
    expect(waiting.rows['2008/09 Q2']).toEqual([null, 'no-data', 'n/a'])
    expect(waiting.latest).toBe('2008/09 Q1')
    const period = (await anonymous().get(`/public/${w.slug}/targets/l-02/2008-09-q2`)).body
    expect(period).toContain('There is no approved figure for 2008/09 Q2')
    const q2Data = (await valuesCsv()).filter((r) => r.Period === '2008/09 Q2')
    expect(q2Data.map((r) => [r.Value, r.Status, r['Provisional or final']])).toEqual([
      ['2222', '', 'provisional'],
    ])
  })

  it('shows the vision and themes of the strategy as signed off, not a newer draft', async () => {
    const s = t().services
    const world = await seedValuesWorld(s, unique('strat'))
    await publishSite(world)
    const pid = world.partnershipId
    const home = async () => (await anonymous().get(`/public/${world.slug}`)).body
    const version = async (vision: string, theme: string) => {
      const v = await s.strategy.startVersion(system, pid, { title: 'Our strategy' })
      await s.strategy.updateVersion(system, pid, v.number, {
        title: 'Our strategy',
        vision,
        narrative: null,
      })
      const th = await s.strategyNodes.createNode(
        system,
        pid,
        v.number,
        nodeCreate.parse({ kind: 'theme', title: theme, statement: null, rationale: null }),
      )
      await s.strategyNodes.createNode(
        system,
        pid,
        v.number,
        nodeCreate.parse({ kind: 'outcome', parentId: th.id, title: `Outcome of ${theme}` }),
      )
      return v.number
    }

    // Only a draft: no vision or themes at all.
    const v1 = await version('A county where everyone thrives', 'Safer communities')
    let body = await home()
    expect(body).not.toContain('A county where everyone thrives')
    expect(body).not.toContain('data-qa="themes"')

    // Unless the draft is open to residents today: then it is shown, and said to be a draft.
    const day = (n: number) => ukDate(new Date(Date.now() + n * 86_400_000))
    await s.residents.setWindow(system, pid, v1, { opensOn: day(-1), closesOn: day(10) })
    body = await home()
    expect(body).toContain('A county where everyone thrives')
    expect(body).toContain('data-qa="draft-strategy"')
    expect(body).toContain('Safer communities')
    const draftOutcomes = (await anonymous().get(`/public/${world.slug}/outcomes`)).body
    expect(draftOutcomes).toContain('data-qa="draft-strategy"')
    await s.residents.setWindow(system, pid, v1, { opensOn: day(-10), closesOn: day(-1) })
    expect(await home()).not.toContain('A county where everyone thrives')
    await s.residents.setWindow(system, pid, v1, { opensOn: null, closesOn: null })

    // Final, then signed off: shown; a newer draft is not.
    await s.strategy.setStatus(system, pid, v1, 'final')
    body = await home()
    expect(body).toContain('A county where everyone thrives')
    expect(body).not.toContain('data-qa="draft-strategy"')
    await s.strategy.setStatus(system, pid, v1, 'signed_off')
    const v2 = await version('Draft words for v2', 'Draft theme')
    expect(v2).toBe(v1 + 1)
    // A published target linked (in the draft, by the key the theme keeps) to the signed-off theme.
    const [agreement] = await s.agreements.list(system, pid)
    await s.indicators.create(system, pid, {
      code: 'L 03',
      title: 'Indicator L 03',
      set: 'local',
      theme: null,
      definition: null,
      numerator: null,
      denominator: null,
      unit: 'count',
      ratePer: null,
      polarity: 'lower',
      frequency: 'quarterly',
      combine: 'sum',
      dataSource: null,
      lagMonths: null,
      responsibleOrganisationId: world.council.id,
    })
    await s.targets.create(
      system,
      pid,
      agreement!.id,
      targetCreate.parse({
        indicatorCode: 'L 03',
        kind: 'designated',
        status: 'agreed',
        outcomeRefs: ['1.1'],
        trajectory: [{ period: '2008/09', value: 50 }],
      }),
    )
    await s.targets.setPublished(system, pid, await targetIdOf(world, 'L 03'), true)
    body = await home()
    expect(body).toContain('A county where everyone thrives')
    expect(body).toContain('Safer communities (1 published target)')
    expect(body).not.toContain('Draft words for v2')
    expect(body).not.toContain('Draft theme')
    const outcomes = (await anonymous().get(`/public/${world.slug}/outcomes`)).body
    expect(outcomes).toContain('Safer communities')
    expect(outcomes).not.toContain('Draft theme')
    expect(outcomes).not.toContain('Targets not linked to an outcome')

    // The draft made final is still not preferred to the version signed off.
    await s.strategy.setStatus(system, pid, v2, 'final')
    expect(await home()).not.toContain('Draft words for v2')
    await s.strategy.setStatus(system, pid, v2, 'signed_off')
    body = await home()
    expect(body).toContain('Draft words for v2')
    expect(body).not.toContain('A county where everyone thrives')
  })
})
