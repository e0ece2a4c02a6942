import ExcelJS from 'exceljs'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testEngine } from '../../../test/helpers/db.ts'
import { childEnv } from '../../../test/helpers/config.ts'
import { laa2Workbook } from './laa-workbook.fixtures.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

/** The LAA sheets through the real command line, on a PGlite data directory (once, under PGlite). */
describe.skipIf(testEngine() !== 'pglite')('goldthread import/export of the LAA sheets', () => {
  let dir: string
  let env: NodeJS.ProcessEnv
  const run = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(path.join(root, 'bin', 'goldthread'), args, { cwd: dir, env }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      )
    })

  async function writeWorkbook(file: string, sheets: Record<string, Record<string, unknown>[]>) {
    const wb = new ExcelJS.Workbook()
    for (const [name, rows] of Object.entries(sheets)) {
      const ws = wb.addWorksheet(name)
      const headers = [...new Set(rows.flatMap((r) => Object.keys(r)))]
      ws.addRow(headers)
      for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? null))
    }
    await wb.xlsx.writeFile(file)
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goldthread-laa-cli-'))
    env = childEnv({ DATA_DIR: path.join(dir, 'data'), DEMO: 'false', DATABASE_URL: undefined })
    const made = await run('partnerships', 'add', '--slug', 'rutland', '--name', 'Rutland Together')
    expect(made.stderr).toBe('')
  }, 120_000)

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('imports an agreement workbook, refuses a 36th designated target, and exports the sheets', async () => {
    // No strategy in this partnership: the targets serve no outcome yet.
    const wb = laa2Workbook()
    for (const t of wb.Targets) t.outcome_refs = null
    const file = path.join(dir, 'laa2.xlsx')
    await writeWorkbook(file, wb)
    const first = await run('import', '--partnership', 'rutland', file)
    expect(first.stderr).toBe('')
    expect(first.stdout).toBe(
      [
        'Agreement: 1 created, 0 updated, 0 unchanged',
        'Indicators: 26 created, 35 updated, 0 unchanged',
        'Targets: 61 created, 0 updated, 0 unchanged',
        'Trajectories: 183 created, 0 updated, 0 unchanged',
        '',
      ].join('\n'),
    )

    const csv = path.join(dir, 'Targets.csv')
    fs.writeFileSync(csv, 'indicator_code,kind,status\nNI 199,designated,proposed\n')
    const refused = await run('import', '--partnership', 'rutland', csv)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/Targets!2 kind: an agreement can have at most 35 designated targets/)

    const targets = await run('export', '--partnership', 'rutland', '--sheet', 'Targets', '--format', 'json')
    expect(JSON.parse(targets.stdout)).toHaveLength(61)
    const coverage = await run('export', '--partnership', 'rutland', '--sheet', 'Coverage')
    expect(coverage.code).toBe(0)
    expect(coverage.stdout).toContain('ref,title,kind,targets,indicator_codes')
    const trajectories = await run('export', '--partnership', 'rutland', '--sheet', 'Trajectories')
    expect(trajectories.stdout).toContain('NI 1,,2008/09,41')
  }, 300_000)
})
