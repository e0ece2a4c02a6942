/**
 * workbook.md: "the same sheets imported one file at a time, in this order, give the same
 * result" as one workbook holding them all. A whole set-up is imported both ways into two fresh
 * partnerships and their exports compared (ids, times and the partnership itself set aside).
 */
import { expect, it } from 'vitest'
import { describeIntegration, seedPartnership } from '../../../test/helpers/app.ts'
import { csvSource, gss } from '../../../test/helpers/workbook.ts'
import type { Actor } from '../auth/actor.ts'

type Row = Record<string, string | number | null>

/** workbook.md's order of the sheets. */
const ORDER = [
  'Agreement',
  'Places',
  'Organisations',
  'People',
  'Strategy',
  'Directory',
  'Indicators',
  'Targets',
  'Trajectories',
  'Values',
]

function setUp(): Record<string, Row[]> {
  const [area, north, south] = [gss(), gss(), gss()]
  return {
    Agreement: [
      { name: 'Local Area Agreement 2008-2011', start: '2008/09', end: '2010/11', status: 'signed' },
    ],
    Places: [
      { gss_code: area, name: 'Shire', type: 'area', parent_gss_code: null, priority: 'no' },
      { gss_code: north, name: 'North Vale', type: 'district', parent_gss_code: area, priority: 'yes' },
      { gss_code: south, name: 'South Vale', type: 'district', parent_gss_code: area, priority: 'no' },
    ],
    Organisations: [
      { name: 'Shire County Council', type: 'council', duty_to_cooperate: 'yes' },
      { name: 'Shire Police', type: 'police', duty_to_cooperate: 'yes' },
    ],
    People: [
      {
        name: 'Ann Lead',
        email: 'ann@shire.example',
        organisation: 'Shire County Council',
        job_title: 'Chief Executive',
      },
      {
        name: 'Bob Officer',
        email: 'bob@shire.example',
        organisation: 'Shire Police',
        job_title: 'Inspector',
      },
    ],
    Strategy: [
      { ref: '1', parent_ref: null, kind: 'theme', title: 'Safer communities' },
      { ref: '1.1', parent_ref: '1', kind: 'outcome', title: 'Less crime' },
      { ref: '1.2', parent_ref: '1', kind: 'outcome', title: 'Feeling safe' },
    ],
    Directory: [
      {
        ref: '1.1',
        lead_partnership: 'Shire Police',
        board_champion: 'Ann Lead',
        executive_officer: 'Bob Officer',
        outcome_lead: 'Bob Officer',
      },
    ],
    Indicators: [
      {
        code: 'X1',
        title: 'Crimes recorded',
        set: 'local',
        unit: 'count',
        polarity: 'lower',
        frequency: 'annual',
      },
      {
        code: 'X2',
        title: 'Feel safe after dark',
        set: 'local',
        unit: 'percent',
        polarity: 'higher',
        frequency: 'annual',
      },
    ],
    Targets: [
      {
        indicator_code: 'X1',
        kind: 'local',
        status: 'agreed',
        outcome_refs: '1.1',
        baseline_period: '2007/08',
        baseline_value: 1200,
      },
      { indicator_code: 'X2', kind: 'local', status: 'placeholder', outcome_refs: '1.2' },
    ],
    Trajectories: [
      { indicator_code: 'X1', place_gss: null, period: '2008/09', target_value: 1150 },
      { indicator_code: 'X1', place_gss: null, period: '2009/10', target_value: 1100 },
      { indicator_code: 'X1', place_gss: null, period: '2010/11', target_value: 1050 },
      { indicator_code: 'X1', place_gss: north, period: '2008/09', target_value: 600 },
      { indicator_code: 'X1', place_gss: south, period: '2008/09', target_value: 550 },
    ],
    Values: [
      {
        indicator_code: 'X1',
        place_gss: null,
        period: '2008/09',
        value: 1130,
        commentary: 'Down on last year',
      },
      { indicator_code: 'X1', place_gss: north, period: '2008/09', value: 590, commentary: null },
    ],
  }
}

/** A sheet as the CSV file a spreadsheet would save. */
function csvOf(rows: Row[]) {
  const headers = [...new Set(rows.flatMap((r) => Object.keys(r)))]
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : (v as string | number | boolean).toString()
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return [headers.join(','), ...rows.map((r) => headers.map((h) => cell(r[h])).join(','))].join('\n') + '\n'
}

/** An export with what differs between two partnerships by nature set aside. */
function normalise(sheets: Record<string, Row[]>, partnership: { name: string; slug: string }) {
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi
  const time = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g
  return JSON.parse(
    JSON.stringify(sheets)
      .replaceAll(partnership.name, '<partnership>')
      .replaceAll(partnership.slug, '<slug>')
      .replace(uuid, '<id>')
      .replace(time, '<time>'),
  )
}

describeIntegration('one workbook or one file at a time', (t) => {
  it('gives the same partnership either way', async () => {
    const { app, services } = t()
    const sheets = setUp()
    const actorOf = (s: Awaited<ReturnType<typeof seedPartnership>>): Actor => ({
      kind: 'user',
      userId: s.users.admin!.userId,
      label: 'admin user',
      isSystemAdmin: false,
      roles: new Map([[s.partnership.id, 'admin']]),
    })

    const whole = await seedPartnership(services, ['admin'])
    const all = await services.workbook.import(actorOf(whole), whole.partnership.id, { kind: 'json', sheets })
    expect(Object.keys(all.sheets).sort()).toEqual([...ORDER].sort())

    const files = await seedPartnership(services, ['admin'])
    for (const name of ORDER) {
      const res = await services.workbook
        .import(actorOf(files), files.partnership.id, csvSource(`${name}.csv`, csvOf(sheets[name]!)))
        .catch((e: { details?: string[]; message: string }) => {
          throw new Error(`${name}.csv: ${e.details?.join('; ') ?? e.message}`)
        })
      expect(Object.keys(res.sheets)).toEqual([name])
    }

    const exported = async (s: typeof whole) => {
      const res = await app.inject({
        url: `/api/v1/partnerships/${s.slug}/exports/workbook?format=json`,
        headers: { authorization: `Bearer ${s.users.admin!.token}` },
      })
      expect(res.statusCode, res.body.slice(0, 500)).toBe(200)
      return normalise(JSON.parse(res.body).sheets, s.partnership)
    }
    const [a, b] = [await exported(whole), await exported(files)]
    // What was imported is there, the same both ways (and the area each took from Places).
    expect(a.Targets).toHaveLength(2)
    expect(a.Trajectories).toHaveLength(5)
    expect(a.Values).toHaveLength(2)
    for (const name of Object.keys(a)) expect([name, b[name]]).toEqual([name, a[name]])
    const areaOf = async (slug: string) => (await services.partnerships.findBySlug(slug))!.areaPlaceId
    expect(await areaOf(files.slug)).toBe(await areaOf(whole.slug))
    expect(await areaOf(whole.slug)).not.toBeNull()
  }, 120_000)
})
