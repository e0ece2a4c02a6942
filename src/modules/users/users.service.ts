import type { Db, DbOrTx } from '../../db/client.ts'
import { conflict, forbidden, notFound, validationError, type FieldErrors } from '../../errors.ts'
import { audit } from '../audit/audit.ts'
import type { Actor } from '../auth/actor.ts'
import { findUserByEmail } from '../auth/auth.queries.ts'
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.ts'
import { authorize } from '../auth/policy.ts'
import { findOrganisation } from '../organisations/organisations.queries.ts'
import { findPersonByEmail, insertPerson, updatePerson } from '../people/people.queries.ts'
import * as iq from './invitations.queries.ts'
import * as q from './users.queries.ts'
import { memberPolicy } from './users.policy.ts'
import type { MemberInput, MemberUpdate } from './users.schema.ts'

export interface NewUser {
  email: string
  name: string
  password?: string | undefined
  isSystemAdmin?: boolean
}

export function createUsersService(db: Db) {
  async function checkOrganisation(
    tx: DbOrTx,
    partnershipId: string,
    organisationId: string | null | undefined,
  ) {
    if (!organisationId) return
    const org = await findOrganisation(tx, partnershipId, organisationId)
    if (!org || org.archivedAt)
      throw validationError({ organisationId: 'Choose an organisation from the list' })
  }

  /** Find a user by email or create one (inside a caller's transaction). */
  async function ensureUser(tx: DbOrTx, actor: Actor, input: NewUser) {
    const existing = await findUserByEmail(tx, input.email)
    if (existing) return { user: existing, created: false }
    if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH)
      throw validationError({ password: `Password must be ${MIN_PASSWORD_LENGTH} characters or more` })
    const user = await q.insertUser(tx, {
      email: input.email,
      name: input.name,
      passwordHash: input.password ? await hashPassword(input.password) : null,
      passwordChangedAt: input.password ? new Date() : null,
      isSystemAdmin: input.isSystemAdmin ?? false,
    })
    await audit(tx, actor, {
      partnershipId: null,
      entityType: 'user',
      entityId: user.id,
      action: 'create',
      after: user,
    })
    return { user, created: true }
  }

  /** Link the user to the partnership's person with that email, creating the person if needed. */
  async function linkPerson(
    tx: DbOrTx,
    actor: Actor,
    partnershipId: string,
    user: { id: string; email: string; name: string },
    organisationId: string | null,
  ) {
    const person = await findPersonByEmail(tx, partnershipId, user.email)
    if (!person) {
      const row = await insertPerson(tx, {
        partnershipId,
        name: user.name,
        email: user.email,
        organisationId,
        userId: user.id,
      })
      await audit(tx, actor, {
        partnershipId,
        entityType: 'person',
        entityId: row.id,
        action: 'create',
        after: row,
      })
    } else if (person.userId !== user.id) {
      const row = await updatePerson(tx, person.id, { userId: user.id })
      await audit(tx, actor, {
        partnershipId,
        entityType: 'person',
        entityId: row.id,
        action: 'update',
        before: person,
        after: row,
      })
    }
  }

  /**
   * Give someone a role in a partnership, creating their account if they have none. Every
   * problem (organisation, existing role, password) is reported at once, before anything is written.
   */
  async function addMemberIn(
    tx: DbOrTx,
    actor: Actor,
    partnershipId: string,
    input: MemberInput & { password?: string | undefined },
  ) {
    const errors: FieldErrors = {}
    if (input.organisationId) {
      const org = await findOrganisation(tx, partnershipId, input.organisationId)
      if (!org || org.archivedAt) errors.organisationId = 'Choose an organisation from the list'
    }
    const existing = await findUserByEmail(tx, input.email)
    if (existing && (await q.findActiveMembership(tx, partnershipId, existing.id)))
      errors.email = `${existing.email} already has a role in this partnership`
    if (!existing && input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH)
      errors.password = `Password must be ${MIN_PASSWORD_LENGTH} characters or more`
    if (Object.keys(errors).length) throw validationError(errors)
    // Someone else's existing account joins only if they accept (see invitations.service): a
    // person's role from a People import, say, waits as an invitation. The system (command
    // line, demo) acts for whoever runs the server and adds members directly.
    if (existing && actor.kind !== 'system' && existing.id !== actor.userId)
      return {
        invited: true as const,
        invitation: await inviteExistingIn(tx, actor, partnershipId, existing.email, input),
      }
    const { user, created } = await ensureUser(tx, actor, input)
    const m = await q.insertMembership(tx, {
      userId: user.id,
      partnershipId,
      role: input.role,
      organisationId: input.organisationId ?? null,
    })
    await audit(tx, actor, {
      partnershipId,
      entityType: 'membership',
      entityId: m.id,
      action: 'create',
      after: m,
    })
    await linkPerson(tx, actor, partnershipId, user, input.organisationId ?? null)
    return { invited: false as const, membership: m, user, created }
  }

  /** A pending invitation for an existing account (unless one is already waiting), audited. */
  async function inviteExistingIn(
    tx: DbOrTx,
    actor: Actor,
    partnershipId: string,
    email: string,
    input: MemberInput,
  ) {
    const address = email.toLowerCase()
    const waiting = await iq.findPending(tx, partnershipId, address)
    if (waiting) return waiting
    const row = await iq.insertInvitation(tx, {
      partnershipId,
      email: address,
      role: input.role,
      organisationId: input.organisationId ?? null,
      invitedBy: actor.userId,
    })
    await audit(tx, actor, {
      partnershipId,
      entityType: 'invitation',
      entityId: row.id,
      action: 'create',
      after: { email: row.email, role: row.role, organisationId: row.organisationId },
    })
    return row
  }

  async function getMember(actor: Actor, partnershipId: string, membershipId: string) {
    authorize(memberPolicy.read, actor, partnershipId)
    const row = await q.findMember(db, partnershipId, membershipId)
    if (!row) throw notFound('User')
    return row
  }

  return {
    async listMembers(actor: Actor, partnershipId: string) {
      authorize(memberPolicy.read, actor, partnershipId)
      return q.listMembers(db, partnershipId)
    },

    getMember,

    /**
     * Give someone a role directly, for the system (command line, demo, tests); administrators
     * invite instead (invitations.service). `created` says whether a new account was made (else
     * the password was ignored).
     */
    async addMember(
      actor: Actor,
      partnershipId: string,
      input: MemberInput & { password?: string | undefined },
    ) {
      if (actor.kind !== 'system') throw forbidden()
      return db.transaction(async (tx) => {
        const added = await addMemberIn(tx, actor, partnershipId, input)
        if (added.invited) throw forbidden()
        return added
      })
    },

    addMemberIn,
    /** For invitations: an account for a new address, and its person, inside the caller's transaction. */
    ensureUserIn: ensureUser,
    linkPersonIn: linkPerson,

    /** Change someone's role or organisation. An administrator cannot demote themselves. */
    async updateMember(actor: Actor, partnershipId: string, membershipId: string, input: MemberUpdate) {
      authorize(memberPolicy.update, actor, partnershipId)
      const before = await getMember(actor, partnershipId, membershipId)
      if (before.userId === actor.userId && before.role === 'admin' && input.role !== 'admin')
        throw validationError({ role: 'You cannot remove your own administrator role' })
      return db.transaction(async (tx) => {
        await checkOrganisation(tx, partnershipId, input.organisationId)
        const row = await q.updateMembership(tx, membershipId, {
          role: input.role,
          organisationId: input.organisationId ?? null,
        })
        await audit(tx, actor, {
          partnershipId,
          entityType: 'membership',
          entityId: membershipId,
          action: 'update',
          before,
          after: row,
        })
        return (await q.findMember(tx, partnershipId, membershipId))!
      })
    },

    /** Remove someone's access (archive the membership). Their account and history stay. */
    async removeMember(actor: Actor, partnershipId: string, membershipId: string) {
      authorize(memberPolicy.archive, actor, partnershipId)
      const before = await getMember(actor, partnershipId, membershipId)
      if (before.userId === actor.userId)
        throw validationError({ _form: 'You cannot remove your own access' })
      return db.transaction(async (tx) => {
        const row = await q.updateMembership(tx, membershipId, { archivedAt: new Date() })
        await audit(tx, actor, {
          partnershipId,
          entityType: 'membership',
          entityId: membershipId,
          action: 'archive',
          before,
          after: row,
        })
        return (await q.findMember(tx, partnershipId, membershipId, { includeArchived: true }))!
      })
    },

    /** Create a user account outright (CLI, demo). Only the system may do this without a partnership. */
    async createUser(actor: Actor, input: NewUser) {
      if (actor.kind !== 'system') throw forbidden()
      return db.transaction(async (tx) => {
        const { user, created } = await ensureUser(tx, actor, input)
        if (!created)
          throw conflict(`A user with email ${input.email} already exists`, {
            email: 'That email address is already used',
          })
        return user
      })
    },

    /** Let a user create top-level partnerships. System actor only (CLI, demo). */
    async makeSystemAdmin(actor: Actor, email: string) {
      if (actor.kind !== 'system') throw forbidden()
      const user = await findUserByEmail(db, email)
      if (!user) throw notFound('User')
      if (user.isSystemAdmin) return user
      return db.transaction(async (tx) => {
        const row = await q.updateUser(tx, user.id, { isSystemAdmin: true })
        await audit(tx, actor, {
          partnershipId: null,
          entityType: 'user',
          entityId: user.id,
          action: 'update',
          before: user,
          after: row,
        })
        return row
      })
    },

    findByEmail: (email: string) => findUserByEmail(db, email),
  }
}

export type UsersService = ReturnType<typeof createUsersService>
