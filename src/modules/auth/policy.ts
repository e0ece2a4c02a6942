import { forbidden } from '../../errors.ts'
import type { Actor } from './actor.ts'
import type { Role } from './roles.ts'

/** A rule answers whether an actor may act in a partnership. Default deny. */
export type Rule = (actor: Actor, partnershipId: string) => boolean

/** Any of these roles in the partnership (the system actor always passes). */
export const roles =
  (...allowed: Role[]): Rule =>
  (actor, partnershipId) => {
    if (actor.kind === 'system') return true
    const r = actor.roles.get(partnershipId)
    return r !== undefined && allowed.includes(r)
  }

/** Any role at all in the partnership. */
export const member: Rule = (actor, partnershipId) =>
  actor.kind === 'system' || actor.roles.has(partnershipId)

export const nobody: Rule = () => false

/** Managers: the roles that set a partnership up. */
export const manager = roles('admin', 'performance_officer')

export type Policy<A extends string> = Record<A, Rule>

/** Throw 403 unless the rule allows. Returns nothing so callers read as guards. */
export function authorize(rule: Rule, actor: Actor, partnershipId: string): void {
  if (!rule(actor, partnershipId)) throw forbidden()
}
