import { expect, it } from 'vitest'
import { targetCreate } from '../../targets/targets.schema.ts'
import { buildAgreement, buildIndicator, buildOrganisation } from '../../../../test/helpers/factories.ts'
import { describeIntegration, seedPartnership, system } from '../../../../test/helpers/app.ts'
import type { Section, SummaryBlock, TableBlock } from '../reports.model.ts'
import { directoryKind } from './directory.ts'
import { kindContext } from './test-context.ts'

const tableOf = (s: Section | undefined) => s?.blocks.find((b): b is TableBlock => b.type === 'table')
const summaries = (s: Section | undefined) =>
  s?.blocks.filter((b): b is SummaryBlock => b.type === 'summary') ?? []
const pause = () => new Promise((r) => setTimeout(r, 25))

describeIntegration('directory report', (t) => {
  /** Two themes: 1 (outcome 1.1 fully led, its sub-outcome unled) and 2 (outcome 2.1 with only an outcome lead). */
  async function setup() {
    const { services } = t()
    const seeded = await seedPartnership(services, ['admin'])
    const pid = seeded.partnership.id
    await services.strategy.startVersion(system, pid, { title: 'Strategy' })
    const node = (
      kind: 'theme' | 'outcome' | 'sub_outcome',
      title: string,
      parentId?: string,
      ref?: string,
    ) =>
      services.strategyNodes.createNode(system, pid, 1, {
        kind,
        title,
        ...(parentId ? { parentId } : {}),
        ...(ref ? { ref } : {}),
        tagIds: [],
      })
    const older = await node('theme', 'Older People')
    const o11 = await node('outcome', 'Older people live independently', older.id, '1.1')
    const s111 = await node('sub_outcome', 'Carers are supported', o11.id)
    const safer = await node('theme', 'Safer Communities')
    const o21 = await node('outcome', 'Re-offending falls', safer.id, '2.1')
    const org = await buildOrganisation(services, pid, { name: 'Age Concern' })
    const person = (name: string) =>
      services.people.create(system, pid, {
        name,
        email: `${name.split(' ')[0]!.toLowerCase()}@example.org`,
        organisationId: org.id,
        jobTitle: 'Officer',
        phone: null,
      })
    const ann = await person('Ann Patel')
    const tom = await person('Tom Hughes')
    await services.directory.setMany(system, pid, [
      {
        nodeId: o11.id,
        input: {
          leadPartnership: `organisation:${org.id}`,
          boardChampionId: ann.id,
          executiveOfficerId: ann.id,
          outcomeLeadId: tom.id,
        },
      },
      {
        nodeId: o21.id,
        input: {
          leadPartnership: null,
          boardChampionId: null,
          executiveOfficerId: null,
          outcomeLeadId: ann.id,
        },
      },
    ])
    const agreement = await buildAgreement(services, pid)
    const indicator = await buildIndicator(services, pid)
    await services.targets.create(
      system,
      pid,
      agreement.id,
      targetCreate.parse({
        indicatorCode: indicator.code,
        kind: 'designated',
        status: 'agreed',
        outcomeRefs: ['1.1'],
        trajectory: [{ period: '2008/09', value: 10 }],
      }),
    )
    const build = async (spec: { level?: 'theme' | 'outcome'; themeKey?: string; asAt?: string } = {}) =>
      directoryKind.build(
        await kindContext(services, pid, { kind: 'directory', period: '2008/09 Q2', ...spec }),
      )
    return { services, pid, older, o11, s111, safer, o21, org, ann, tom, indicator, build }
  }

  it('at theme level: a table per theme with each outcome’s four roles and its targets, then the gaps', async () => {
    const s = await setup()
    const sections = await s.build({ level: 'theme' })
    expect(sections.map((x) => x.id)).toEqual(['summary', 'theme-1', 'theme-2', 'gaps'])
    expect(sections.map((x) => x.title)).toEqual([
      'Summary',
      '1 Older People',
      '2 Safer Communities',
      'Gaps to fill',
    ])
    const older = tableOf(sections[1])!
    expect(older.columns.map((c) => c.label)).toEqual([
      'Outcome',
      'Lead partnership',
      'Strategic board champion',
      'Executive officer',
      'Outcome lead',
      'Targets',
    ])
    expect(older.rows).toEqual([
      [
        '1.1 Older people live independently',
        'Age Concern',
        'Ann Patel',
        'Ann Patel',
        'Tom Hughes',
        s.indicator.code,
      ],
      ['1.1.1 Carers are supported', 'Not yet named', 'Not yet named', 'Not yet named', 'Not yet named', ''],
    ])
    expect(summaries(sections[0])[0]!.items).toEqual([
      { label: 'Strategy version', value: 'Version 1 (Draft 1)' },
      { label: 'Outcomes and sub-outcomes', value: '3' },
      { label: 'With every role filled', value: '1' },
      { label: 'With a role to fill', value: '2' },
    ])
    expect(tableOf(sections[0])!.rows).toEqual([
      ['Lead partnership', 2],
      ['Strategic board champion', 2],
      ['Executive officer', 2],
      ['Outcome lead', 1],
    ])
    expect(tableOf(sections[3])!.rows).toEqual([
      [
        '1.1.1 Carers are supported',
        '1 Older People',
        'Lead partnership, Strategic board champion, Executive officer, Outcome lead',
      ],
      [
        '2.1 Re-offending falls',
        '2 Safer Communities',
        'Lead partnership, Strategic board champion, Executive officer',
      ],
    ])
  })

  it('at outcome level: each outcome in full, with contact details, targets and gaps', async () => {
    const s = await setup()
    const sections = await s.build({ level: 'outcome' })
    const older = sections.find((x) => x.id === 'theme-1')!
    expect(older.blocks[0]).toEqual({
      type: 'heading',
      level: 3,
      text: '1.1 Older people live independently',
    })
    expect(older.blocks[2]).toEqual({ type: 'heading', level: 4, text: '1.1.1 Carers are supported' })
    expect(summaries(older)[0]!.items).toEqual([
      { label: 'Lead partnership', value: 'Age Concern' },
      { label: 'Strategic board champion', value: 'Ann Patel (Officer, Age Concern, ann@example.org)' },
      { label: 'Executive officer', value: 'Ann Patel (Officer, Age Concern, ann@example.org)' },
      { label: 'Outcome lead', value: 'Tom Hughes (Officer, Age Concern, tom@example.org)' },
      { label: 'Targets', value: s.indicator.code },
      { label: 'Gaps', value: 'None' },
    ])
    expect(summaries(older)[1]!.items.at(-1)).toEqual({
      label: 'Gaps',
      value: 'Lead partnership, Strategic board champion, Executive officer, Outcome lead',
    })
  })

  it('cut to one theme: only its outcomes and gaps', async () => {
    const s = await setup()
    const sections = await s.build({ level: 'theme', themeKey: '2' })
    expect(sections.map((x) => x.id)).toEqual(['summary', 'theme-2', 'gaps'])
    expect(sections[0]!.intro).toContain('2 Safer Communities')
    expect(tableOf(sections[1])!.rows.map((r) => r[0])).toEqual(['2.1 Re-offending falls'])
    expect(tableOf(sections[2])!.columns.map((c) => c.label)).toEqual(['Outcome', 'Roles not yet filled'])
    expect(tableOf(sections[2])!.rows).toEqual([
      ['2.1 Re-offending falls', 'Lead partnership, Strategic board champion, Executive officer'],
    ])
  })

  it('as at a moment: the version, outcomes and entries of then, after later changes and a new version', async () => {
    const s = await setup()
    await pause()
    const then = new Date().toISOString()
    const before = await s.build({ level: 'theme', asAt: then })
    await pause()
    await s.services.strategyNodes.createNode(system, s.pid, 1, {
      kind: 'outcome',
      parentId: s.safer.id,
      ref: '2.2',
      title: 'Fewer first-time entrants',
      tagIds: [],
    })
    await s.services.directory.setMany(system, s.pid, [
      {
        nodeId: s.o21.id,
        input: {
          leadPartnership: null,
          boardChampionId: s.tom.id,
          executiveOfficerId: null,
          outcomeLeadId: s.tom.id,
        },
      },
    ])
    await s.services.strategy.startVersion(system, s.pid, { title: 'Strategy, second version' })
    const now = await s.build({ level: 'theme' })
    expect(summaries(now[0])[0]!.items[0]).toEqual({
      label: 'Strategy version',
      value: 'Version 2 (Draft 2)',
    })
    expect(tableOf(now.find((x) => x.id === 'theme-2'))!.rows).toEqual([
      ['2.1 Re-offending falls', 'Not yet named', 'Tom Hughes', 'Not yet named', 'Tom Hughes', ''],
      [
        '2.2 Fewer first-time entrants',
        'Not yet named',
        'Not yet named',
        'Not yet named',
        'Not yet named',
        '',
      ],
    ])
    expect(await s.build({ level: 'theme', asAt: then })).toEqual(before)
    expect(tableOf(before.find((x) => x.id === 'theme-2'))!.rows).toEqual([
      ['2.1 Re-offending falls', 'Not yet named', 'Not yet named', 'Not yet named', 'Ann Patel', ''],
    ])
  })

  it('before the partnership had a strategy: says so, and lists no gaps', async () => {
    const s = await setup()
    const sections = await s.build({ asAt: '2000-01-01T00:00:00.000Z' })
    expect(sections.map((x) => x.id)).toEqual(['summary', 'directory', 'gaps'])
    expect(sections[1]!.blocks).toEqual([
      { type: 'text', text: 'The partnership had no strategy at this date, so there is no directory.' },
    ])
    expect(summaries(sections[0])[0]!.items[0]).toEqual({
      label: 'Strategy version',
      value: 'None at this date',
    })
    expect(tableOf(sections[2])!.rows).toEqual([])
    expect(tableOf(sections[2])!.empty).toBeTruthy()
  })
})
