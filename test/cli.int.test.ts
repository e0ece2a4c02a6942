import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { testEngine } from './helpers/db.ts'
import { childEnv } from './helpers/config.ts'

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'goldthread')

interface Run {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  exit: Promise<number | null>
}

function run(args: string[], env: Record<string, string>): Run {
  const child = spawn(process.execPath, [bin, ...args], {
    env: childEnv({ DATABASE_URL: '', LOG_LEVEL: 'info', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, stdout: () => out, stderr: () => err, exit }
}

async function waitFor(check: () => boolean, what: string, ms = 60_000) {
  const until = Date.now() + ms
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

// The command line and the PGlite directory lock are engine-independent: run them once.
describe.skipIf(testEngine() !== 'pglite')('goldthread command line', () => {
  const dirs: string[] = []
  const running: ChildProcess[] = []
  const dataDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'goldthread-cli-'))
    dirs.push(d)
    return d
  }
  afterAll(() => {
    for (const c of running) if (c.exitCode === null) c.kill('SIGKILL')
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
  })

  it('refuses a second process on the same data directory, and the first shuts down cleanly', async () => {
    const DATA_DIR = dataDir()
    const server = run(['serve'], { DATA_DIR, PORT: '0', HOST: '127.0.0.1', DEMO: 'false' })
    running.push(server.child)
    await waitFor(
      () => server.stdout().includes('Goldthread is running') || server.child.exitCode !== null,
      'the server to start',
    )
    expect(server.stderr()).toBe('')
    expect(fs.readFileSync(path.join(DATA_DIR, 'goldthread.lock'), 'utf8')).toBe(String(server.child.pid))

    const second = run(['migrate'], { DATA_DIR })
    running.push(second.child)
    expect(await second.exit).toBe(1)
    const lines = second.stderr().trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^goldthread: The data directory is in use by another Goldthread process \(pid \d+\)/,
    )

    server.child.kill('SIGTERM')
    expect(await server.exit).toBe(0)
    expect(fs.existsSync(path.join(DATA_DIR, 'goldthread.lock'))).toBe(false)

    // With the first process gone, the directory is free again.
    const third = run(['migrate'], { DATA_DIR })
    running.push(third.child)
    expect(await third.exit).toBe(0)
    expect(third.stdout()).toContain('Migrations applied (pglite).')
  }, 180_000)

  it('prints a one-time link to set a password for a user, and refuses an unknown address', async () => {
    const DATA_DIR = dataDir()
    const env = { DATA_DIR, DEMO: 'false', BASE_URL: 'https://goldthread.example.org' }
    const steps = [
      ['partnerships', 'add', '--slug', 'rutland', '--name', 'Rutland Together'],
      [
        'users',
        'add',
        '--email',
        'ann@rutland.example',
        '--name',
        'Ann',
        '--role',
        'admin',
        '--partnership',
        'rutland',
      ],
    ]
    for (const args of steps) {
      const step = run(args, { ...env, GOLDTHREAD_PASSWORD: 'a-long-enough-password' })
      running.push(step.child)
      expect(await step.exit, step.stderr()).toBe(0)
    }
    const link = run(['users', 'link', 'ann@rutland.example'], env)
    running.push(link.child)
    expect(await link.exit, link.stderr()).toBe(0)
    expect(link.stdout().trim()).toMatch(
      /^https:\/\/goldthread\.example\.org\/set-password\?token=[\w-]{40,}$/,
    )
    expect(link.stderr()).toMatch(/^Works once, until .+ for ann@rutland\.example\.\n$/)

    const unknown = run(['users', 'link', 'nobody@rutland.example'], env)
    running.push(unknown.child)
    expect(await unknown.exit).toBe(1)
    expect(unknown.stderr()).toBe('goldthread: no user with email nobody@rutland.example\n')
  }, 180_000)

  it('loads the demo and exits: the Chromium that printed its stored reports is closed', async () => {
    const demo = run(['demo'], { DATA_DIR: dataDir(), GOLDTHREAD_DEMO_PASSWORD: 'demo-password-123' })
    running.push(demo.child)
    // Before the fix the command printed this and then never exited (Chromium kept it alive).
    const finished = await Promise.race([
      demo.exit,
      new Promise<'still running'>((r) => setTimeout(() => r('still running'), 240_000)),
    ])
    expect(demo.stderr()).toBe('')
    expect(demo.stdout()).toContain('Demo partnership leicestershire-together is loaded.')
    expect(finished).toBe(0)
  }, 300_000)

  it('exits 1 with a one-line reason for bad configuration', async () => {
    const bad = run(['serve'], { DATA_DIR: dataDir(), PORT: 'abc' })
    running.push(bad.child)
    expect(await bad.exit).toBe(1)
    expect(bad.stdout()).toBe('')
    expect(bad.stderr()).toBe(
      'goldthread: Invalid configuration: PORT: must be a whole number from 0 to 65535\n',
    )
  }, 60_000)
})
