import type { Db, DbOrTx, Tx } from '../../db/client.ts'
import { conflict, forbidden, notFound, validationError } from '../../errors.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import * as cq from './delivery.challenge.queries.ts'
import { deliveryPolicy } from './delivery.policy.ts'
import * as q from './delivery.queries.ts'
import type { IssueInput, ResponseInput, SubmitInput } from './delivery.schema.ts'
import type { DeliveryDeps } from './delivery.service.ts'

/** What the challenge use-cases share with the plans: loading, reviewing, and the plan's rounds. */
export interface ChallengeCore {
  loadPlan: (actor: Actor, partnershipId: string, id: string) => Promise<q.PlanWithNames>
  loadEditablePlan: (actor: Actor, partnershipId: string, id: string) => Promise<q.PlanWithNames>
  mayReview: (actor: Actor, partnershipId: string) => Promise<boolean>
  roundsWithIssues: (tx: DbOrTx, planId: string) => Promise<(cq.RoundRow & { issues: cq.IssueRow[] })[]>
}

/**
 * A plan's challenge: the lead submits it, reviewers raise issues, return it for revision or accept
 * it, the lead responds; and the named challenge group of reviewers.
 */
export function createChallengeUseCases(db: Db, deps: DeliveryDeps, core: ChallengeCore) {
  const { loadPlan, loadEditablePlan, mayReview, roundsWithIssues } = core

  return {
    // --- challenge ---

    /** The lead submits the plan for challenge: a new round (the first, or after revision). */
    async submit(actor: Actor, partnershipId: string, planId: string, input: SubmitInput) {
      const plan = await loadEditablePlan(actor, partnershipId, planId)
      if (plan.status === 'in_challenge') throw conflict('The plan is already in challenge')
      if (plan.status === 'accepted') throw conflict('The plan has been accepted')
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const rounds = await roundsWithIssues(tx, planId)
        const last = rounds.at(-1)
        const unanswered = last?.issues.filter((i) => !i.response).length ?? 0
        if (unanswered)
          throw conflict(
            `Respond to every issue of round ${last!.number} before resubmitting: ${unanswered} ${unanswered === 1 ? 'has' : 'have'} no response`,
            {
              note: `${unanswered} issue${unanswered === 1 ? '' : 's'} of round ${last!.number} still need${unanswered === 1 ? 's' : ''} a response`,
            },
          )
        const at = deps.clock()
        const round = await cq.insertRound(tx, {
          partnershipId,
          planId,
          number: (last?.number ?? 0) + 1,
          submittedAt: at,
          submittedBy: actor.label,
          note: input.note ?? null,
        })
        const row = await q.updatePlan(tx, planId, { status: 'in_challenge' }, at)
        return {
          result: round,
          audit: {
            entityType: 'delivery_plan',
            entityId: planId,
            action: 'submit',
            before: plan,
            after: { ...row, round },
          },
        }
      })
    },

    /** A reviewer raises an issue in the plan's open round. */
    async raiseIssue(actor: Actor, partnershipId: string, planId: string, input: IssueInput) {
      const plan = await loadPlan(actor, partnershipId, planId)
      if (!(await mayReview(actor, partnershipId))) throw forbidden('Only the challenge group reviews plans')
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const round = (await cq.roundsOf(tx, planId)).at(-1)
        if (plan.status !== 'in_challenge' || !round || round.outcome !== 'open')
          throw conflict('The plan is not in challenge: issues are raised while a round is open')
        const row = await cq.insertIssue(tx, {
          partnershipId,
          roundId: round.id,
          body: input.body,
          raisedBy: actor.label,
          raisedByUserId: actor.userId,
          raisedAt: deps.clock(),
        })
        return {
          result: row,
          audit: { entityType: 'challenge_issue', entityId: row.id, action: 'create', after: row },
        }
      })
    },

    /** A reviewer closes the open round with issues for the lead to answer: the plan goes back for revision. */
    async returnForRevision(actor: Actor, partnershipId: string, planId: string) {
      const plan = await loadPlan(actor, partnershipId, planId)
      if (!(await mayReview(actor, partnershipId))) throw forbidden('Only the challenge group reviews plans')
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const rounds = await roundsWithIssues(tx, planId)
        const round = rounds.at(-1)
        if (plan.status !== 'in_challenge' || !round || round.outcome !== 'open')
          throw conflict('The plan is not in challenge')
        if (round.issues.length === 0)
          throw conflict('Raise at least one issue before returning the plan for revision', {
            body: 'Raise at least one issue for the lead to address',
          })
        const at = deps.clock()
        const closed = await cq.updateRound(tx, round.id, {
          outcome: 'revise',
          closedAt: at,
          closedBy: actor.label,
        })
        const row = await q.updatePlan(tx, planId, { status: 'revising' }, at)
        return {
          result: closed,
          audit: {
            entityType: 'delivery_plan',
            entityId: planId,
            action: 'return_for_revision',
            before: plan,
            after: { ...row, round: closed },
          },
        }
      })
    },

    /** The lead answers an issue of the latest round (before resubmitting). */
    async respond(actor: Actor, partnershipId: string, issueId: string, input: ResponseInput) {
      authorize(deliveryPolicy.read, actor, partnershipId)
      const found = await cq.findIssue(db, partnershipId, issueId)
      if (!found) throw notFound('Issue')
      const plan = await loadEditablePlan(actor, partnershipId, found.round.planId)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const latest = (await cq.roundsOf(tx, plan.id)).at(-1)
        if (plan.status === 'accepted' || latest?.id !== found.round.id)
          throw conflict('Only the issues of the plan’s latest round of challenge can be answered')
        const row = await cq.updateIssue(tx, issueId, {
          response: input.response,
          respondedBy: actor.label,
          respondedAt: deps.clock(),
        })
        return {
          result: row,
          audit: {
            entityType: 'challenge_issue',
            entityId: issueId,
            action: 'respond',
            before: found.issue,
            after: row,
          },
        }
      })
    },

    /** The plan an issue was raised on (404 for another partnership's issue). */
    async planOfIssue(actor: Actor, partnershipId: string, issueId: string) {
      authorize(deliveryPolicy.read, actor, partnershipId)
      const found = await cq.findIssue(db, partnershipId, issueId)
      if (!found) throw notFound('Issue')
      return found.round.planId
    },

    /** A reviewer accepts the plan: the open round closes accepted. */
    async accept(actor: Actor, partnershipId: string, planId: string) {
      const plan = await loadPlan(actor, partnershipId, planId)
      if (!(await mayReview(actor, partnershipId))) throw forbidden('Only the challenge group reviews plans')
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const round = (await roundsWithIssues(tx, planId)).at(-1)
        if (plan.status !== 'in_challenge' || !round || round.outcome !== 'open')
          throw conflict('Only a plan in challenge can be accepted')
        const unanswered = round.issues.filter((i) => !i.response).length
        if (unanswered)
          throw conflict(
            `${unanswered} issue${unanswered === 1 ? '' : 's'} of this round ${unanswered === 1 ? 'has' : 'have'} no response: return the plan for revision instead`,
          )
        const at = deps.clock()
        const closed = await cq.updateRound(tx, round.id, {
          outcome: 'accepted',
          closedAt: at,
          closedBy: actor.label,
        })
        const row = await q.updatePlan(
          tx,
          planId,
          { status: 'accepted', acceptedAt: at, acceptedBy: actor.label },
          at,
        )
        return {
          result: row,
          audit: {
            entityType: 'delivery_plan',
            entityId: planId,
            action: 'accept',
            before: plan,
            after: { ...row, round: closed },
          },
        }
      })
    },

    // --- the challenge group ---

    async reviewers(actor: Actor, partnershipId: string) {
      authorize(deliveryPolicy.read, actor, partnershipId)
      return cq.listReviewers(db, partnershipId)
    },

    async reviewerChoices(actor: Actor, partnershipId: string) {
      authorize(deliveryPolicy.manageReviewers, actor, partnershipId)
      const named = new Set((await cq.listReviewers(db, partnershipId)).map((r) => r.userId))
      return (await cq.members(db, partnershipId)).filter((m) => !named.has(m.userId))
    },

    async addReviewer(actor: Actor, partnershipId: string, userId: string) {
      authorize(deliveryPolicy.manageReviewers, actor, partnershipId)
      if (!(await cq.memberOf(db, partnershipId, userId)))
        throw validationError({ userId: 'Choose a member of this partnership as a reviewer' })
      return mutate(db, actor, { partnershipId }, async (tx) => {
        if (await cq.isNamedReviewer(tx, partnershipId, userId))
          throw conflict('They are already a reviewer', { userId: 'They are already a reviewer' })
        const row = await cq.insertReviewer(tx, partnershipId, userId)
        return {
          result: row,
          audit: { entityType: 'challenge_reviewer', entityId: row.id, action: 'create', after: row },
        }
      })
    },

    async removeReviewer(actor: Actor, partnershipId: string, id: string) {
      authorize(deliveryPolicy.manageReviewers, actor, partnershipId)
      return mutate(db, actor, { partnershipId }, async (tx: Tx) => {
        const row = await cq.archiveReviewer(tx, partnershipId, id, deps.clock())
        if (!row) throw notFound('Reviewer')
        return {
          result: row,
          audit: { entityType: 'challenge_reviewer', entityId: id, action: 'archive', after: row },
        }
      })
    },
  }
}
