import type { Db, DbOrTx } from '../../db/client.ts'
import { conflict, forbidden, notFound, validationError, type FieldErrors } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { audit } from '../audit/audit.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import type { AuthService } from '../auth/auth.service.ts'
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.ts'
import { authorize } from '../auth/policy.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import * as iq from './invitations.queries.ts'
import * as q from './users.queries.ts'
import { memberPolicy } from './users.policy.ts'
import type { MemberInput, MemberUpdate } from './users.schema.ts'

export type { MemberRow } from './users.queries.ts'

export interface NewUser {
  email: string
  name: string
  password?: string | undefined
  isSystemAdmin?: boolean
}

export function createUsersService(
  db: Db,
  deps: { clock: Clock; auth: AuthService; organisations: OrganisationsService; people: PeopleService },
) {
  const { auth, organisations, people } = deps

  async function checkOrganisation(
    tx: DbOrTx,
    partnershipId: string,
    organisationId: string | null | undefined,
  ) {
    if (!organisationId) return
    const org = await organisations.find(tx, partnershipId, organisationId)
    if (!org || org.archivedAt)
      throw validationError({ organisationId: 'Choose an organisation from the list' })
  }

  /** A new account's row (the address has none yet), inside a caller's transaction; not audited. */
  async function insertUser(tx: DbOrTx, input: NewUser) {
    if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH)
      throw validationError({ password: `Password must be ${MIN_PASSWORD_LENGTH} characters or more` })
    return q.insertUser(tx, {
      email: input.email,
      name: input.name,
      passwordHash: input.password ? await hashPassword(input.password) : null,
      passwordChangedAt: input.password ? deps.clock() : null,
      isSystemAdmin: input.isSystemAdmin ?? false,
    })
  }

  /** Find a user by email or create one (inside a caller's transaction). */
  async function ensureUser(tx: DbOrTx, actor: Actor, input: NewUser) {
    const existing = await auth.findUserByEmail(tx, input.email)
    if (existing) return { user: existing, created: false }
    const user = await insertUser(tx, input)
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
  const linkPerson = (
    tx: DbOrTx,
    actor: Actor,
    partnershipId: string,
    user: { id: string; email: string; name: string },
    organisationId: string | null,
  ) => people.linkUser(tx, actor, partnershipId, user, organisationId)

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
      const org = await organisations.find(tx, partnershipId, input.organisationId)
      if (!org || org.archivedAt) errors.organisationId = 'Choose an organisation from the list'
    }
    const existing = await auth.findUserByEmail(tx, input.email)
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

    /** For another module's use-case (it has authorised): one live membership with its user, or undefined. */
    findMember: (tx: DbOrTx, partnershipId: string, membershipId: string) =>
      q.findMember(tx, partnershipId, membershipId),

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

    /**
     * For another module's use-case inside its transaction (it has authorised; the People sheet):
     * the role here of the user with this email, or undefined when they have none.
     */
    async findRole(tx: DbOrTx, partnershipId: string, email: string) {
      const user = await auth.findUserByEmail(tx, email)
      return user ? (await q.findActiveMembership(tx, partnershipId, user.id))?.role : undefined
    },

    /** For another module's use-case inside its transaction (it has authorised): the partnership's members. */
    findMembers: (tx: DbOrTx, partnershipId: string) => q.listMembers(tx, partnershipId),

    /** Change someone's role or organisation. An administrator cannot demote themselves. */
    async updateMember(actor: Actor, partnershipId: string, membershipId: string, input: MemberUpdate) {
      authorize(memberPolicy.update, actor, partnershipId)
      const before = await getMember(actor, partnershipId, membershipId)
      if (before.userId === actor.userId && before.role === 'admin' && input.role !== 'admin')
        throw validationError({ role: 'You cannot remove your own administrator role' })
      return mutate(db, actor, { partnershipId }, async (tx) => {
        await checkOrganisation(tx, partnershipId, input.organisationId)
        const row = await q.updateMembership(tx, membershipId, {
          role: input.role,
          organisationId: input.organisationId ?? null,
        })
        return {
          result: (await q.findMember(tx, partnershipId, membershipId))!,
          audit: { entityType: 'membership', entityId: membershipId, action: 'update', before, after: row },
        }
      })
    },

    /** Remove someone's access (archive the membership). Their account and history stay. */
    async removeMember(actor: Actor, partnershipId: string, membershipId: string) {
      authorize(memberPolicy.archive, actor, partnershipId)
      const before = await getMember(actor, partnershipId, membershipId)
      if (before.userId === actor.userId)
        throw validationError({ _form: 'You cannot remove your own access' })
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const row = await q.updateMembership(tx, membershipId, { archivedAt: deps.clock() })
        return {
          result: (await q.findMember(tx, partnershipId, membershipId, { includeArchived: true }))!,
          audit: { entityType: 'membership', entityId: membershipId, action: 'archive', before, after: row },
        }
      })
    },

    /** Create a user account outright (CLI, demo). Only the system may do this without a partnership. */
    async createUser(actor: Actor, input: NewUser) {
      if (actor.kind !== 'system') throw forbidden()
      return mutate(db, actor, { partnershipId: null }, async (tx) => {
        if (await auth.findUserByEmail(tx, input.email))
          throw conflict(`A user with email ${input.email} already exists`, {
            email: 'That email address is already used',
          })
        const user = await insertUser(tx, input)
        return {
          result: user,
          audit: { entityType: 'user', entityId: user.id, action: 'create', after: user },
        }
      })
    },

    /** Let a user create top-level partnerships. System actor only (CLI, demo). */
    async makeSystemAdmin(actor: Actor, email: string) {
      if (actor.kind !== 'system') throw forbidden()
      const user = await auth.findUserByEmail(db, email)
      if (!user) throw notFound('User')
      if (user.isSystemAdmin) return user
      return mutate(db, actor, { partnershipId: null }, async (tx) => {
        const row = await q.updateUser(tx, user.id, { isSystemAdmin: true })
        return {
          result: row,
          audit: { entityType: 'user', entityId: user.id, action: 'update', before: user, after: row },
        }
      })
    },

    findByEmail: (email: string) => auth.findUserByEmail(db, email),
  }
}

export type UsersService = ReturnType<typeof createUsersService>
