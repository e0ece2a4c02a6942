import ExcelJS from 'exceljs'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { buffer, text } from 'node:stream/consumers'
import { and, eq } from 'drizzle-orm'
import { beforeEach, expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, unique } from '../../../test/helpers/app.ts'
import { testEngine } from '../../../test/helpers/db.ts'
import { childEnv } from '../../../test/helpers/config.ts'
import { multipart, withCsrf } from '../../../test/helpers/workbook.ts'
import { openDatabase } from '../../db/client.ts'
import { dataValues } from '../../db/schema/index.ts'
import { createServices } from '../../services.ts'
import { csvFile, seedValuesWorld, valuesCsv, VALUES_HEAD, type ValuesWorld } from './values.bulk.fixtures.ts'

const bin = path.resolve(import.meta.dirname, '..', '..', '..', 'bin', 'goldthread')

/** Run the command line to the end: exit code and output. */
function cli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [bin, ...args], {
    env: childEnv({ DATABASE_URL: '', LOG_LEVEL: 'warn', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  )
}

describeIntegration('export of values', (t) => {
  let w: ValuesWorld
  beforeEach(async () => {
    const { services: s } = t()
    w = await seedValuesWorld(s, unique('vexp'))
    const [d1, d2] = w.districts
    await s.workbook.import(
      w.actors.admin,
      w.partnershipId,
      csvFile(
        'Values.csv',
        valuesCsv(
          `L P01,,2008/09 Q1,40,,,"First, and ""quoted"""`,
          `L P01,,2008/09 Q2,,1,3,`,
          `L P01,${d1!.gss},2008/09 Q1,55.5,,,`,
          `L P01,${d2!.gss},2009/10 Q1,60,,,`,
          `L C01,,2008/09 Q1,1200,,,`,
          `L M01,,2008/09,250000,,,`,
          `L R01,${d1!.gss},2008-05,,3,1000,`,
        ),
      ),
    )
    await s.workbook.import(
      w.actors.admin,
      w.partnershipId,
      csvFile('Values.csv', valuesCsv(`L C01,,2008/09 Q2,1300,,,`)),
      {
        approve: true,
      },
    )
  })

  const exported = async (format: 'csv' | 'json' | 'xlsx', filters: Record<string, string> = {}) => {
    const file = await t().services.workbook.export(
      w.actors.officer,
      w.partnershipId,
      'Values',
      format,
      filters,
    )
    return file
  }
  const lines = async (filters: Record<string, string> = {}) =>
    (await text((await exported('csv', filters)).stream))
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')

  it('exports every value by indicator, place and period, and filters by period, place, indicator and status', async () => {
    const [d1, d2] = w.districts
    const area = w.area.gss
    const all = await lines()
    expect(all[0]).toBe(VALUES_HEAD)
    expect(all.slice(1)).toEqual([
      `L C01,${area},2008/09 Q1,1200,,,`,
      `L C01,${area},2008/09 Q2,1300,,,`,
      `L M01,${area},2008/09,250000,,,`,
      `L P01,${area},2008/09 Q1,40,,,"First, and ""quoted"""`,
      `L P01,${area},2008/09 Q2,33.333333,1,3,`,
      `L P01,${d1!.gss},2008/09 Q1,55.5,,,`,
      `L P01,${d2!.gss},2009/10 Q1,60,,,`,
      `L R01,${d1!.gss},2008-05,3,3,1000,`,
    ])
    // A year takes its quarters and months; a quarter its months.
    expect((await lines({ period: '2008/09' })).length - 1).toBe(7)
    expect(
      (await lines({ period: '2008/09 q1' })).slice(1).map((l) => l.split(',').slice(0, 3).join(',')),
    ).toEqual([
      `L C01,${area},2008/09 Q1`,
      `L P01,${area},2008/09 Q1`,
      `L P01,${d1!.gss},2008/09 Q1`,
      `L R01,${d1!.gss},2008-05`,
    ])
    expect((await lines({ period: '2008/09 Q1', place: d1!.gss.toLowerCase() })).slice(1)).toEqual([
      `L P01,${d1!.gss},2008/09 Q1,55.5,,,`,
      `L R01,${d1!.gss},2008-05,3,3,1000,`,
    ])
    expect((await lines({ indicator: 'l c01', status: 'approved' })).slice(1)).toEqual([
      `L C01,${area},2008/09 Q2,1300,,,`,
    ])
    expect((await lines({ status: 'draft' })).slice(1)).toEqual([])
  })

  it('refuses a bad filter before sending anything, naming it', async () => {
    const err = await exported('csv', {
      period: '2008/13',
      place: 'E99999999',
      indicator: 'NI 999',
      status: 'lost',
    }).catch((e) => e)
    expect(err.id).toBe('validation_failed')
    expect(err.fields).toEqual({
      period: '2008/13 is not a financial year: the second year must follow the first, like 2008/09',
      place: 'No place with GSS code E99999999',
      indicator: 'No indicator with code NI 999 in this partnership',
      status: 'The status must be one of draft, submitted, approved, returned',
    })
    const places = await t()
      .services.workbook.export(w.actors.officer, w.partnershipId, 'Places', 'csv', { period: '2008/09' })
      .catch((e) => e)
    expect(places.fields).toEqual({ period: 'Places cannot be filtered' })
  })

  it('gives JSON and XLSX of the same rows, and an export imported again changes nothing', async () => {
    const json = JSON.parse(
      await text((await exported('json', { indicator: 'L P01', period: '2008/09 Q2' })).stream),
    )
    expect(json).toEqual([
      {
        indicator_code: 'L P01',
        place_gss: w.area.gss,
        period: '2008/09 Q2',
        value: 33.333333,
        numerator: 1,
        denominator: 3,
        commentary: null,
      },
    ])
    const xlsx = await buffer((await exported('xlsx')).stream)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer)
    const sheet = wb.getWorksheet('Values')!
    expect(sheet.rowCount).toBe(9)
    expect(sheet.getRow(1).values).toEqual([undefined, ...VALUES_HEAD.split(',')])

    const { services: s } = t()
    const count = async () =>
      (await t().database.db.select().from(dataValues).where(eq(dataValues.partnershipId, w.partnershipId)))
        .length
    const before = await count()
    for (const [name, data] of [
      ['Values.csv', await buffer((await exported('csv')).stream)],
      ['Values.xlsx', xlsx],
      ['Values.json', null],
    ] as const) {
      const source =
        data === null
          ? {
              kind: 'json' as const,
              sheets: {
                Values: JSON.parse(await text((await exported('json')).stream)) as Record<string, never>[],
              },
            }
          : { kind: 'file' as const, stream: Readable.from([data]), filename: name }
      const result = await s.workbook.import(w.actors.admin, w.partnershipId, source)
      expect(result.sheets.Values, name).toEqual({ created: 0, updated: 0, unchanged: 8 })
    }
    expect(await count()).toBe(before)
  })

  it('exports through the API and the page to any member, with the filters', async () => {
    const { app, services: s } = t()
    const api = await app.inject({
      url: `/api/v1/partnerships/${w.slug}/exports/Values?format=json&indicator=L%20C01&status=submitted`,
      headers: bearer(w.tokens.policeProvider),
    })
    expect(api.statusCode, api.body).toBe(200)
    expect(api.json()).toEqual([
      expect.objectContaining({ indicator_code: 'L C01', period: '2008/09 Q1', value: 1200 }),
    ])
    const bad = await app.inject({
      url: `/api/v1/partnerships/${w.slug}/exports/Values?status=lost`,
      headers: bearer(w.tokens.officer),
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().error.fields.status).toMatch(/must be one of/)
    const places = await app.inject({
      url: `/api/v1/partnerships/${w.slug}/exports/Places`,
      headers: bearer(w.tokens.policeProvider),
    })
    expect(places.statusCode).toBe(403)

    const agent = new Agent(app)
    await agent.signIn(w.users.policeProvider.email, w.users.policeProvider.password)
    const page = await agent.get(`/p/${w.slug}/workbook`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('data-qa="export-values"')
    expect(page.body).toContain('sheets named Values,')
    expect(page.body).not.toContain('name="approve"')
    expect(page.body).not.toContain('/workbook/template')
    expect(page.body).toContain('<script type="module" src="/public/workbook-upload.js"></script>')
    const download = await agent.get(
      `/p/${w.slug}/workbook/exports/Values?format=csv&period=2009%2F10&place=&indicator=&status=`,
    )
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-disposition']).toBe('attachment; filename="Values.csv"')
    expect(download.body.trim().split('\n').slice(1)).toEqual([
      `L P01,${w.districts[1]!.gss},2009/10 Q1,60,,,`,
    ])
    const wrong = await agent.get(`/p/${w.slug}/workbook/exports/Values?format=csv&period=soon`)
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('govuk-error-summary')
    expect(wrong.body).toContain('href="#period"')
    expect(wrong.body).toContain('value="soon"')
    void s
  })

  it('shows upload progress to the uploader, and approves from the page when asked', async () => {
    const { app } = t()
    const agent = new Agent(app)
    await agent.signIn(w.users.officer.email, w.users.officer.password)
    const page = await agent.get(`/p/${w.slug}/workbook`)
    expect(page.body).toContain('name="approve"')
    expect(page.body).toContain('data-upload-progress hidden')
    const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/
      .exec(page.body)![1]!
      .replace(/&amp;/g, '&')
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!
    const id = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d'
    const boundary = '----goldthreadApprove'
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="approve"\r\n\r\nyes\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="Values.csv"\r\nContent-Type: text/csv\r\n\r\n` +
        valuesCsv(`L C01,,2008/09 Q3,1400,,,`) +
        `\r\n--${boundary}--\r\n`,
    )
    const res = await agent.request({
      method: 'POST',
      url: `${action}?progress=${id}`,
      payload: body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.body).toContain('Import complete')
    const [row] = await t()
      .database.db.select()
      .from(dataValues)
      .where(and(eq(dataValues.partnershipId, w.partnershipId), eq(dataValues.period, '2008/09 Q3')))
    expect(row!.status).toBe('approved')

    const progress = await agent.get(`/p/${w.slug}/workbook/imports/${id}/progress`)
    expect(progress.statusCode).toBe(200)
    expect(progress.json()).toEqual({ phase: 'done', rows: 1 })
    // Only the uploader sees it.
    const other = new Agent(app)
    await other.signIn(w.users.admin.email, w.users.admin.password)
    expect((await other.get(`/p/${w.slug}/workbook/imports/${id}/progress`)).statusCode).toBe(404)

    const bad = withCsrf(multipart('Values.csv', valuesCsv(`L C01,,2008/09 Q4,-1,,,`)), csrf)
    const failed = await agent.request({ method: 'POST', url: `${action}?progress=${id}x`, ...bad })
    expect(failed.statusCode).toBe(422)
    expect(failed.body).toContain('Values!2 value: a count must be a whole number, 0 or more')
    expect((await agent.get(`/p/${w.slug}/workbook/imports/${id}x/progress`)).json().phase).toBe('failed')
  })

  it.skipIf(testEngine() !== 'pglite')(
    'imports and exports through ./bin/goldthread',
    async () => {
      const DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'goldthread-values-cli-'))
      try {
        const database = await openDatabase({ engine: 'pglite', dataDir: DATA_DIR })
        await database.migrate()
        const cw = await seedValuesWorld(createServices(database.db, { engine: 'pglite' }), 'cli-values')
        await database.close()

        const file = path.join(DATA_DIR, 'Values.csv')
        fs.writeFileSync(
          file,
          valuesCsv(
            `L P01,,2008/09 Q1,40,,,`,
            `L P01,${cw.districts[0]!.gss},2008/09 Q1,,1,4,`,
            `L C01,,2008/09 Q1,12,,,`,
          ),
        )
        const imported = await cli(['import', file, '--partnership', 'cli-values', '--approve'], { DATA_DIR })
        expect(imported, imported.stderr).toMatchObject({
          code: 0,
          stdout: 'Values: 3 created, 0 updated, 0 unchanged\n',
        })

        const again = await cli(['import', file, '--partnership', 'cli-values'], { DATA_DIR })
        expect(again.stdout).toBe('Values: 0 created, 0 updated, 3 unchanged\n')

        fs.writeFileSync(file, valuesCsv(`L P01,,2008/09 Q5,40,,,`, `L C01,,2008/09 Q1,12.5,,,`))
        const bad = await cli(['import', file, '--partnership', 'cli-values'], { DATA_DIR })
        expect(bad.code).toBe(1)
        expect(bad.stderr).toContain('Values!2 period: 2008/09 Q5 is not a quarter: quarters are Q1 to Q4')
        expect(bad.stderr).toContain('Values!3 value: a count must be a whole number, 0 or more')

        const out = await cli(
          [
            'export',
            '--partnership',
            'cli-values',
            '--sheet',
            'Values',
            '--period',
            '2008/09',
            '--indicator',
            'L P01',
            '--status',
            'approved',
          ],
          { DATA_DIR },
        )
        expect(out.code, out.stderr).toBe(0)
        expect(
          out.stdout
            .replace(/^\uFEFF/, '')
            .trim()
            .split('\n'),
        ).toEqual([
          VALUES_HEAD,
          `L P01,${cw.area.gss},2008/09 Q1,40,,,`,
          `L P01,${cw.districts[0]!.gss},2008/09 Q1,25,1,4,`,
        ])
      } finally {
        fs.rmSync(DATA_DIR, { recursive: true, force: true })
      }
    },
    180_000,
  )
})
