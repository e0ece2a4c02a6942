import type { Db } from '../../db/client.ts'
import { ukDate, type Clock } from '../../lib/clock.ts'
import { comparePeriods } from '../../periods/index.ts'
import { systemActor, type Actor } from '../auth/actor.ts'
import { manager } from '../auth/policy.ts'
import type { DirectoryService } from '../directory/directory.service.ts'
import type { OutboxService } from '../outbox/outbox.service.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'
import type { TargetsService } from '../targets/targets.service.ts'
import { commentaryPolicy } from './commentary.policy.ts'
import type * as q from './commentary.queries.ts'

export interface CommentaryDeps {
  clock: Clock
  /** The outcomes a target serves (by key). */
  targets: Pick<TargetsService, 'findOutcomeKeys'>
  /** Who leads each outcome, and which people records are a signed-in user's. */
  directory: Pick<DirectoryService, 'list' | 'findPeopleOfUser'>
  /** The current strategy's outcomes and sub-outcomes. */
  strategy: Pick<StrategyService, 'findCurrentNodes'>
  outbox: OutboxService
  /** Where people reach Goldthread (`BASE_URL`), for the links in messages. */
  baseUrl?: string
}

/** Days an outcome lead has to write commentary once asked. */
export const COMMENTARY_DAYS = 14
/** A request is asked for when its round closed no more than this many days ago (older rounds: by hand). */
export const REQUEST_WINDOW_DAYS = 14
/** Reminders of an open request: a week apart, at most three. */
export const REMINDER_EVERY_DAYS = 7
export const MAX_REMINDERS = 3

export const same = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? null) === (b ?? null)

/** How a target is named to people: `NI 135 Carers receiving needs assessment (Leicestershire)`. */
export const targetLabel = (t: Pick<q.TargetInfo, 'code' | 'title' | 'placeName'>) =>
  `${t.code} ${t.title}${t.placeName ? ` (${t.placeName})` : ''}`

export type RequestStatus = 'open' | 'overdue' | 'fulfilled'
export const requestStatus = (r: q.RequestRow, today: string): RequestStatus =>
  r.fulfilledAt ? 'fulfilled' : r.dueOn && r.dueOn < today ? 'overdue' : 'open'

export interface Lead {
  personId: string
  name: string
  email: string | null
}

export const byPeriodDesc = <T extends { period: string }>(rows: T[]) =>
  [...rows].sort((a, b) => comparePeriods(b.period, a.period))

/** What the commentary use-cases share: the clock, outcome leads, the user's people and who may write. */
export function createCommentaryCore(db: Db, deps: CommentaryDeps) {
  const today = () => ukDate(deps.clock())
  const reader = systemActor('commentary')
  const baseUrl = deps.baseUrl ?? ''

  /** The outcome lead (a person) of each outcome and sub-outcome of the current strategy, by key. */
  async function leadsByKey(partnershipId: string) {
    const out = new Map<string, Lead>()
    if ((await deps.strategy.findCurrentNodes(db, partnershipId)).length === 0) return out
    const { rows } = await deps.directory.list(reader, partnershipId)
    for (const r of rows) {
      const lead = r.roles.outcome_lead
      if (lead?.type === 'person') out.set(r.key, { personId: lead.id, name: lead.name, email: lead.email })
    }
    return out
  }

  /** The people records of the signed-in user here. */
  async function mine(actor: Actor, partnershipId: string): Promise<string[]> {
    if (!actor.userId) return []
    return deps.directory.findPeopleOfUser(db, partnershipId, actor.userId)
  }

  /** The outcome leads of a target: of each outcome it serves. */
  async function leadsOfTargets(partnershipId: string, targetIds: string[]) {
    const [keys, leads] = await Promise.all([
      deps.targets.findOutcomeKeys(db, targetIds),
      leadsByKey(partnershipId),
    ])
    return new Map(
      targetIds.map((id) => {
        const found = new Map<string, Lead>()
        for (const k of keys.get(id) ?? []) {
          const lead = leads.get(k)
          if (lead) found.set(lead.personId, lead)
        }
        return [id, [...found.values()]]
      }),
    )
  }

  async function mayWriteTarget(actor: Actor, partnershipId: string, targetId: string) {
    if (manager(actor, partnershipId)) return true
    if (!commentaryPolicy.write(actor, partnershipId)) return false
    const [people, leads] = await Promise.all([
      mine(actor, partnershipId),
      leadsOfTargets(partnershipId, [targetId]),
    ])
    return (leads.get(targetId) ?? []).some((l) => people.includes(l.personId))
  }

  async function mayWriteOutcome(actor: Actor, partnershipId: string, outcomeKey: string) {
    if (manager(actor, partnershipId)) return true
    if (!commentaryPolicy.write(actor, partnershipId)) return false
    const [people, leads] = await Promise.all([mine(actor, partnershipId), leadsByKey(partnershipId)])
    const lead = leads.get(outcomeKey)
    return !!lead && people.includes(lead.personId)
  }

  /** The outcomes and sub-outcomes of the current strategy (no themes), by key. */
  async function outcomes(partnershipId: string) {
    const nodes = await deps.strategy.findCurrentNodes(db, partnershipId)
    return new Map(nodes.filter((n) => n.kind !== 'theme').map((n) => [n.key, n]))
  }

  return {
    today,
    reader,
    baseUrl,
    leadsByKey,
    mine,
    leadsOfTargets,
    mayWriteTarget,
    mayWriteOutcome,
    outcomes,
  }
}

export type CommentaryCore = ReturnType<typeof createCommentaryCore>
