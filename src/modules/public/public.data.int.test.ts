import { beforeAll, expect, it } from 'vitest'
import { Agent, describeIntegration, system, unique } from '../../../test/helpers/app.ts'
import { CsvParser } from '../../workbook/csv.ts'
import { seedValuesWorld, type ValuesWorld } from '../values/values.fixtures.ts'
import { OGL_URL } from './public.data.ts'

const NAMES = ['targets', 'trajectories', 'values', 'commentary'] as const

/** The CSVW built-in datatypes (https://www.w3.org/TR/tabular-metadata/#built-in-datatypes). */
const CSVW_DATATYPES = new Set(
  (
    'anyAtomicType anyURI base64Binary boolean date dateTime dateTimeStamp decimal integer long int short byte ' +
    'nonNegativeInteger positiveInteger unsignedLong unsignedInt unsignedShort unsignedByte nonPositiveInteger ' +
    'negativeInteger double duration dayTimeDuration yearMonthDuration float gDay gMonth gMonthDay gYear ' +
    'gYearMonth hexBinary QName string normalizedString token language Name NMTOKEN xml html json time number ' +
    'binary datetime any'
  ).split(' '),
)

/** What a cell of each datatype the downloads use must look like (empty is null). */
const LEXICAL: Record<string, RegExp> = {
  decimal: /^[+-]?(\d+(\.\d*)?|\.\d+)$/,
  dateTime: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
}

interface Column {
  name: string
  titles: string | string[]
  datatype: string | { base: string }
  'dc:description': string
}

/**
 * A small CSVW validator: the metadata against the vocabulary, then the CSV against its schema.
 * Returns the problems found (none when valid).
 */
function validateCsvw(meta: Record<string, unknown>, metadataUrl: string, csvUrl: string, csv: string[][]) {
  const problems: string[] = []
  const need = (ok: boolean, what: string) => (ok ? undefined : problems.push(what))
  need(meta['@context'] === 'http://www.w3.org/ns/csvw', '@context is the CSVW namespace')
  need(typeof meta.url === 'string', 'url is a string')
  need(new URL(String(meta.url), `http://x${metadataUrl}`).pathname === csvUrl, `url resolves to ${csvUrl}`)
  const title = meta['dc:title']
  need(typeof title === 'string' && title.length > 0, 'dc:title')
  const license = meta['dc:license'] as { '@id'?: string } | string
  need((typeof license === 'string' ? license : license?.['@id']) === OGL_URL, 'dc:license is the OGL')
  const schema = meta.tableSchema as { columns?: Column[]; primaryKey?: string | string[] }
  need(Array.isArray(schema?.columns) && schema.columns.length > 0, 'tableSchema.columns')
  const columns = schema?.columns ?? []
  const names = new Set<string>()
  for (const c of columns) {
    need(/^[A-Za-z0-9_]+$/.test(c.name) && !c.name.startsWith('_'), `column name ${c.name}`)
    need(!names.has(c.name), `column name ${c.name} is unique`)
    names.add(c.name)
    const type = typeof c.datatype === 'string' ? c.datatype : c.datatype?.base
    need(CSVW_DATATYPES.has(type), `${c.name}: datatype ${type} is a CSVW built-in`)
    need(typeof c.titles === 'string' || Array.isArray(c.titles), `${c.name}: titles`)
    need(
      typeof c['dc:description'] === 'string' && c['dc:description'].length > 0,
      `${c.name}: dc:description`,
    )
  }
  for (const k of [schema?.primaryKey ?? []].flat()) need(names.has(k), `primaryKey ${k} is a column`)
  // The CSV: its header row is the titles in order, each row as wide, each cell of its datatype.
  const titles = columns.map((c) => [c.titles].flat()[0])
  need(
    JSON.stringify(csv[0]) === JSON.stringify(titles),
    `header row ${JSON.stringify(csv[0])} is the titles`,
  )
  const keys = new Set<string>()
  for (const [i, row] of csv.slice(1).entries()) {
    need(row.length === columns.length, `row ${i + 1} has ${columns.length} cells`)
    for (const [j, c] of columns.entries()) {
      const type = typeof c.datatype === 'string' ? c.datatype : c.datatype.base
      const re = LEXICAL[type]
      if (re && row[j] !== '') need(re.test(row[j]!), `row ${i + 1} ${c.name}: ${row[j]} is a ${type}`)
    }
    const pk = [schema?.primaryKey ?? []].flat()
    if (pk.length) {
      const key = JSON.stringify(pk.map((k) => row[columns.findIndex((c) => c.name === k)]))
      need(!keys.has(key), `row ${i + 1}: primary key ${key} is unique`)
      keys.add(key)
    }
  }
  return problems
}

function parseCsv(text: string) {
  const p = new CsvParser()
  return [...p.push(text), ...p.end()]
}

/** Open data (#16): downloads of what the public site shows, with CSV on the Web metadata. */
describeIntegration('public open data', (t) => {
  let w: ValuesWorld
  let hidden: ValuesWorld
  const anonymous = () => new Agent(t().app)
  const data = (file = '') => `/public/${w.slug}/data${file ? `/${file}` : ''}`

  const save = (indicatorId: string, period: string, value: number, version = 0) =>
    t().services.values.save(
      system,
      w.partnershipId,
      { indicatorId, placeId: w.area.id, period },
      { value, numerator: null, denominator: null, commentary: null, version, submit: true },
    )

  async function approve(id: string) {
    const officer = await t().services.auth.actorForUser(w.users.officer.userId)
    await t().services.values.approve(officer!, w.partnershipId, id)
  }

  async function targetIdOf(world: ValuesWorld, code: string) {
    const { lines } = await t().services.dashboard.lines(system, world.partnershipId, {})
    return lines.find((l) => l.target.indicator.code === code)!.target.id
  }

  async function comment(period: string, text: string, published: boolean) {
    const officer = new Agent(t().app)
    await officer.signIn(w.users.officer.email, w.users.officer.password)
    const id = await targetIdOf(w, 'L 02')
    const res = await officer.submit(
      `/p/${w.slug}/commentary/targets/${id}?period=${encodeURIComponent(period)}`,
      `/p/${w.slug}/commentary/targets/${id}`,
      {
        period,
        commentary: text,
        actions: 'Weekly collections',
        supportNeeded: '',
        ...(published ? { published: 'yes' } : {}),
      },
    )
    expect(res.statusCode).toBe(302)
  }

  beforeAll(async () => {
    const s = t().services
    w = await seedValuesWorld(s, unique('opd'))
    hidden = await seedValuesWorld(s, unique('ohd'))
    // L 02 (waste) is published; L 01 (crime) is not.
    for (const world of [w, hidden])
      await s.targets.setPublished(system, world.partnershipId, await targetIdOf(world, 'L 02'), true)
    // Q1 approved as 1111, then corrected to 1212 and approved again; Q2 only submitted.
    const q1 = await save(w.waste.id, '2008/09 Q1', 1111)
    await approve(q1.value.id)
    const reopened = await s.values.reopen(system, w.partnershipId, q1.value.id, {
      reason: 'A depot was counted twice',
    })
    const corrected = await save(w.waste.id, '2008/09 Q1', 1212, reopened.version)
    await approve(corrected.value.id)
    await save(w.waste.id, '2008/09 Q2', 2222)
    // An approved value of the unpublished target.
    const crime = await save(w.crime.id, '2008/09 Q1', 67.5)
    await approve(crime.value.id)
    await comment('2008/09 Q1', 'Waste fell as the new depot opened', true)
    await comment('2008/09 Q2', 'Draft words not for the public', false)
    for (const [world, on] of [
      [w, true],
      [hidden, false],
    ] as const) {
      const ctx = await s.partnerships.resolve(system, world.slug)
      await s.partnerships.setPublicSite(system, ctx, {
        publicSite: on,
        publicContact: on ? 'performance@county.example.gov.uk' : null,
      })
    }
  })

  it('has a data dictionary page with each download, its columns and the licence, linked from every page', async () => {
    const a = anonymous()
    const res = await a.get(data())
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
    expect(res.body).toContain(`href="${OGL_URL}"`)
    expect(res.body).toContain('Open Government Licence v3.0')
    for (const name of NAMES) {
      for (const ext of ['csv', 'json', 'csv-metadata.json'])
        expect(res.body).toContain(`href="${data(`${name}.${ext}`)}"`)
      expect(res.body).toContain(`data-qa="columns-${name}"`)
    }
    expect(res.body).toMatch(/Which direction is better<\/th>\s*<td[^>]*><code>polarity<\/code>/)
    for (const url of [`/public/${w.slug}`, `/public/${w.slug}/outcomes`, `/public/${w.slug}/targets/l-02`])
      expect((await a.get(url)).body, url).toContain(`href="${data()}"`)
  })

  it('downloads only published targets, approved values and published commentary', async () => {
    const a = anonymous()
    const csv = async (name: string) => {
      const res = await a.get(data(`${name}.csv`))
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
      return res.body
    }
    const targets = await csv('targets')
    expect(targets).toContain('L 02')
    expect(targets).not.toContain('L 01')
    expect(targets).toContain('lower')
    expect(await csv('trajectories')).not.toContain('L 01')

    const values = parseCsv(await csv('values'))
    const head = values[0]!
    const rows = values.slice(1).map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])))
    expect(rows.every((r) => r['Indicator code'] === 'L 02')).toBe(true)
    const q1 = rows.filter((r) => r.Period === '2008/09 Q1')
    // The first figure stays, end-dated by the correction that replaced it.
    expect(q1.map((r) => [r.Value, r['Provisional or final']])).toEqual([
      ['1111', 'superseded'],
      ['1212', 'final'],
    ])
    expect(q1[0]!['Valid to']).toBe(q1[1]!['Valid from'])
    expect(q1[1]!['Valid to']).toBe('')
    expect(['green', 'amber', 'red', 'no-target']).toContain(q1[1]!.Status)
    const body = JSON.stringify(values)
    for (const hiddenValue of ['2222', '67.5', '3434']) expect(body).not.toContain(hiddenValue)

    const json = JSON.parse((await a.get(data('values.json'))).body) as {
      license: string
      rows: { value: number }[]
    }
    expect(json.license).toBe(OGL_URL)
    expect(json.rows.map((r) => r.value).sort()).toEqual([1111, 1212])

    const commentary = await csv('commentary')
    expect(commentary).toContain('Waste fell as the new depot opened')
    expect(commentary).not.toContain('Draft words not for the public')
    expect(commentary).not.toContain(w.users.officer.email)
  })

  it('gives each CSV valid CSV on the Web metadata, linked from the CSV, whose titles are its header row', async () => {
    const a = anonymous()
    for (const name of NAMES) {
      const csvUrl = data(`${name}.csv`)
      const metadataUrl = data(`${name}.csv-metadata.json`)
      const res = await a.get(csvUrl)
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
      expect(res.headers['content-disposition']).toBe(`attachment; filename="${w.slug}-${name}.csv"`)
      expect(res.headers.link).toBe(`<${metadataUrl}>; rel="describedby"; type="application/csvm+json"`)
      const m = await a.get(metadataUrl)
      expect(m.statusCode).toBe(200)
      expect(m.headers['content-type']).toContain('application/csvm+json')
      const meta = JSON.parse(m.body) as Record<string, unknown>
      expect(validateCsvw(meta, metadataUrl, csvUrl, parseCsv(res.body)), name).toEqual([])
      const json = await a.get(data(`${name}.json`))
      expect(json.statusCode).toBe(200)
      expect(json.headers['content-type']).toBe('application/json; charset=utf-8')
    }
    // The value columns say their unit and which direction is better.
    const values = JSON.parse((await a.get(data('values.csv-metadata.json'))).body) as {
      tableSchema: { columns: (Column & { 'schema:unitText'?: string })[] }
    }
    const value = values.tableSchema.columns.find((c) => c.name === 'value')!
    expect(value.datatype).toBe('decimal')
    expect(value['schema:unitText']).toBeTruthy()
    expect(value['dc:description']).toContain('direction is better')
  })

  it('finds nothing for an unknown download or a partnership that does not publish', async () => {
    const a = anonymous()
    for (const url of [
      data('people.csv'),
      data('values.xlsx'),
      data('targets'),
      `/public/${hidden.slug}/data`,
      `/public/${hidden.slug}/data/targets.csv`,
      `/public/${hidden.slug}/data/values.json`,
      `/public/${hidden.slug}/data/values.csv-metadata.json`,
    ])
      expect((await a.get(url)).statusCode, url).toBe(404)
  })
})
