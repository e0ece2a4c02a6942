import type { Actor } from '../auth/actor.ts'
import { member, roles } from '../auth/policy.ts'

export const partnershipPolicy = {
  read: member,
  update: roles('admin'),
  archive: roles('admin'),
  /** A child partnership (district LSP, thematic board) is created by an admin of its parent. */
  createChild: roles('admin'),
}

/** Top-level partnerships are created by system administrators (and the CLI). */
export const canCreateTopLevel = (actor: Actor) => actor.kind === 'system' || actor.isSystemAdmin
