import type { Db } from '../../db/client.ts'
import { forbidden, notFound, validationError, type FieldErrors } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { audit } from '../audit/audit.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import type { AuthService } from '../auth/auth.service.ts'
import { authorize } from '../auth/policy.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import * as q from './invitations.queries.ts'
import { findActiveMembership, insertMembership } from './users.queries.ts'
import { memberPolicy } from './users.policy.ts'
import type { MemberInput } from './users.schema.ts'
import type { UsersService } from './users.service.ts'

export type { MyInvitation, PendingInvitation } from './invitations.queries.ts'

const entityType = 'invitation'

/** What the audit trail keeps of an invitation (who was invited is the point of it). */
const audited = (i: q.InvitationRow) => ({
  email: i.email,
  role: i.role,
  organisationId: i.organisationId,
  invitedBy: i.invitedBy,
  acceptedAt: i.acceptedAt,
  declinedAt: i.declinedAt,
  archivedAt: i.archivedAt,
})

/**
 * Invitations to join a partnership. An administrator invites an email address; whoever holds
 * that address sees the invitation when they sign in and accepts or declines it. Only on
 * accepting do they become a member.
 *
 * The administrator is told the same thing whether or not the address already has an account:
 * neither the account's name nor its existence leaks. An address with no account gets one, with
 * the name (and any initial password) the administrator gave, and the same pending invitation:
 * that person must still sign in (with the initial password, or after setting one with a link)
 * and accept, so the role never takes effect without the person acting.
 */
export function createInvitationsService(
  db: Db,
  deps: { clock: Clock; users: UsersService; auth: AuthService; organisations: OrganisationsService },
) {
  const { users, auth, organisations } = deps

  async function emailOf(actor: Actor) {
    if (actor.kind !== 'user' || !actor.userId) throw forbidden()
    const user = await auth.findUser(db, actor.userId)
    if (!user) throw forbidden()
    return user
  }

  async function mine(actor: Actor, id: string) {
    const user = await emailOf(actor)
    const found = (await q.listPendingFor(db, user.email.toLowerCase())).find((i) => i.id === id)
    if (!found) throw notFound('Invitation')
    return { user, invitation: found }
  }

  return {
    /** A partnership's invitations waiting for an answer (administrators). */
    async listPending(actor: Actor, partnershipId: string) {
      authorize(memberPolicy.read, actor, partnershipId)
      return q.listPending(db, partnershipId)
    },

    /**
     * Invite an email address to take a role. Refused (naming the field) only for what the
     * administrator can already see: a member of this partnership, or a pending invitation here.
     */
    async invite(actor: Actor, partnershipId: string, input: MemberInput) {
      const email = input.email.trim().toLowerCase()
      // An address without an account gets one first (audited as the account's creation).
      return mutate(db, actor, { partnershipId, rule: memberPolicy.create }, async (tx) => {
        const errors: FieldErrors = {}
        if (input.organisationId) {
          const org = await organisations.find(tx, partnershipId, input.organisationId)
          if (!org || org.archivedAt) errors.organisationId = 'Choose an organisation from the list'
        }
        const existing = await auth.findUserByEmail(tx, email)
        if (existing && (await findActiveMembership(tx, partnershipId, existing.id)))
          errors.email = `${email} already has a role in this partnership`
        else if (await q.findPending(tx, partnershipId, email))
          errors.email = `${email} has already been invited: withdraw that invitation first to change it`
        if (Object.keys(errors).length) throw validationError(errors)
        if (!existing)
          await users.ensureUserIn(tx, actor, { email, name: input.name, password: input.password })
        const row = await q.insertInvitation(tx, {
          partnershipId,
          email,
          role: input.role,
          organisationId: input.organisationId ?? null,
          invitedBy: actor.userId,
        })
        return {
          result: { ...row, invitedByName: actor.kind === 'user' ? actor.label : null },
          audit: { entityType, entityId: row.id, action: 'create', after: audited(row) },
        }
      })
    },

    /** Withdraw a pending invitation (administrators). */
    withdraw: (actor: Actor, partnershipId: string, id: string) =>
      mutate(db, actor, { partnershipId, rule: memberPolicy.archive }, async (tx) => {
        const before = await q.findPendingById(tx, partnershipId, id)
        if (!before) throw notFound('Invitation')
        const row = await q.closeInvitation(tx, id, { archivedAt: deps.clock() })
        if (!row) throw notFound('Invitation')
        return {
          result: row,
          audit: {
            entityType,
            entityId: id,
            action: 'archive',
            before: audited(before),
            after: audited(row),
          },
        }
      }),

    /** The signed-in user's pending invitations (matched by their account's email). */
    async listMine(actor: Actor) {
      if (actor.kind !== 'user') return []
      const user = await emailOf(actor)
      return q.listPendingFor(db, user.email.toLowerCase())
    },

    /**
     * Accept: become a member in the role offered, linked to the partnership's person with that
     * email. Two records change (the invitation, and the new membership), each audited.
     */
    async accept(actor: Actor, id: string) {
      const { user, invitation } = await mine(actor, id)
      return db.transaction(async (tx) => {
        const row = await q.closeInvitation(tx, id, { acceptedAt: deps.clock() })
        if (!row) throw notFound('Invitation')
        const pid = row.partnershipId
        const already = await findActiveMembership(tx, pid, user.id)
        let organisationId = row.organisationId
        if (organisationId) {
          const org = await organisations.find(tx, pid, organisationId)
          if (!org || org.archivedAt) organisationId = null
        }
        const membership =
          already ??
          (await insertMembership(tx, {
            userId: user.id,
            partnershipId: pid,
            role: row.role,
            organisationId,
          }))
        await audit(tx, actor, [
          {
            partnershipId: pid,
            entityType: 'invitation',
            entityId: id,
            action: 'accept',
            before: audited({ ...row, acceptedAt: null }),
            after: { ...audited(row), membershipId: membership.id },
          },
          ...(already
            ? []
            : [
                {
                  partnershipId: pid,
                  entityType: 'membership',
                  entityId: membership.id,
                  action: 'create',
                  after: membership,
                },
              ]),
        ])
        if (!already) await users.linkPersonIn(tx, actor, pid, user, organisationId)
        return { invitation: { ...invitation, acceptedAt: row.acceptedAt }, membership }
      })
    },

    /** Decline: the invitation is closed, as answered, in its partnership's audit trail. */
    async decline(actor: Actor, id: string) {
      const { invitation } = await mine(actor, id)
      return mutate(db, actor, { partnershipId: invitation.partnershipId }, async (tx) => {
        const row = await q.closeInvitation(tx, id, { declinedAt: deps.clock() })
        if (!row) throw notFound('Invitation')
        return {
          result: { ...invitation, declinedAt: row.declinedAt },
          audit: {
            partnershipId: row.partnershipId,
            entityType,
            entityId: id,
            action: 'decline',
            before: audited({ ...row, declinedAt: null }),
            after: audited(row),
          },
        }
      })
    },
  }
}

export type InvitationsService = ReturnType<typeof createInvitationsService>
