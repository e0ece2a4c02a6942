import ExcelJS from 'exceljs'
import { expect, it } from 'vitest'
import { bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { multipart } from '../../../test/helpers/workbook.ts'

type Rows = (string | null)[][]

async function workbookFile(sheets: Record<string, Rows>) {
  const wb = new ExcelJS.Workbook()
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name)
    for (const r of rows) ws.addRow(r)
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** A multipart upload with the bearer token kept. */
const upload = (h: Record<string, string>, filename: string, content: Buffer | string, type?: string) => {
  const m = multipart(filename, content, type)
  return { payload: m.payload, headers: { ...m.headers, ...h } }
}

/**
 * A strategy the size of LAA2's (003 §9: 153 outcomes and sub-outcomes): 7 themes of 7
 * outcomes, 47 of them with two sub-outcomes: 150 nodes.
 */
function strategyRows(): Rows {
  const rows: Rows = [['ref', 'parent_ref', 'kind', 'title', 'statement', 'tags']]
  for (let t = 1; t <= 7; t++) {
    rows.push([`${t}`, null, 'theme', `Theme ${t}`, null, null])
    for (let o = 1; o <= 7; o++) {
      rows.push([
        `${t}.${o}`,
        `${t}`,
        'outcome',
        `Outcome ${t}.${o}`,
        `Statement ${t}.${o}`,
        o % 3 === 0 ? 'Equality; Prevention' : null,
      ])
      if (t === 7 && o > 5) continue
      for (let s = 1; s <= 2; s++)
        rows.push([`${t}.${o}.${s}`, `${t}.${o}`, 'sub-outcome', `Sub-outcome ${t}.${o}.${s}`, null, null])
    }
  }
  return rows
}

const people: Rows = [
  ['name', 'email', 'organisation', 'job_title', 'role'],
  ...Array.from({ length: 20 }, (_, i) => [
    `Person ${i + 1}`,
    `person${i + 1}@example.org`,
    i % 2 ? 'County Council' : 'Constabulary',
    'Officer',
    i === 0 ? 'outcome_lead' : null,
  ]),
]

describeIntegration('Strategy, People and Directory sheets', (t) => {
  it('imports a 150-node strategy with its directory, shows exactly the gaps, fills them and round-trips', async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, ['performance_officer'])
    const h = bearer(users.performance_officer!.token)
    const strategy = strategyRows()
    const outcomes = strategy
      .slice(1)
      .filter((r) => r[2] !== 'theme')
      .map((r) => r[0]!)
    // Every outcome has a directory row except theme 7's; every tenth has no outcome lead.
    const expectedGaps = new Map<string, string>()
    const directory: Rows = [
      ['ref', 'lead_partnership', 'board_champion', 'executive_officer', 'outcome_lead'],
    ]
    outcomes.forEach((ref, i) => {
      if (ref.startsWith('7.'))
        return expectedGaps.set(
          ref,
          'lead partnership; strategic board champion; executive officer; outcome lead',
        )
      const gap = i % 10 === 0
      if (gap) expectedGaps.set(ref, 'outcome lead')
      directory.push([
        ref,
        i % 2 ? partnership.name : 'County Council',
        'Person 1',
        'person2@example.org',
        gap ? null : `Person ${(i % 20) + 1}`,
      ])
    })
    const file = await workbookFile({
      Organisations: [
        ['name', 'type'],
        ['County Council', 'council'],
        ['Constabulary', 'police'],
      ],
      People: people,
      Strategy: strategy,
      Directory: directory,
    })
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${slug}/imports`,
      ...upload(h, 'LAA2.xlsx', file, XLSX),
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().data.sheets).toEqual({
      Organisations: { created: 2, updated: 0, unchanged: 0 },
      People: { created: 20, updated: 0, unchanged: 0 },
      Strategy: { created: 150, updated: 0, unchanged: 0 },
      Directory: { created: directory.length - 1, updated: 0, unchanged: 0 },
    })
    expect(res.json().data.warnings).toEqual([
      'Strategy tags: Equality was added to the partnership’s tags',
      'Strategy tags: Prevention was added to the partnership’s tags',
    ])
    expect(outcomes).toHaveLength(143)

    const gaps = await app.inject({ url: `/api/v1/partnerships/${slug}/directory/gaps`, headers: h })
    expect(gaps.json().data.rows.map((r: { ref: string }) => r.ref)).toEqual([...expectedGaps.keys()])
    const csv = await app.inject({
      url: `/api/v1/partnerships/${slug}/exports/DirectoryGaps?format=csv`,
      headers: h,
    })
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
    expect(lines[0]).toBe('ref,title,missing')
    expect(lines.slice(1).map((l) => [l.split(',')[0], l.split(',').slice(2).join(',')])).toEqual(
      [...expectedGaps].map(([ref, missing]) => [ref, missing]),
    )

    // Members fill the gaps (003 recommendation a): outcome leads only, the rest left as it is.
    const fill = [
      'ref,outcome_lead',
      ...[...expectedGaps.keys()].filter((r) => !r.startsWith('7.')).map((r) => `${r},Person 3`),
    ].join('\n')
    const filled = await app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${slug}/imports`,
      ...upload(h, 'Directory.csv', fill),
    })
    expect(filled.statusCode, filled.body).toBe(200)
    const after = await app.inject({ url: `/api/v1/partnerships/${slug}/directory/gaps`, headers: h })
    expect(after.json().data.rows.map((r: { ref: string }) => r.ref)).toEqual(
      [...expectedGaps.keys()].filter((r) => r.startsWith('7.')),
    )

    // Exported and imported again, nothing changes.
    const whole = await app.inject({
      url: `/api/v1/partnerships/${slug}/exports/workbook?format=json`,
      headers: h,
    })
    const { sheets } = whole.json<{ sheets: Record<string, unknown[]> }>()
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${slug}/imports`,
      headers: h,
      payload: { sheets: { People: sheets.People, Strategy: sheets.Strategy, Directory: sheets.Directory } },
    })
    expect(again.statusCode, again.body).toBe(200)
    expect(again.json().data.sheets).toEqual({
      People: { created: 0, updated: 0, unchanged: 21 },
      Strategy: { created: 0, updated: 0, unchanged: 150 },
      Directory: { created: 0, updated: 0, unchanged: 143 },
    })

    // Draft 2 starts as a copy: nothing to compare.
    await services.strategy.startVersion(system, partnership.id, {})
    const cmp = await app.inject({
      url: `/api/v1/partnerships/${slug}/strategy/versions/2/compare?with=1`,
      headers: h,
    })
    expect(cmp.json().data).toMatchObject({ added: [], removed: [], changed: [] })
  }, 120_000)

  it('reports every bad row as Sheet!row column: message and writes nothing', async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, ['admin'])
    const h = bearer(users.admin!.token)
    const file = await workbookFile({
      People: [
        ['name', 'email', 'organisation', 'role'],
        ['Ann', null, null, 'admin'],
        ['Bob', 'bob@', null, null],
      ],
      Strategy: [
        ['ref', 'parent_ref', 'kind', 'title'],
        ['1', null, 'theme', 'Safer'],
        ['1.1', '1', 'outcome', 'Crime'],
        ['1.1', '1', 'outcome', 'Again'],
        ['1.2', '1.1.1', 'outcome', 'Under a sub-outcome'],
        ['1.1.1', '1.1', 'sub-outcome', 'Violence'],
        ['2.1', '2.2', 'sub-outcome', 'Loop'],
        ['2.2', '2.1', 'sub-outcome', 'Loop'],
        ['3', '9', 'theme', 'X'],
        ['4.1', '4', 'block', ''],
      ],
      Directory: [
        ['ref', 'outcome_lead'],
        ['1', 'Nobody'],
        ['8.8', null],
      ],
    })
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${slug}/imports`,
      ...upload(h, 'bad.xlsx', file, XLSX),
    })
    expect(res.statusCode).toBe(422)
    expect(res.json().error.details).toEqual([
      'People!2 email: enter an email address for someone who will sign in',
      'People!3 email: must be an email address, like name@example.org (found "bob@")',
      'Strategy!4 ref: 1.1 appears more than once in this sheet (first at row 3)',
      'Strategy!5 parent_ref: outcome cannot sit under a sub-outcome: choose a theme',
      'Strategy!7 parent_ref: 2.2 sits beneath 2.1, so 2.1 cannot sit under it',
      'Strategy!8 parent_ref: 2.1 sits beneath 2.2, so 2.2 cannot sit under it',
      'Strategy!9 parent_ref: 9 is not a ref of the strategy or on this sheet',
      'Strategy!10 kind: must be theme, outcome or sub-outcome (found "block")',
      'Strategy!10 title: enter a value: this column is required',
      'Directory!2 ref: 1 is a theme: the directory lists outcomes and sub-outcomes',
      'Directory!3 ref: 8.8 is not a ref of the current strategy or on the Strategy sheet',
    ])
    expect(await services.strategy.current(system, partnership.id)).toBeUndefined()
    expect(await services.people.list(system, partnership.id)).toHaveLength(1)
  })

  it('resolves names only once written, and refuses a signed-off strategy', async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, ['admin'])
    const h = bearer(users.admin!.token)
    const post = (sheets: object) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/partnerships/${slug}/imports`,
        headers: h,
        payload: { sheets },
      })
    const names = await post({
      Strategy: [
        { ref: '1', kind: 'theme', title: 'Older People' },
        { ref: '1.7', parent_ref: '1', kind: 'outcome', title: 'Independent lives' },
      ],
      Directory: [{ ref: '1.7', lead_partnership: 'Age Concern', outcome_lead: 'Tom Hughes' }],
    })
    expect(names.json().error.details).toEqual([
      'Directory!2 lead_partnership: Age Concern is not this partnership, one of its partnerships or one of its organisations',
      'Directory!2 outcome_lead: Tom Hughes is not a person of the partnership or on the People sheet',
    ])
    expect(await services.strategy.current(system, partnership.id)).toBeUndefined()
    const ok = await post({
      Organisations: [{ name: 'Age Concern', type: 'vcs' }],
      People: [{ name: 'Tom Hughes', organisation: 'Age Concern' }],
      Strategy: [
        { ref: '1', kind: 'theme', title: 'Older People' },
        { ref: '1.7', parent_ref: '1', kind: 'outcome', title: 'Independent lives' },
      ],
      Directory: [{ ref: '1.7', lead_partnership: 'Age Concern', outcome_lead: 'tom hughes' }],
    })
    expect(ok.statusCode, ok.body).toBe(200)
    const dir = await services.directory.list(system, partnership.id)
    expect(dir.rows[0]!.roles.outcome_lead?.name).toBe('Tom Hughes')

    // An existing outcome moves under a theme the same sheet adds.
    const moved = await post({
      Strategy: [
        { ref: '2', kind: 'theme', title: 'Healthier Communities' },
        { ref: '1.7', parent_ref: '2', kind: 'outcome', title: 'Independent lives' },
      ],
    })
    expect(moved.json().data.sheets.Strategy).toEqual({ created: 1, updated: 1, unchanged: 0 })
    const nodes = await services.strategyNodes.listNodes(system, partnership.id, 1)
    const byRef = new Map(nodes.map((n) => [n.ref, n]))
    expect(byRef.get('1.7')!.parentId).toBe(byRef.get('2')!.id)

    await services.strategy.setStatus(system, partnership.id, 1, 'signed_off')
    const locked = await post({ Strategy: [{ ref: '1', kind: 'theme', title: 'Changed' }] })
    expect(locked.json().error.details).toEqual([
      'Strategy: Version 1 (Signed off) is signed off: start a new version before importing the strategy',
    ])
  })
})
