import { asc, eq, sql } from 'drizzle-orm'
import { Readable } from 'node:stream'
import v8 from 'node:v8'
import vm from 'node:vm'
import { beforeEach, expect, it } from 'vitest'
import { bearer, describeIntegration, unique } from '../../../test/helpers/app.ts'
import { multipart } from '../../../test/helpers/workbook.ts'
import { dataValues } from '../../db/schema/index.ts'
import {
  freshGss,
  importFailure,
  seedValuesWorld,
  valuesCsv,
  VALUES_HEAD,
  type ValuesWorld,
} from './values.bulk.fixtures.ts'

/** The Values import through the API, and streaming a large file through the service. */
describeIntegration('bulk import of values: API and streaming', (t) => {
  let w: ValuesWorld
  beforeEach(async () => {
    w = await seedValuesWorld(t().services, unique('vimpapi'))
  })

  const db = () => t().database.db
  const stored = () =>
    db()
      .select()
      .from(dataValues)
      .where(eq(dataValues.partnershipId, w.partnershipId))
      .orderBy(asc(dataValues.period), asc(dataValues.value))

  it('imports a JSON array, JSON sheets and a file through the API', async () => {
    const { app } = t()
    const url = `/api/v1/partnerships/${w.slug}/imports`
    const h = bearer(w.tokens.officer)
    const array = await app.inject({
      method: 'POST',
      url: `${url}?sheet=Values`,
      headers: h,
      payload: [{ indicator_code: 'L C01', period: '2009/10 Q3', value: 12, commentary: null }],
    })
    expect(array.statusCode, array.body).toBe(200)
    expect(array.json().data.sheets.Values).toEqual({ created: 1, updated: 0, unchanged: 0 })
    const noSheet = await app.inject({
      method: 'POST',
      url,
      headers: h,
      payload: [{ indicator_code: 'L C01' }],
    })
    expect(noSheet.statusCode).toBe(422)
    expect(noSheet.json().error.fields.sheet).toMatch(/which sheet/)
    const sheets = await app.inject({
      method: 'POST',
      url: `${url}?approve=true`,
      headers: h,
      payload: {
        sheets: {
          Values: [
            { indicator_code: 'L C01', period: '2009/10 Q3', value: 12 },
            { indicator_code: 'L C01', period: 'soon' },
          ],
        },
      },
    })
    expect(sheets.statusCode).toBe(422)
    expect(sheets.json().error.details).toEqual([
      'Values!3 period: "soon" is not a period: use a financial year like 2008/09, a quarter like 2008/09 Q1 (Q1 is April to June) or a month like 2008-04',
      'Values!3 value: enter the value, or the numerator and denominator',
    ])
    const file = multipart('Values.csv', valuesCsv(`L C01,,2009/10 Q3,12,,,`, `L C01,,2009/10 Q4,13,,,`))
    const upload = await app.inject({
      method: 'POST',
      url: `${url}?approve=true`,
      headers: { ...h, ...file.headers },
      payload: file.payload,
    })
    expect(upload.statusCode, upload.body).toBe(200)
    expect(upload.json().data.sheets.Values).toEqual({ created: 1, updated: 1, unchanged: 0 })
    const q3 = (await stored()).find((r) => r.period === '2009/10 Q3' && r.value === 12)!
    expect(q3).toMatchObject({ status: 'approved', version: 2 })
  })

  it('streams: 200,000 rows are read and staged with the heap growing far less than the file', async () => {
    const ROWS = 200_000
    const note =
      'Figures from the quarterly monitoring return, checked against the district returns. '.repeat(2)
    // 60 places × 3,334 months (from 1901) give 200,000 keys.
    const places = Array.from({ length: 60 }, () => freshGss())
    await db().execute(sql`
      insert into places (id, gss_code, name, type, path, depth)
      select id, code, 'Stream ' || code, 'district', '/' || id || '/', 0
      from (select gen_random_uuid() as id, code
        from unnest(array[${sql.join(
          places.map((c) => sql`${c}`),
          sql`, `,
        )}]::text[]) as code) x`)
    let bytes = 0
    function* lines() {
      yield `${VALUES_HEAD}\n`
      for (let i = 0; i < ROWS; i++) {
        const m = Math.floor(i / 60)
        const month = `${1901 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`
        const line = `L R01,${places[i % 60]},${month},${i % 1000},,,"${note}${i}"\n`
        bytes += line.length
        yield line
      }
      // The last row repeats the first: the import reads everything, then fails without writing.
      yield `L R01,${places[0]},1901-01,1,,,\n`
    }
    // Live memory, after a full collection, every 10,000 rows: what the import holds on to
    // (the high-water mark of heapUsed would count garbage not yet collected).
    v8.setFlagsFromString('--expose-gc')
    const gc = vm.runInNewContext('gc') as () => void
    gc()
    const base = process.memoryUsage().heapUsed
    let peak = base
    const err = await importFailure(
      t().services.workbook.import(
        w.actors.admin,
        w.partnershipId,
        { kind: 'file', stream: Readable.from(lines()), filename: 'Values.csv' },
        {
          onProgress: () => {
            gc()
            peak = Math.max(peak, process.memoryUsage().heapUsed)
          },
        },
      ),
    )
    expect(err.details).toEqual([
      `Values!${ROWS + 2}: L R01 at ${places[0]} for 1901-01 is also on row 2: keep one of them`,
    ])
    expect(bytes).toBeGreaterThan(40e6)
    // Holding the rows would take several times the file; streaming holds a batch or two.
    expect(peak - base).toBeLessThan(bytes / 4)
  }, 240_000)
})
