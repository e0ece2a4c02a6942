import crypto from 'node:crypto'
import type { Db } from '../../db/client.ts'
import { AppError, conflict, notFound, validationError } from '../../errors.ts'
import { ukDate, type Clock } from '../../lib/clock.ts'
import { mutate } from '../audit/mutation.ts'
import { systemActor, type Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { OutboxService } from '../outbox/outbox.service.ts'
import type { PartnershipsService } from '../partnerships/partnerships.service.ts'
import type { StrategyVersionsService, VersionRow } from '../strategy/strategy-versions.service.ts'
import { versionLabel } from '../strategy/strategy.schema.ts'
import * as q from './residents.queries.ts'
import { residentsPolicy } from './residents.policy.ts'
import type {
  ModerationInput,
  PublicWindowInput,
  ResidentCommentInput,
  ResidentResponseInput,
} from './residents.schema.ts'

export type { PublicCommentRow, PublicCommentWithNode } from './residents.queries.ts'

/** How long a confirmation link works. */
export const CONFIRM_DAYS = 7
/** Unconfirmed comments one email address may have from the last 24 hours. */
export const MAX_UNCONFIRMED_PER_DAY = 3
export const RESIDENT_CONFIRM_KIND = 'resident-confirm'
const DAY_MS = 24 * 60 * 60 * 1000

export type LinkProblem = 'invalid' | 'expired'

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex')

/** The row as the audit trail keeps it: without the address and the token's hash. */
const forAudit = (row: q.PublicCommentRow | undefined) =>
  row && { ...row, email: '(withheld)', confirmTokenHash: null }

export interface ResidentsDeps {
  clock: Clock
  strategy: StrategyVersionsService
  partnerships: Pick<PartnershipsService, 'findBySlug'>
  outbox: Pick<OutboxService, 'recordIn' | 'deliver' | 'mailConfigured'>
  /** Where the confirmation link points. */
  baseUrl: string
}

/**
 * Residents' comments on a draft strategy (004: the duty to involve). A resident comments on the
 * public site without an account; the comment shows nowhere until its email address is confirmed
 * (a single-use link, only its SHA-256 stored) and the partnership publishes it, with its response
 * beside it. The email address never leaves this module except to officers who moderate.
 */
export function createResidentsService(db: Db, deps: ResidentsDeps) {
  const { clock, strategy } = deps
  const resident = systemActor('resident')

  /** The partnership, only if it publishes its site. */
  async function site(slug: string) {
    const p = await deps.partnerships.findBySlug(slug)
    if (!p || p.archivedAt || !p.publicSite) throw notFound('Page')
    return p
  }

  const today = () => ukDate(clock())

  /** A token's comment, or why the link does not work. */
  async function check(partnershipId: string, token: string) {
    const hash = hashToken(token)
    const row = await q.findByTokenHash(db, hash)
    if (!row || row.partnershipId !== partnershipId || row.status !== 'unconfirmed')
      return { ok: false as const, problem: 'invalid' as LinkProblem }
    if (clock().getTime() - row.createdAt.getTime() > CONFIRM_DAYS * DAY_MS)
      return { ok: false as const, problem: 'expired' as LinkProblem }
    return { ok: true as const, comment: row, hash }
  }

  const service = {
    // ---- The public site (no actor: anyone) ----

    /** The draft open to residents today, its outline and its published comments; null: none open. */
    async openDraft(slug: string) {
      const partnership = await site(slug)
      const version = await strategy.openToPublic(db, partnership.id, today())
      if (!version) return { partnership, version: null, nodes: [], comments: [] }
      const [nodes, comments] = await Promise.all([
        strategy.nodes(db, version.id),
        q.listComments(db, version.id, { status: 'published' }),
      ])
      return { partnership, version, nodes, comments }
    },

    /** The public home page's "Have your say" link while a draft is open to residents; else null. */
    async homeLink(partnership: { id: string; slug: string }) {
      const open = await strategy.openToPublic(db, partnership.id, today())
      return open ? `/public/${partnership.slug}/have-your-say` : null
    },

    /** A resident's comment: kept unconfirmed, and a link to confirm it emailed through the outbox. */
    async submit(slug: string, input: ResidentCommentInput) {
      const partnership = await site(slug)
      const pid = partnership.id
      const version = await strategy.openToPublic(db, pid, today())
      if (!version) throw conflict('Comments on the draft strategy are closed.')
      if (input.nodeId) {
        const node = await strategy.findNode(db, pid, input.nodeId)
        if (!node || node.archivedAt || node.versionId !== version.id || node.kind !== 'outcome')
          throw validationError({ nodeId: 'Choose an outcome from the list, or the draft as a whole' })
      }
      const email = input.email.toLowerCase()
      const since = new Date(clock().getTime() - DAY_MS)
      if ((await q.countUnconfirmedSince(db, pid, email, since)) >= MAX_UNCONFIRMED_PER_DAY) {
        const message = `You have ${MAX_UNCONFIRMED_PER_DAY} comments that you have not confirmed yet. Confirm them from your email first, or try again tomorrow.`
        throw new AppError('rate_limited', 429, message, { email: message })
      }
      const token = crypto.randomBytes(32).toString('base64url')
      const link = `${deps.baseUrl}/public/${partnership.slug}/have-your-say/confirm/${token}`
      const row = await mutate(db, resident, { partnershipId: pid }, async (tx) => {
        const row = await q.insertComment(tx, {
          partnershipId: pid,
          versionId: version.id,
          nodeId: input.nodeId,
          authorName: input.name ?? null,
          email,
          confirmTokenHash: hashToken(token),
          body: input.body,
          createdAt: clock(),
        })
        await deps.outbox.recordIn(tx, {
          partnershipId: pid,
          kind: RESIDENT_CONFIRM_KIND,
          to: [email],
          subject: `Confirm your comment on the ${partnership.name} draft strategy`,
          body: [
            `Thank you for your comment on the ${partnership.name} draft strategy.`,
            '',
            `To confirm it, open this link and press the button: ${link}`,
            '',
            `The link works for ${CONFIRM_DAYS} days. We will not show your email address to anyone.`,
            'The partnership reads every comment before it is published.',
            '',
            'If you did not write this comment, you can ignore this email.',
          ].join('\n'),
        })
        return {
          result: row,
          audit: { entityType: 'public_comment', entityId: row.id, action: 'create', after: forAudit(row) },
        }
      })
      if (deps.outbox.mailConfigured) await deps.outbox.deliver().catch(() => undefined)
      return { id: row.id, partnership }
    },

    /** What a confirmation link shows before its button is pressed. */
    async checkLink(slug: string, token: string) {
      const partnership = await site(slug)
      const c = await check(partnership.id, token)
      return { partnership, ...c }
    },

    /** Confirm the comment: unconfirmed → pending (awaiting moderation). The link then stops working. */
    async confirm(slug: string, token: string) {
      const partnership = await site(slug)
      const c = await check(partnership.id, token)
      if (!c.ok) return { partnership, ok: false as const, problem: c.problem }
      const row = await mutate(db, resident, { partnershipId: partnership.id }, async (tx) => {
        const after = await q.confirmByToken(tx, c.comment.id, c.hash, clock())
        return {
          result: after,
          audit: after
            ? {
                entityType: 'public_comment',
                entityId: after.id,
                action: 'confirm',
                before: forAudit(c.comment),
                after: forAudit(after),
              }
            : null,
        }
      })
      if (!row) return { partnership, ok: false as const, problem: 'invalid' as LinkProblem }
      return { partnership, ok: true as const, comment: row }
    },

    // ---- The partnership (signed in) ----

    /** A version's residents' comments, with the window it is open to the public. */
    async list(
      actor: Actor,
      partnershipId: string,
      number: number,
      opts: { status?: string | undefined } = {},
    ) {
      authorize(residentsPolicy.moderate, actor, partnershipId)
      const version = await strategy.get(db, partnershipId, number)
      const [comments, counts] = await Promise.all([
        q.listComments(db, version.id, opts),
        q.countByStatus(db, version.id),
      ])
      return { version, comments, counts, openToday: await service.openToday(version) }
    },

    /** Comments waiting for a decision on a version (for the consultation page). */
    async waiting(actor: Actor, partnershipId: string, versionId: string) {
      authorize(residentsPolicy.moderate, actor, partnershipId)
      return (await q.countByStatus(db, versionId)).pending ?? 0
    },

    async get(actor: Actor, partnershipId: string, id: string) {
      authorize(residentsPolicy.moderate, actor, partnershipId)
      const row = await q.findComment(db, partnershipId, id)
      if (!row) throw notFound('Comment')
      const version = await strategy.find(db, partnershipId, row.versionId)
      if (!version) throw notFound('Comment')
      const node = row.nodeId ? await strategy.findNode(db, partnershipId, row.nodeId) : undefined
      return { ...row, nodeRef: node?.ref ?? null, nodeTitle: node?.title ?? null, version }
    },

    async openToday(version: VersionRow) {
      const open = await strategy.openToPublic(db, version.partnershipId, today())
      return open?.id === version.id
    },

    /** Open a draft to residents for these days, or close it (both null). */
    async setWindow(actor: Actor, partnershipId: string, number: number, input: PublicWindowInput) {
      authorize(residentsPolicy.openToPublic, actor, partnershipId)
      const before = await strategy.get(db, partnershipId, number)
      const { opensOn, closesOn } = input
      if (opensOn || closesOn) {
        if (before.status === 'final' || before.status === 'signed_off')
          throw conflict(`${versionLabel(before)} is not a draft: only a draft can be opened to residents.`)
        const locked = await strategy.editability(db, before)
        if (locked) throw conflict(locked)
        if (!opensOn) throw validationError({ opensOn: 'Enter the first day residents can comment' })
        if (!closesOn) throw validationError({ closesOn: 'Enter the last day residents can comment' })
        if (closesOn < opensOn)
          throw validationError({ closesOn: 'The last day must be the same as or after the first day' })
      }
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const after = await strategy.setPublicWindow(tx, before.id, {
          opensOn: opensOn ?? null,
          closesOn: closesOn ?? null,
        })
        return {
          result: after,
          audit: {
            entityType: 'strategy_version',
            entityId: before.id,
            action: 'public_window',
            before,
            after,
          },
        }
      })
    },

    /** Publish or reject a confirmed comment, with the response published beside it. */
    async moderate(actor: Actor, partnershipId: string, id: string, input: ModerationInput) {
      authorize(residentsPolicy.moderate, actor, partnershipId)
      const before = await q.findComment(db, partnershipId, id)
      if (!before) throw notFound('Comment')
      if (before.status === 'unconfirmed')
        throw conflict('This comment’s email address is not confirmed yet: it cannot be published.')
      if (input.decision === 'reject' && !input.note)
        throw validationError({
          note: 'Say why the comment is not published (only the partnership sees this)',
        })
      const now = clock()
      const responseChanged = (input.response ?? null) !== before.response
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const after = await q.updateComment(tx, id, {
          status: input.decision === 'publish' ? 'published' : 'rejected',
          moderatedBy: actor.label,
          moderatedAt: now,
          moderationNote: input.note ?? null,
          ...(responseChanged
            ? { response: input.response ?? null, respondedBy: actor.label, respondedAt: now }
            : {}),
        })
        return {
          result: after,
          audit: {
            entityType: 'public_comment',
            entityId: id,
            action: input.decision,
            before: forAudit(before),
            after: forAudit(after),
          },
        }
      })
    },

    /** Write or change the partnership's response (blank removes it). */
    async respond(actor: Actor, partnershipId: string, id: string, input: ResidentResponseInput) {
      authorize(residentsPolicy.moderate, actor, partnershipId)
      const before = await q.findComment(db, partnershipId, id)
      if (!before) throw notFound('Comment')
      if (before.status === 'unconfirmed')
        throw conflict('This comment’s email address is not confirmed yet: it cannot have a response.')
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const after = await q.updateComment(tx, id, {
          response: input.response ?? null,
          respondedBy: input.response ? actor.label : null,
          respondedAt: input.response ? clock() : null,
        })
        return {
          result: after,
          audit: {
            entityType: 'public_comment',
            entityId: id,
            action: 'respond',
            before: forAudit(before),
            after: forAudit(after),
          },
        }
      })
    },
  }
  return service
}

export type ResidentsService = ReturnType<typeof createResidentsService>
