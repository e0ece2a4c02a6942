import type { Db } from '../../db/client.ts'
import { conflict, notFound, validationError } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { DirectoryService } from '../directory/directory.service.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { StrategyVersionsService } from '../strategy/strategy-versions.service.ts'
import { versionLabel } from '../strategy/strategy.schema.ts'
import * as q from './consultation.queries.ts'
import { consultationPolicy } from './consultation.policy.ts'
import type { CommentInput, ResponseInput } from './consultation.schema.ts'

export type { CommentRow, CommentWithNames } from './consultation.queries.ts'

export interface ConsultationDeps {
  clock: Clock
  /** Comments are on a version of the strategy, or on one of its nodes. */
  strategy: StrategyVersionsService
  /** Who a signed-in partner is: their person records and organisation. */
  directory: Pick<DirectoryService, 'findPeopleOfUser'>
  people: Pick<PeopleService, 'find'>
  organisations: Pick<OrganisationsService, 'find'>
}

export function createConsultationService(db: Db, deps: ConsultationDeps) {
  const { strategy } = deps

  /** The organisation a signed-in partner speaks for: that of their person record. */
  async function organisationOf(actor: Actor, partnershipId: string) {
    if (!actor.userId) return null
    for (const id of await deps.directory.findPeopleOfUser(db, partnershipId, actor.userId)) {
      const p = await deps.people.find(db, partnershipId, id)
      if (p?.organisationId) return p.organisationId
    }
    return actor.organisations?.get(partnershipId) ?? null
  }

  const service = {
    /** Comments on a version, optionally only those of one status or one node. */
    async list(
      actor: Actor,
      partnershipId: string,
      number: number,
      opts: { status?: string | undefined; nodeId?: string | undefined } = {},
    ) {
      authorize(consultationPolicy.read, actor, partnershipId)
      const version = await strategy.get(db, partnershipId, number)
      return { version, comments: await q.listComments(db, version.id, opts) }
    },

    async get(actor: Actor, partnershipId: string, id: string) {
      authorize(consultationPolicy.read, actor, partnershipId)
      const row = await q.findComment(db, partnershipId, id)
      if (!row) throw notFound('Comment')
      return row
    },

    /**
     * Comment on a draft, or on one node of it. Drafts are open to comment while they are the
     * current version and not signed off. A manager may record a comment on a partner's behalf.
     */
    async comment(actor: Actor, partnershipId: string, number: number, input: CommentInput) {
      authorize(consultationPolicy.comment, actor, partnershipId)
      const version = await strategy.get(db, partnershipId, number)
      if (await strategy.editability(db, version)) {
        const current = await strategy.current(db, partnershipId)
        throw conflict(
          version.status === 'signed_off'
            ? `${versionLabel(version)} is signed off and closed to comments.`
            : `${versionLabel(version)} has been superseded: comment on version ${current?.number}.`,
        )
      }
      if (input.nodeId) {
        const node = await strategy.findNode(db, partnershipId, input.nodeId)
        if (!node || node.archivedAt || node.versionId !== version.id)
          throw validationError({ nodeId: 'Choose the part of the strategy from the list' })
      }
      const onBehalf = consultationPolicy.commentOnBehalf(actor, partnershipId)
      let organisationId = await organisationOf(actor, partnershipId)
      if (onBehalf && input.organisationId) {
        const org = await deps.organisations.find(db, partnershipId, input.organisationId)
        if (!org || org.archivedAt)
          throw validationError({ organisationId: 'Choose the organisation from the list' })
        organisationId = org.id
      }
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const row = await q.insertComment(tx, {
          partnershipId,
          versionId: version.id,
          nodeId: input.nodeId,
          authorName: (onBehalf && input.authorName) || actor.label,
          authorUserId: actor.userId,
          organisationId,
          body: input.body,
        })
        return {
          result: row,
          audit: { entityType: 'consultation_comment', entityId: row.id, action: 'create', after: row },
        }
      })
    },

    /** Accept, reject or note a comment, with the partnership's response. */
    async respond(actor: Actor, partnershipId: string, id: string, input: ResponseInput) {
      authorize(consultationPolicy.respond, actor, partnershipId)
      const before = await service.get(actor, partnershipId, id)
      if (input.status !== 'noted' && !input.response)
        throw validationError({ response: 'Explain the response to the comment' })
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const row = await q.updateComment(tx, id, {
          status: input.status,
          response: input.response ?? null,
          respondedBy: actor.label,
          respondedAt: deps.clock(),
        })
        return {
          result: row,
          audit: { entityType: 'consultation_comment', entityId: id, action: 'respond', before, after: row },
        }
      })
    },
  }
  return service
}

export type ConsultationService = ReturnType<typeof createConsultationService>
