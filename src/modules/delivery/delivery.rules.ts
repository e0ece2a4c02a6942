import type { ActionStatus } from './delivery.schema.ts'

const FINISHED: readonly string[] = ['complete', 'cancelled']

/** An action is late when its due date (YYYY-MM-DD) has passed unfinished, or when recorded late. */
export function isLate(a: { status: string; dueOn: string }, today: string): boolean {
  if (FINISHED.includes(a.status)) return false
  return a.status === 'late' || a.dueOn < today
}

/** The status shown: `late` when the due date has passed unfinished, otherwise as recorded. */
export function effectiveStatus(a: { status: string; dueOn: string }, today: string): ActionStatus {
  return isLate(a, today) ? 'late' : (a.status as ActionStatus)
}

/**
 * Would `actionId` waiting for `dependsOn` close a loop? `edges` are the other dependencies
 * (action → what it waits for); the edges of `actionId` itself are replaced by `dependsOn`.
 * Returns the loop as ids from `actionId` back to it (e.g. [a, b, c, a]), or null.
 */
export function findCycle(
  actionId: string,
  dependsOn: readonly string[],
  edges: readonly { actionId: string; dependsOnId: string }[],
): string[] | null {
  const next = new Map<string, string[]>()
  for (const e of edges) {
    if (e.actionId === actionId) continue
    next.set(e.actionId, [...(next.get(e.actionId) ?? []), e.dependsOnId])
  }
  next.set(actionId, [...dependsOn])
  const seen = new Set<string>()
  const path: string[] = [actionId]
  const walk = (from: string): string[] | null => {
    for (const to of next.get(from) ?? []) {
      if (to === actionId) return [...path, to]
      if (seen.has(to)) continue
      seen.add(to)
      path.push(to)
      const found = walk(to)
      if (found) return found
      path.pop()
    }
    return null
  }
  return walk(actionId)
}
