/**
 * The demo's whole workbook both ways: exported and imported again unchanged, it changes nothing
 * (no version, no audit row of a data-changing kind) and exports the same again — as written by
 * Goldthread, after a real spreadsheet program (LibreOffice Calc) has opened and saved it, and
 * sheet by sheet as CSV.
 */
import { execFile } from 'node:child_process'
import crypto from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { buffer } from 'node:stream/consumers'
import { promisify } from 'node:util'
import ExcelJS from 'exceljs'
import { sql } from 'drizzle-orm'
import { beforeAll, expect, it } from 'vitest'
import { describeIntegration } from '../../../test/helpers/app.ts'
import { loadDemo } from '../../demo/demo.ts'
import type { Actor } from '../auth/actor.ts'
import type { Services } from '../../services.ts'
import type { Database } from '../../db/client.ts'
import { isAppError } from '../../errors.ts'
import type { ImportSource } from '../../workbook/read.ts'

const run = promisify(execFile)

/** LibreOffice's `soffice`, or null when it is not installed (then its test is skipped, never under CI). */
async function findSoffice(): Promise<string | null> {
  for (const bin of [process.env.SOFFICE_PATH, 'soffice', 'libreoffice'].filter(Boolean) as string[]) {
    try {
      await run(bin, ['--version'], { timeout: 60_000 })
      return bin
    } catch {
      // not this one
    }
  }
  return null
}
const soffice = await findSoffice()
if (!soffice && process.env.CI === 'true')
  throw new Error('LibreOffice (soffice) is required under CI: .ci/run installs libreoffice-calc-nogui')
if (!soffice)
  console.warn(
    'roundtrip.int.test: LibreOffice (soffice) not found, skipping the spreadsheet-program round trip (apt-get install libreoffice-calc-nogui)',
  )

/** Open and save an .xlsx in LibreOffice Calc, headless, with a fresh profile. */
async function throughLibreOffice(file: Buffer): Promise<Buffer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'goldthread-lo-'))
  const profile = path.join(os.tmpdir(), `lo-${crypto.randomUUID()}`)
  try {
    const input = path.join(dir, 'in', 'Workbook.xlsx')
    const out = path.join(dir, 'out')
    await run('mkdir', ['-p', path.dirname(input), out])
    await writeFile(input, file)
    await run(
      soffice!,
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--convert-to',
        'xlsx',
        '--outdir',
        out,
        input,
      ],
      { timeout: 240_000 },
    )
    return await readFile(path.join(out, 'Workbook.xlsx'))
  } finally {
    await rm(dir, { recursive: true, force: true })
    await rm(profile, { recursive: true, force: true })
  }
}

const fileSource = (filename: string, data: Buffer, sheet?: string): ImportSource => ({
  kind: 'file',
  stream: Readable.from([data]),
  filename,
  ...(sheet ? { sheet } : {}),
})

/** Rows that say something changed: every version and audit row (reads write none). */
async function changeCounts(database: Database) {
  const countOf = async (query: string) => {
    const result: unknown = await database.db.execute(sql.raw(query))
    return (result as { rows: { n: number }[] }).rows[0]!.n
  }
  const count = (table: string) => countOf(`select count(*)::int as n from ${table}`)
  return {
    valueVersions: await count('data_value_versions'),
    targetVersions: await count('target_versions'),
    trajectories: await count('target_trajectories'),
    audit: await countOf(`select count(*)::int as n from audit_events where action <> 'import'`),
  }
}

/** The cells of every sheet, as text: two exports are the same when these are. */
async function cellsOf(file: Buffer) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(file as unknown as ArrayBuffer)
  const out: Record<string, string[][]> = {}
  wb.eachSheet((ws) => {
    const rows: string[][] = []
    ws.eachRow((row) =>
      rows.push((row.values as unknown[]).slice(1).map((v) => String((v ?? '') as { toString(): string }))),
    )
    out[ws.name] = rows
  })
  return out
}

/** An import, its problems in the failure's message (the report lists every one). */
async function importing(s: Services, actor: Actor, pid: string, source: ImportSource) {
  try {
    return await s.workbook.import(actor, pid, source)
  } catch (e) {
    if (isAppError(e) && e.details) throw new Error(`${e.message}:\n${e.details.slice(0, 40).join('\n')}`)
    throw e
  }
}

describeIntegration('the demo workbook both ways', (t) => {
  let s: Services
  let admin: Actor
  let pid: string
  let exported: Buffer

  const exportWhole = async () => buffer((await s.workbook.export(admin, pid, 'workbook', 'xlsx')).stream)

  beforeAll(async () => {
    s = t().services
    await loadDemo(s, { password: 'demo-password-1' })
    pid = (await s.partnerships.findBySlug('leicestershire-together'))!.id
    const user = (await s.users.findByEmail('admin@leicestershire-together.example'))!
    admin = (await s.auth.actorForUser(user.id))!
    exported = await exportWhole()
  }, 600_000)

  it('re-imports its own export unchanged: nothing created or changed, and exports the same again', async () => {
    const before = await changeCounts(t().database)
    const result = await importing(s, admin, pid, fileSource('Workbook.xlsx', exported))
    for (const [sheet, counts] of Object.entries(result.sheets))
      expect({ sheet, created: counts.created, updated: counts.updated }).toEqual({
        sheet,
        created: 0,
        updated: 0,
      })
    expect(await changeCounts(t().database)).toEqual(before)
    expect(await cellsOf(await exportWhole())).toEqual(await cellsOf(exported))
  }, 300_000)

  it.skipIf(!soffice)(
    're-imports it unchanged after LibreOffice Calc has opened and saved it',
    async () => {
      const saved = await throughLibreOffice(exported)
      const before = await changeCounts(t().database)
      const result = await importing(s, admin, pid, fileSource('Workbook.xlsx', saved))
      for (const [sheet, counts] of Object.entries(result.sheets))
        expect({ sheet, created: counts.created, updated: counts.updated }).toEqual({
          sheet,
          created: 0,
          updated: 0,
        })
      expect(await changeCounts(t().database)).toEqual(before)
      expect(await cellsOf(await exportWhole())).toEqual(await cellsOf(exported))
    },
    600_000,
  )

  it('re-imports each sheet exported as CSV unchanged', async () => {
    const before = await changeCounts(t().database)
    for (const sheet of s.workbook.sheets.filter((x) => x.importer)) {
      const csv = await buffer((await s.workbook.export(admin, pid, sheet.name, 'csv')).stream)
      const result = await importing(s, admin, pid, fileSource(`${sheet.name}.csv`, csv))
      const counts = result.sheets[sheet.name]
      if (counts)
        expect({ sheet: sheet.name, created: counts.created, updated: counts.updated }).toEqual({
          sheet: sheet.name,
          created: 0,
          updated: 0,
        })
    }
    expect(await changeCounts(t().database)).toEqual(before)
  }, 600_000)
})
