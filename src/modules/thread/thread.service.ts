import type { Actor } from '../auth/actor.ts'
import type { CommentaryService } from '../commentary/commentary.service.ts'
import type { DeliveryService } from '../delivery/delivery.service.ts'
import type { EscalationsService } from '../escalations/escalations.service.ts'
import type { ImprovementService } from '../improvement/improvement.service.ts'
import type { RequestsService } from '../requests/requests.service.ts'
import type { RisksService } from '../risks/risks.service.ts'

/** The delivery modules' reads for a target's or an outcome's page. */
export interface ThreadDeps {
  delivery: Pick<DeliveryService, 'forTarget' | 'forOutcome'>
  commentary: Pick<CommentaryService, 'latestForTarget' | 'forOutcome'>
  improvement: Pick<ImprovementService, 'openForTarget'>
  risks: Pick<RisksService, 'forTarget' | 'forOutcome'>
  escalations: Pick<EscalationsService, 'forTarget' | 'forOutcome'>
  requests: Pick<RequestsService, 'forOutcome'>
}

/**
 * The golden thread below a target or an outcome: its delivery plan and actions, its open
 * improvement plan, its risks, its latest commentary and what has been escalated about it. It
 * owns no data: each part comes from its module's service, which authorises the read.
 */
export function createThreadService(deps: ThreadDeps) {
  return {
    async forTarget(actor: Actor, partnershipId: string, targetId: string, opts: { at?: Date } = {}) {
      const [plan, improvement, risks, commentary, escalations] = await Promise.all([
        deps.delivery.forTarget(actor, partnershipId, targetId),
        deps.improvement.openForTarget(actor, partnershipId, targetId),
        deps.risks.forTarget(actor, partnershipId, targetId),
        deps.commentary.latestForTarget(actor, partnershipId, targetId, opts),
        deps.escalations.forTarget(actor, partnershipId, targetId),
      ])
      return { plan, improvement, risks, commentary, escalations }
    },

    /** An outcome's own plan and its targets' plans, its risks, progress and requests. */
    async forOutcome(actor: Actor, partnershipId: string, outcomeKey: string) {
      // The outcome's targets come with their latest commentary; their plans are the outcome's too.
      const commentary = await deps.commentary.forOutcome(actor, partnershipId, outcomeKey)
      const targetIds = commentary.targets.map((t) => t.target.id)
      const [plans, risks, escalations, requests] = await Promise.all([
        deps.delivery.forOutcome(actor, partnershipId, outcomeKey, targetIds),
        deps.risks.forOutcome(actor, partnershipId, outcomeKey),
        deps.escalations.forOutcome(actor, partnershipId, outcomeKey),
        deps.requests.forOutcome(actor, partnershipId, outcomeKey),
      ])
      return { plans, risks, commentary, escalations, requests }
    },
  }
}

export type ThreadService = ReturnType<typeof createThreadService>
export type TargetThread = Awaited<ReturnType<ThreadService['forTarget']>>
export type OutcomeThread = Awaited<ReturnType<ThreadService['forOutcome']>>
