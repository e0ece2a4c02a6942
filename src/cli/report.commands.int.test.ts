import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { childEnv } from '../../test/helpers/config.ts'
import { testEngine } from '../../test/helpers/db.ts'

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'goldthread')

function run(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [bin, ...args], {
    env: childEnv({ DATABASE_URL: '', DEMO: 'false', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, stdout: () => out, stderr: () => err, exit }
}

// The command line is engine-independent (it opens PGlite in a data directory): run it once.
describe.skipIf(testEngine() !== 'pglite')('goldthread report', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goldthread-report-'))
  const DATA_DIR = path.join(dir, 'data')
  const running: ChildProcess[] = []
  const goldthread = async (...args: string[]) => withDir(DATA_DIR, ...args)
  const withDir = async (dataDir: string, ...args: string[]) => {
    const r = run(args, { DATA_DIR: dataDir })
    running.push(r.child)
    return { code: await r.exit, stdout: r.stdout(), stderr: r.stderr() }
  }
  afterAll(() => {
    for (const c of running) if (c.exitCode === null) c.kill('SIGKILL')
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('refuses bad input with one line and a non-zero exit, before opening the database', async () => {
    // Its own data directory, never created: tests run in any order.
    const untouched = path.join(dir, 'untouched')
    const goldthread = (...args: string[]) => withDir(untouched, ...args)
    const kind = await goldthread(
      'report',
      'foo',
      '--partnership',
      'x',
      '--period',
      '2008/09 Q2',
      '--format',
      'pdf',
      '--out',
      'x.pdf',
    )
    expect(kind.code).toBe(1)
    expect(kind.stderr).toBe(
      "goldthread: report: unknown kind 'foo' (steering, board, exception, progress, directory, risk, finance, reward, evidence)\n",
    )
    const format = await goldthread(
      'report',
      'risk',
      '--partnership',
      'x',
      '--period',
      '2008/09 Q2',
      '--format',
      'doc',
      '--out',
      'x.doc',
    )
    expect(format.code).toBe(1)
    expect(format.stderr).toBe("goldthread: report: --format: 'doc' is not a format (html, pdf, xlsx)\n")
    const level = await goldthread(
      'report',
      'risk',
      '--partnership',
      'x',
      '--period',
      '2008/09 Q2',
      '--level',
      'street',
      '--format',
      'pdf',
      '--out',
      'x.pdf',
    )
    expect(level.code).toBe(1)
    expect(level.stderr.trim().split('\n')).toHaveLength(1)
    expect(level.stderr).toMatch(/^goldthread: report: --level: /)
    expect(fs.existsSync(untouched)).toBe(false)
  }, 240_000)

  it('writes a report as XLSX and PDF, and names an unknown partnership or theme on one line', async () => {
    const add = await goldthread('partnerships', 'add', '--slug', 'rutland', '--name', 'Rutland Together')
    expect(add.code, add.stderr).toBe(0)
    const nobody = await goldthread(
      'report',
      'risk',
      '--partnership',
      'nope',
      '--period',
      '2008/09 Q2',
      '--format',
      'xlsx',
      '--out',
      path.join(dir, 'r.xlsx'),
    )
    expect(nobody.code).toBe(1)
    expect(nobody.stderr).toBe("goldthread: report: --partnership: no partnership with slug 'nope'\n")
    const theme = await goldthread(
      'report',
      'steering',
      '--partnership',
      'rutland',
      '--period',
      '2008/09 Q2',
      '--theme',
      '9',
      '--format',
      'xlsx',
      '--out',
      path.join(dir, 'r.xlsx'),
    )
    expect(theme.code).toBe(1)
    expect(theme.stderr).toBe("goldthread: report: --theme: no theme '9' in the current strategy\n")

    const xlsx = path.join(dir, 'risk.xlsx')
    const a = await goldthread(
      'report',
      'risk',
      '--partnership',
      'rutland',
      '--period',
      '2008/09 q2',
      '--format',
      'xlsx',
      '--out',
      xlsx,
    )
    expect(a.code, a.stderr).toBe(0)
    expect(fs.readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK')
    const pdf = path.join(dir, 'risk.pdf')
    const b = await goldthread(
      'report',
      'risk',
      '--partnership',
      'rutland',
      '--period',
      '2008/09 Q2',
      '--as-at',
      '2009-01-31',
      '--format',
      'pdf',
      '--out',
      pdf,
    )
    expect(b.code, b.stderr).toBe(0)
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-')
    expect(b.stderr).toMatch(/^Wrote .+risk\.pdf/)
  }, 480_000)
})
