import type { ImportPhase } from '../../workbook/sheets.ts'

/** How far one upload has got, as its page polls for it. */
export interface UploadProgress {
  phase: 'receiving' | ImportPhase | 'failed'
  rows: number
}

interface Entry extends UploadProgress {
  userId: string | null
  partnershipId: string
}

/** An id the browser made up for its upload: letters, digits and hyphens, long enough not to guess. */
export const PROGRESS_ID = /^[A-Za-z0-9-]{16,64}$/

/** Finished imports are kept this long, for the poll that comes just after. */
const KEEP_MS = 60_000
/** More uploads than this at once is no upload page's doing: the oldest are forgotten. */
const MAX_ENTRIES = 1000

/**
 * The progress of uploads running in this process, keyed by an id the uploading page chose, so
 * the page can poll for it while its request is still running. Only the user who started an
 * upload can read its progress.
 */
export class UploadProgressRegistry {
  private readonly entries = new Map<string, Entry>()

  start(id: string, userId: string | null, partnershipId: string) {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!)
    const entry: Entry = { userId, partnershipId, phase: 'receiving', rows: 0 }
    this.entries.set(id, entry)
    return {
      update: (rows: number, phase: ImportPhase) => {
        entry.rows = rows
        entry.phase = phase
      },
      finish: (ok: boolean) => {
        if (!ok) entry.phase = 'failed'
        setTimeout(() => {
          if (this.entries.get(id) === entry) this.entries.delete(id)
        }, KEEP_MS).unref()
      },
    }
  }

  get(id: string, userId: string | null, partnershipId: string): UploadProgress | undefined {
    const e = this.entries.get(id)
    if (!e || e.userId !== userId || e.partnershipId !== partnershipId) return undefined
    return { phase: e.phase, rows: e.rows }
  }
}
