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

/** Clock ticks per second in /proc/<pid>/stat (USER_HZ): 100 on every Linux we run on. */
const TICKS_PER_SECOND = 100
/** /proc's boot time is whole seconds, and a start time is rounded to ticks: allow for both. */
const START_TIME_SLACK_MS = 2000

/** When a process started (ms since the epoch), from /proc on Linux; undefined elsewhere or if gone. */
export function processStartedAt(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // After "pid (comm) ": the state is field 3, so starttime (field 22) is the 20th here.
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19])
    const boot = /^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'))?.[1]
    if (!Number.isFinite(ticks) || boot === undefined) return undefined
    return (Number(boot) + ticks / TICKS_PER_SECOND) * 1000
  } catch {
    return undefined
  }
}

/**
 * Whether the lock's pid still belongs to the process that wrote it. A process writes its own
 * lock, so it started before the file was written; a process that started after (the pid was
 * reused, say after a crash and a reboot) cannot hold it. Without /proc, a live pid is trusted.
 */
function holdsLock(pid: number, file: string): boolean {
  if (!isAlive(pid)) return false
  const started = processStartedAt(pid)
  if (started === undefined) return true
  let written: number
  try {
    written = fs.statSync(file).mtimeMs
  } catch {
    return false // removed meanwhile: try again
  }
  return started <= written + START_TIME_SLACK_MS
}

/**
 * PGlite does not lock its directory, and two processes writing one data dir corrupt it.
 * Take an exclusive lock file holding our pid; a stale file (its process gone, or its pid now
 * another process's) is taken over.
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
      if (Number.isInteger(holder) && holder !== process.pid && holdsLock(holder, file)) {
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
