import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testEngine } from '../../../test/helpers/db.ts'
import { gss } from '../../../test/helpers/workbook.ts'
import { childEnv } from '../../../test/helpers/config.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

interface Run {
  code: number
  stdout: string
  stderr: string
}

/**
 * The real command line on a PGlite data directory. It runs once, under the PGlite project: the
 * CLI adds nothing engine-specific to what the service tests cover on both engines, and each
 * start costs seconds.
 */
describe.skipIf(testEngine() !== 'pglite')('goldthread import/export', () => {
  let dir: string
  let env: NodeJS.ProcessEnv

  const run = (...args: string[]) =>
    new Promise<Run>((resolve) => {
      execFile(path.join(root, 'bin', 'goldthread'), args, { cwd: dir, env }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      )
    })

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goldthread-cli-'))
    env = childEnv({ DATA_DIR: path.join(dir, 'data'), DEMO: 'false', DATABASE_URL: undefined })
    const made = await run('partnerships', 'add', '--slug', 'rutland', '--name', 'Rutland Together')
    expect(made.stderr).toBe('')
  }, 120_000)

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('imports a CSV named after its sheet, exports it, and re-imports it unchanged', async () => {
    const [area, district] = [gss(), gss()]
    const file = path.join(dir, 'Places.csv')
    fs.writeFileSync(
      file,
      `gss_code,name,type,parent_gss_code\n${district},Oakham,district,${area}\n${area},Rutland,area,\n`,
    )
    const first = await run('import', '--partnership', 'rutland', file)
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toBe('Places: 2 created, 0 updated, 0 unchanged\n')

    const out = await run('export', '--partnership', 'rutland', '--sheet', 'places')
    expect(out.code).toBe(0)
    expect(out.stdout).toContain(`${district},Oakham,district,${area},no`)

    const xlsx = path.join(dir, 'export.xlsx')
    const written = await run('export', '--partnership', 'rutland', '--sheet', 'workbook', '--output', xlsx)
    expect(written.code).toBe(0)
    expect(fs.readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK')
    const again = await run('import', '--partnership', 'rutland', xlsx)
    expect(again.code).toBe(0)
    // Sheets are applied and reported in workbook.md's order: the (empty) Agreement sheet first.
    expect(again.stdout).toMatch(
      /^Agreement: 0 created, 0 updated, 0 unchanged\nPlaces: 0 created, 0 updated, \d+ unchanged\nOrganisations: 0 created/,
    )
  }, 180_000)

  it('prints every problem and exits 1, writing nothing', async () => {
    const file = path.join(dir, 'partners.csv')
    fs.writeFileSync(
      file,
      'name,type,duty_to_cooperate\nRutland County Council,council,yes\n,police,sometimes\n',
    )
    const res = await run('import', '--partnership', 'rutland', '--sheet', 'Organisations', file)
    expect(res.code).toBe(1)
    expect(res.stderr).toBe(
      [
        'goldthread: The file has 2 problems; nothing was imported',
        '  Organisations!3 name: enter a value: this column is required',
        '  Organisations!3 duty_to_cooperate: must be yes or no (found "sometimes")',
        '',
      ].join('\n'),
    )
    const out = await run(
      'export',
      '--partnership',
      'rutland',
      '--sheet',
      'Organisations',
      '--format',
      'json',
    )
    expect(JSON.parse(out.stdout)).toEqual([])
  }, 120_000)

  it('explains itself with --help', async () => {
    const help = await run('import', '--help')
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--partnership <slug>')
    expect(help.stdout).toContain('--sheet <name>')
    const exportHelp = await run('export', '--help')
    expect(exportHelp.stdout).toContain('--format <format>')
    expect(exportHelp.stdout).toContain('--output <file>')
  }, 60_000)
})
