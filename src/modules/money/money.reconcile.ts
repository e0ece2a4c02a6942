import { sumPence } from '../../lib/money.ts'

/**
 * The money's arithmetic, pure and in whole pence, so every view and export adds up the same way:
 * a stream's budget for a year = its first-level allocations + what is unallocated; a recipient's
 * first-level allocations added over recipients = the allocations added over streams. Onward
 * allocations are part of their first-level allocation's money, never a second call on the budget.
 */

export interface BudgetFact {
  streamId: string
  year: string
  amountPence: number
}

export interface AllocationFact {
  streamId: string
  year: string
  recipientId: string
  amountPence: number
  parentAllocationId: string | null
  id: string
}

export interface StreamYear {
  streamId: string
  year: string
  budget: number
  allocated: number
  /** budget − allocated: below zero only if the rules were broken (shown, never hidden). */
  unallocated: number
  /** Whether a budget has been set for the year (allocations without one show a budget of £0). */
  hasBudget: boolean
}

export interface RecipientTotal {
  recipientId: string
  /** First-level allocations received. */
  allocated: number
  /** Passed on to other bodies (the recipient stays accountable for it). */
  passedOn: number
  /** allocated − passedOn. */
  retained: number
  /** Received as an onward allocation from another recipient. */
  onwardReceived: number
}

const key = (streamId: string, year: string) => `${streamId}|${year}`

/** Each stream-year with a budget or an allocation: budget, allocated and unallocated, in pence. */
export function streamYears(
  budgets: readonly BudgetFact[],
  allocations: readonly AllocationFact[],
): StreamYear[] {
  const out = new Map<string, StreamYear>()
  const at = (streamId: string, year: string) => {
    const k = key(streamId, year)
    let row = out.get(k)
    if (!row) {
      row = { streamId, year, budget: 0, allocated: 0, unallocated: 0, hasBudget: false }
      out.set(k, row)
    }
    return row
  }
  for (const b of budgets) {
    const row = at(b.streamId, b.year)
    row.budget = sumPence([row.budget, b.amountPence])
    row.hasBudget = true
  }
  for (const a of allocations) {
    if (a.parentAllocationId) continue
    const row = at(a.streamId, a.year)
    row.allocated = sumPence([row.allocated, a.amountPence])
  }
  for (const row of out.values()) row.unallocated = row.budget - row.allocated
  return [...out.values()].sort((a, b) => (a.year < b.year ? -1 : a.year > b.year ? 1 : 0))
}

/** Each recipient's first-level money, what it passed on and what it received onward, in pence. */
export function recipientTotals(allocations: readonly AllocationFact[]): RecipientTotal[] {
  const out = new Map<string, RecipientTotal>()
  const at = (recipientId: string) => {
    let row = out.get(recipientId)
    if (!row) {
      row = { recipientId, allocated: 0, passedOn: 0, retained: 0, onwardReceived: 0 }
      out.set(recipientId, row)
    }
    return row
  }
  const byId = new Map(allocations.map((a) => [a.id, a]))
  for (const a of allocations) {
    if (!a.parentAllocationId) {
      at(a.recipientId).allocated += a.amountPence
      continue
    }
    at(a.recipientId).onwardReceived += a.amountPence
    const parent = byId.get(a.parentAllocationId)
    if (parent) at(parent.recipientId).passedOn += a.amountPence
  }
  for (const row of out.values()) row.retained = row.allocated - row.passedOn
  return [...out.values()]
}

/** What is left of a first-level allocation after its onward allocations (below zero only if broken). */
export function unpassed(
  parent: { id: string; amountPence: number },
  allocations: readonly AllocationFact[],
) {
  return (
    parent.amountPence -
    sumPence(allocations.filter((a) => a.parentAllocationId === parent.id).map((a) => a.amountPence))
  )
}
