import type { Role } from './roles.ts'

/** Who is acting. Services take an actor and check policies against it. */
export interface Actor {
  kind: 'user' | 'anonymous' | 'system'
  userId: string | null
  /** Shown in the audit trail. */
  label: string
  isSystemAdmin: boolean
  /** partnershipId → role */
  roles: ReadonlyMap<string, Role>
  /** partnershipId → organisation the user acts for there (data providers) */
  organisations?: ReadonlyMap<string, string | null>
  requestId?: string
  /** Acting through an API token: its id, access and partnership (null: every one of the user's). */
  token?: { id: string; access: 'read' | 'write'; partnershipId: string | null }
}

export const anonymous: Actor = {
  kind: 'anonymous',
  userId: null,
  label: 'anonymous',
  isSystemAdmin: false,
  roles: new Map(),
}

/** The CLI and start-up jobs act as the system: allowed everything, audited by label. */
export const systemActor = (label = 'system'): Actor => ({
  kind: 'system',
  userId: null,
  label,
  isSystemAdmin: true,
  roles: new Map(),
})

export const roleIn = (actor: Actor, partnershipId: string): Role | undefined =>
  actor.roles.get(partnershipId)
