/**
 * Which targets are flagged for an improvement plan now, and since which periods: read from a
 * target's stored rows at its own place, as the dashboard reads its flag (the row of the latest
 * period with a value, else the first period).
 */

export interface FlagInputRow {
  targetId: string
  period: string
  status: string
  needsPlan: boolean
  hasValue: boolean
}

export interface TargetFlag {
  /** Red two periods running, as the dashboard shows it now. */
  flagged: boolean
  /** The red periods of the run that raised the flag, oldest first (empty when not flagged). */
  periods: string[]
  /** The period the flag is read from. */
  period: string | null
}

/** The red run of one target's rows in period order, following `needsImprovementPlan`. */
function redRun(rows: readonly FlagInputRow[]): string[] {
  let flagged = false
  let previous: FlagInputRow | undefined
  let run: string[] = []
  for (const r of rows) {
    if (r.status === 'red') {
      if (flagged) run.push(r.period)
      else if (previous?.status === 'red') {
        flagged = true
        run = [previous.period, r.period]
      }
    } else if (r.status === 'green' || r.status === 'amber') {
      flagged = false
      run = []
    }
    previous = r.status === 'no-data' ? undefined : r
  }
  return flagged ? run : []
}

/** Each target's flag, from its rows (grouped by target, each group in period order). */
export function flagsOf(rows: readonly FlagInputRow[]): Map<string, TargetFlag> {
  const byTarget = new Map<string, FlagInputRow[]>()
  for (const r of rows) {
    const list = byTarget.get(r.targetId)
    if (list) list.push(r)
    else byTarget.set(r.targetId, [r])
  }
  const out = new Map<string, TargetFlag>()
  for (const [targetId, list] of byTarget) {
    const shown = list.filter((r) => r.hasValue).at(-1) ?? list[0]!
    const flagged = shown.needsPlan
    const periods = flagged ? redRun(list) : []
    out.set(targetId, {
      flagged,
      periods: flagged && periods.length === 0 ? [shown.period] : periods,
      period: shown.period,
    })
  }
  return out
}
