import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { acquireLock, LockedError } from './lock.ts'

const dirs: string[] = []
const tempFile = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goldthread-lock-'))
  dirs.push(dir)
  return path.join(dir, 'goldthread.lock')
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

/** A pid that belonged to a process which has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''])
  await new Promise((resolve) => child.on('exit', resolve))
  return child.pid!
}

describe('data directory lock', () => {
  it('writes our pid and removes the file on release', () => {
    const file = tempFile()
    const lock = acquireLock(file)
    expect(fs.readFileSync(file, 'utf8')).toBe(String(process.pid))
    lock.release()
    expect(fs.existsSync(file)).toBe(false)
    lock.release()
  })

  it('refuses a lock held by a live process, naming it', () => {
    const file = tempFile()
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'])
    try {
      fs.writeFileSync(file, String(holder.pid))
      let error: unknown
      try {
        acquireLock(file)
      } catch (err) {
        error = err
      }
      expect(error).toBeInstanceOf(LockedError)
      expect((error as Error).message).toContain('in use by another Goldthread process')
      expect((error as Error).message).toContain(`pid ${holder.pid}`)
      expect((error as Error).message).toContain(file)
      expect((error as Error).message).toContain('DATA_DIR')
      // The holder's lock is left alone.
      expect(fs.readFileSync(file, 'utf8')).toBe(String(holder.pid))
    } finally {
      holder.kill()
    }
  })

  it('takes over a stale lock left by a process that has gone', async () => {
    const file = tempFile()
    const pid = await deadPid()
    fs.writeFileSync(file, String(pid))
    const lock = acquireLock(file)
    expect(fs.readFileSync(file, 'utf8')).toBe(String(process.pid))
    lock.release()
  })

  it.skipIf(!fs.existsSync('/proc/self/stat'))(
    'takes over a stale lock whose pid now belongs to a process started after it was written',
    async () => {
      const file = tempFile()
      // The pid was reused: a live process, but one that started long after the lock was written.
      const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'])
      try {
        await new Promise((resolve) => other.on('spawn', resolve))
        fs.writeFileSync(file, String(other.pid))
        const anHourAgo = new Date(Date.now() - 3600_000)
        fs.utimesSync(file, anHourAgo, anHourAgo)
        const lock = acquireLock(file)
        expect(fs.readFileSync(file, 'utf8')).toBe(String(process.pid))
        lock.release()
      } finally {
        other.kill()
      }
    },
  )

  it('takes over an unreadable lock file', () => {
    const file = tempFile()
    fs.writeFileSync(file, 'garbage')
    const lock = acquireLock(file)
    expect(fs.readFileSync(file, 'utf8')).toBe(String(process.pid))
    lock.release()
  })

  it('does not remove a lock another process has since taken', () => {
    const file = tempFile()
    const lock = acquireLock(file)
    fs.writeFileSync(file, '999999999')
    lock.release()
    expect(fs.readFileSync(file, 'utf8')).toBe('999999999')
  })
})
