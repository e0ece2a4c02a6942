import type { Actor } from '../auth/actor.ts'
import { manager, member, roles, type Rule } from '../auth/policy.ts'

/** Roles that may enter values at all; which organisations they may enter for is `enter`. */
const entering = roles('admin', 'performance_officer', 'data_provider')

/**
 * Who may do what with data values. Entering is per organisation: a data provider enters only
 * for the organisation of their membership in this partnership; managers for any organisation.
 */
export const valuePolicy = {
  read: member,
  /** May open the data-entry pages at all (my returns). */
  enterSome: entering,
  /** Enter (save, submit) a value provided by `organisationId` (null: no responsible organisation). */
  enter(actor: Actor, partnershipId: string, organisationId: string | null): boolean {
    if (manager(actor, partnershipId)) return true
    if (!entering(actor, partnershipId)) return false
    const own = actor.organisations?.get(partnershipId) ?? null
    return own !== null && organisationId !== null && own === organisationId
  },
  /** A value for a place no target asks for and no responsibility covers: admins only. */
  enterOffTarget: roles('admin'),
  approve: manager,
  /** Reopen an approved (locked) value. */
  reopen: roles('admin'),
} satisfies Record<
  string,
  Rule | ((actor: Actor, partnershipId: string, organisationId: string | null) => boolean)
>
