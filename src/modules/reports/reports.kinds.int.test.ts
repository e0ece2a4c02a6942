/**
 * Every registered kind, end to end over one partnership with some of everything (targets red,
 * amber, green, reward and without data; commentary; the directory; risks; a delivery plan with
 * actions): at every level, and cut to a theme where it can be, it builds a document whose
 * sections are well formed for every format to render.
 */
import { expect, it } from 'vitest'
import {
  buildAgreement,
  buildIndicator,
  buildOrganisation,
  buildPartnership,
  buildPlace,
  buildRounds,
  system,
} from '../../../test/helpers/factories.ts'
import { describeIntegration } from '../../../test/helpers/app.ts'
import type { Services } from '../../services.ts'
import { actionInput, planCreate } from '../delivery/delivery.schema.ts'
import { riskInput } from '../risks/risks.schema.ts'
import { targetCreate } from '../targets/targets.schema.ts'
import { KINDS } from './kinds/index.ts'
import { kindContext } from './kinds/test-context.ts'
import { renderHtml } from './reports.html.ts'
import {
  REPORT_LEVELS,
  type Block,
  type Cell,
  type ReportDocument,
  type Section,
  type TableBlock,
} from './reports.model.ts'
import { renderXlsx } from './reports.xlsx.ts'

const PERIOD = '2008/09 Q2'
const STATUSES = ['green', 'amber', 'red', 'no-data', 'no-target', 'n/a']

/** A partnership with two themes and a little of everything a kind reads. */
async function world(s: Services) {
  const { partnership, slug } = await buildPartnership(s)
  const pid = partnership.id
  const area = await buildPlace(s, pid, { type: 'area' })
  await s.partnerships.update(system, await s.partnerships.resolve(system, slug), {
    name: partnership.name,
    kind: 'county',
    description: null,
    accountableBodyId: null,
    areaPlaceId: area.id,
  })
  const council = await buildOrganisation(s, pid, { name: 'County Council' })
  const person = (name: string) =>
    s.people.create(system, pid, {
      name,
      email: `${name.split(' ')[0]!.toLowerCase()}@example.org`,
      organisationId: council.id,
      jobTitle: 'Officer',
      phone: null,
    })
  const ann = await person('Ann Patel')
  const tom = await person('Tom Hughes')
  await s.strategy.startVersion(system, pid, { title: 'Strategy' })
  const node = (input: {
    kind: 'theme' | 'outcome' | 'sub_outcome'
    title: string
    parentId?: string
    ref?: string
  }) => s.strategyNodes.createNode(system, pid, 1, { tagIds: [], ...input })
  const safer = await node({ kind: 'theme', title: 'Safer Communities' })
  const healthier = await node({ kind: 'theme', title: 'Healthier Communities' })
  const crime = await node({ kind: 'outcome', parentId: safer.id, ref: '1.1', title: 'Less crime' })
  await node({ kind: 'sub_outcome', parentId: crime.id, title: 'Fewer burglaries' })
  const lives = await node({ kind: 'outcome', parentId: healthier.id, ref: '2.1', title: 'Longer lives' })
  await s.directory.setMany(system, pid, [
    {
      nodeId: crime.id,
      input: {
        leadPartnership: `organisation:${council.id}`,
        boardChampionId: ann.id,
        executiveOfficerId: ann.id,
        outcomeLeadId: tom.id,
      },
    },
    {
      nodeId: lives.id,
      input: {
        leadPartnership: null,
        boardChampionId: null,
        executiveOfficerId: null,
        outcomeLeadId: ann.id,
      },
    },
  ])
  const keys = new Map((await s.strategy.currentNodes(system, pid)).map((n) => [n.ref, n.key]))

  const agreement = await buildAgreement(s, pid)
  const indicator = (title: string) =>
    buildIndicator(s, pid, { title, unit: 'percent', combine: 'none', responsibleOrganisationId: council.id })
  const target = async (code: string, outcomeRef: string, extra: Record<string, unknown> = {}) =>
    (
      await s.targets.create(
        system,
        pid,
        agreement.id,
        targetCreate.parse({
          indicatorCode: code,
          kind: 'designated',
          status: 'agreed',
          outcomeRefs: [outcomeRef],
          trajectory: [{ period: '2008/09', value: 60 }],
          ...extra,
        }),
      )
    ).target
  const ind = {
    red: await indicator('People who feel safe'),
    green: await indicator('Crimes solved'),
    amber: await indicator('Adults who smoke less'),
    reward: await indicator('Reward indicator'),
    missing: await indicator('Nobody returned this'),
  }
  const t = {
    red: await target(ind.red.code, '1.1'),
    green: await target(ind.green.code, '1.1'),
    amber: await target(ind.amber.code, '2.1'),
    reward: await target(ind.reward.code, '2.1', {
      kind: 'reward',
      withoutRewardValue: 50,
      stretchValue: 60,
      rewardGrant: 1000,
    }),
    missing: await target(ind.missing.code, '2.1'),
  }
  await buildRounds(s, pid, '2008/09')
  const save = (indicatorId: string, period: string, value: number) =>
    s.values.save(
      system,
      pid,
      { indicatorId, placeId: area.id, period },
      { value, numerator: null, denominator: null, commentary: null, version: 0, submit: true },
    )
  await save(ind.red.id, '2008/09 Q1', 40)
  await save(ind.red.id, PERIOD, 40)
  await save(ind.green.id, PERIOD, 70)
  await save(ind.amber.id, PERIOD, 58)
  await save(ind.reward.id, PERIOD, 55)
  for (const [id, text] of [
    [t.red.id, 'Fear of crime rose after the summer incidents.'],
    [t.amber.id, 'Quit services were paused for a month.'],
  ] as const)
    await s.commentary.record(system, pid, id, {
      period: PERIOD,
      commentary: text,
      actions: 'More patrols',
      supportNeeded: 'Funding for a second team',
    })

  const risk = (input: Record<string, unknown>) => s.risks.create(system, pid, riskInput.parse(input))
  await risk({
    ref: 'R-01',
    title: 'Partners withdraw funding',
    likelihood: 4,
    impact: 4,
    reviewOn: '2009-01-31',
  })
  await risk({
    ref: 'R-02',
    title: 'Fear of crime keeps rising',
    subject: `target:${t.red.id}`,
    ownerPersonId: tom.id,
    controls: 'Neighbourhood policing',
    likelihood: 3,
    impact: 5,
  })
  await risk({
    ref: 'R-03',
    title: 'Clinics close',
    subject: `outcome:${keys.get('2.1')}`,
    likelihood: 2,
    impact: 3,
  })

  const plan = await s.delivery.create(
    system,
    pid,
    planCreate.parse({ targetId: t.red.id, title: 'Feeling safe plan', leadPersonId: tom.id }),
  )
  for (const [ref, dueOn, status] of [
    ['A-1', '2008-09-30', 'on-track'],
    ['A-2', '2099-03-31', 'not-started'],
  ] as const)
    await s.delivery.createAction(
      system,
      pid,
      plan.id,
      actionInput.parse({ ref, title: `Action ${ref}`, ownerPersonId: tom.id, dueOn, status }),
    )
  return { pid, themeKeys: [keys.get('1')!, keys.get('2')!] }
}

/** Every problem with a kind's sections, as sentences (none: well formed). */
function problems(sections: Section[]): string[] {
  const out: string[] = []
  const ids = sections.map((s) => s.id)
  for (const id of ids.filter((id, i) => ids.indexOf(id) !== i)) out.push(`section id ${id} is used twice`)
  const tableProblems = (where: string, t: TableBlock) => {
    if (!t.caption) out.push(`${where}: a table without a caption`)
    if (t.columns.length === 0) out.push(`${where}: table "${t.caption}" has no columns`)
    t.rows.forEach((row, i) => {
      if (row.length !== t.columns.length)
        out.push(
          `${where}: table "${t.caption}" row ${i + 1} has ${row.length} cells for ${t.columns.length} columns`,
        )
      row.forEach((c, j) => {
        if (!validCell(c))
          out.push(`${where}: table "${t.caption}" row ${i + 1} cell ${j + 1} is ${JSON.stringify(c)}`)
      })
    })
    if (t.rows.length === 0 && !t.empty)
      out.push(`${where}: table "${t.caption}" has no rows and no empty text`)
  }
  for (const s of sections) {
    const where = `section ${s.id}`
    if (!/^[a-z0-9][a-z0-9-]*$/.test(s.id)) out.push(`${where}: the id is not a slug`)
    if (!s.title.trim()) out.push(`${where}: no title`)
    if (!s.blocks.some((b) => b.type !== 'heading')) out.push(`${where}: nothing in it`)
    for (const b of s.blocks) blockProblems(where, b, tableProblems, out)
  }
  return out
}

function blockProblems(where: string, b: Block, table: (w: string, t: TableBlock) => void, out: string[]) {
  switch (b.type) {
    case 'table':
      return table(where, b)
    case 'chart':
      if (!b.table) return out.push(`${where}: chart "${b.title}" has no table`)
      if (!b.description) out.push(`${where}: chart "${b.title}" has no description`)
      if (
        b.spec.chart === 'heatmap' &&
        b.spec.cells.some((c) => c.likelihood < 1 || c.likelihood > 5 || c.impact < 1 || c.impact > 5)
      )
        out.push(`${where}: heat map "${b.title}" has a cell off the 5 × 5 grid`)
      return table(`${where} (chart "${b.title}")`, b.table)
    case 'text':
      if (!b.text.trim()) out.push(`${where}: an empty text block`)
      return
    case 'summary':
      if (b.items.length === 0) out.push(`${where}: an empty summary list`)
      for (const i of b.items)
        if (typeof i.value !== 'string' && !STATUSES.includes(i.value.status))
          out.push(`${where}: summary "${i.label}" has status ${i.value.status}`)
      return
    case 'heading':
      if (!b.text.trim()) out.push(`${where}: an empty heading`)
  }
}

const validCell = (c: Cell) =>
  c === null ||
  typeof c === 'string' ||
  (typeof c === 'number' && Number.isFinite(c)) ||
  (typeof c === 'object' && 'status' in c && STATUSES.includes(c.status)) ||
  (typeof c === 'object' && 'text' in c && typeof c.text === 'string')

describeIntegration('every report kind', (t) => {
  let seeded: ReturnType<typeof world> | undefined
  const w = () => (seeded ??= world(t().services))

  it('registers every kind, each named, for someone, and summarised', () => {
    expect(KINDS.map((k) => k.kind)).toEqual([
      'steering',
      'board',
      'exception',
      'progress',
      'directory',
      'risk',
      'finance',
      'reward',
      'evidence',
    ])
    for (const k of KINDS) {
      expect(k.name, k.kind).toBeTruthy()
      expect(k.audience, k.kind).toBeTruthy()
      expect(k.summary, k.kind).toBeTruthy()
    }
    expect(KINDS.filter((k) => k.themeCut).map((k) => k.kind)).toEqual(
      expect.arrayContaining(['steering', 'board', 'exception']),
    )
  })

  it.each(KINDS.map((k) => [k.kind, k] as const))(
    '%s: builds at every level (and cut to each theme where it can) into well-formed sections, the same twice',
    async (_name, kind) => {
      const { pid, themeKeys } = await w()
      const asAt = new Date().toISOString()
      const specs = [
        ...REPORT_LEVELS.map((level) => ({ level, themeKey: undefined as string | undefined })),
        ...(kind.themeCut ? themeKeys.map((themeKey) => ({ level: 'outcome' as const, themeKey })) : []),
      ]
      for (const spec of specs) {
        const label = `${kind.kind} at ${spec.level}${spec.themeKey ? ', cut to a theme' : ''}`
        const ctx = await kindContext(t().services, pid, {
          kind: kind.kind,
          period: PERIOD,
          asAt,
          level: spec.level,
          ...(spec.themeKey ? { themeKey: spec.themeKey } : {}),
        })
        const sections = await kind.build(ctx)
        expect(sections.length, label).toBeGreaterThan(0)
        expect(problems(sections), label).toEqual([])
        // Pure data: what is stored and hashed is what was built.
        expect(JSON.parse(JSON.stringify(sections)), label).toEqual(sections)
        expect(ctx.notes.length, `${label}: says how far it has got`).toBeGreaterThan(0)
        if (spec.level === 'outcome' && !spec.themeKey) {
          const rows = (b: Block) =>
            b.type === 'table' ? b.rows.length : b.type === 'chart' ? b.table.rows.length : 0
          expect(
            sections.some((x) => x.blocks.some((b) => rows(b) > 0)),
            `${label}: the seeded data shows in a table`,
          ).toBe(true)
          const again = await kind.build(await kindContext(t().services, pid, { ...ctx.spec }))
          expect(again, `${label}: built twice as at the same moment`).toEqual(sections)
          // And it renders: the HTML of record holds every section, the XLSX a sheet per section.
          const doc: ReportDocument = {
            ...ctx.spec,
            title: `${kind.name}: ${PERIOD}`,
            partnership: ctx.partnership,
            themeTitle: null,
            audience: kind.audience,
            sections,
          }
          const gen = { generatedBy: 'test', generatedAt: asAt }
          const html = renderHtml(doc, gen)
          for (const x of sections)
            expect(html, `${label}: section ${x.id} in the HTML`).toContain(`id="${x.id}"`)
          expect((await renderXlsx(doc, gen)).length, label).toBeGreaterThan(0)
        }
      }
    },
  )
})
