import fs from 'node:fs'

export interface Lock {
  release(): void
}

export class LockedError extends Error {}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * PGlite does not lock its directory, and two processes writing one data dir corrupt it.
 * Take an exclusive lock file holding our pid; a stale file (its process gone) is taken over.
 */
export function acquireLock(file: string): Lock {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx')
      fs.writeSync(fd, String(process.pid))
      fs.closeSync(fd)
      let released = false
      return {
        release() {
          if (released) return
          released = true
          try {
            if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file)
          } catch {
            // already gone
          }
        },
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const holder = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10)
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new LockedError(
          `The data directory is in use by another Goldthread process (pid ${holder}): ${file}. ` +
            'Stop that process, or set DATA_DIR to another directory.',
        )
      }
      fs.rmSync(file, { force: true })
    }
  }
  throw new LockedError(`Could not lock ${file}`)
}
