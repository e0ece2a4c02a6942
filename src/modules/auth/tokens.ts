/**
 * What an API token reaches: one partnership of its user or all of them, read or write, until a
 * day or until revoked. Checked when a token is created (the form's fields, named) and applied
 * every time it is used: an expired token is refused (401), a scoped one acts as its user in its
 * partnership only (another partnership is not found, as for a non-member), and a read token is
 * refused every change by the API scope's hook (src/plugins/context.ts).
 */
import { AppError, validationError, type FieldErrors } from '../../errors.ts'
import { ukDate } from '../../lib/clock.ts'
import { parseAsAt } from '../../periods/index.ts'
import type { Actor } from './actor.ts'

export const tokenAccesses = ['read', 'write'] as const
export type TokenAccess = (typeof tokenAccesses)[number]

/** How long a token lasts unless its creator chooses, and the longest they may choose. */
export const DEFAULT_TOKEN_DAYS = 90
export const MAX_TOKEN_DAYS = 365

/** A token's scope as asked for: the partnership (null: all of the user's), access and last day. */
export interface TokenScopeInput {
  partnershipId?: string | null
  /** read | write; anything else is refused, naming `access`. */
  access?: string
  /** The last day the token works (YYYY-MM-DD, UK time); null: until revoked (system use only). */
  expiresOn?: string | null
}

/** A token's scope as stored. */
export interface TokenScope {
  partnershipId: string | null
  access: TokenAccess
  expiresAt: Date | null
}

/** The day `days` after `day` (both YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** The default last day of a token created now. */
export const defaultExpiry = (now: Date) => addDays(ukDate(now), DEFAULT_TOKEN_DAYS)

/**
 * Check a scope against the user's partnerships and today: an unknown partnership, an access
 * other than read or write, or a last day not after today or more than a year away is refused,
 * naming the field (`partnershipId`, `access`, `expiresOn`).
 */
export function checkTokenScope(
  input: TokenScopeInput,
  ctx: { now: Date; partnershipIds: readonly string[]; mayBeEndless: boolean },
): TokenScope {
  const errors: FieldErrors = {}
  const partnershipId = input.partnershipId || null
  if (partnershipId && !ctx.partnershipIds.includes(partnershipId))
    errors.partnershipId = 'Choose one of your partnerships, or all of them'
  const access = input.access ?? 'write'
  if (!tokenAccesses.includes(access as TokenAccess)) errors.access = 'Choose read only or read and write'
  let expiresAt: Date | null = null
  const day = input.expiresOn?.trim()
  if (!day) {
    if (!ctx.mayBeEndless) errors.expiresOn = 'Enter the last day the token works'
  } else if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
    errors.expiresOn = 'The last day must be a real date, like 2027-03-31'
  } else {
    const today = ukDate(ctx.now)
    const latest = addDays(today, MAX_TOKEN_DAYS)
    try {
      expiresAt = parseAsAt(day)
      if (day <= today) errors.expiresOn = 'The last day must be after today'
      else if (day > latest) errors.expiresOn = `The last day must be within a year: ${latest} at the latest`
    } catch {
      errors.expiresOn = 'The last day must be a real date, like 2027-03-31'
    }
  }
  if (Object.keys(errors).length) throw validationError(errors, 'The token’s details are not right')
  return { partnershipId, access: access as TokenAccess, expiresAt }
}

export const tokenExpired = (at: Date) =>
  new AppError(
    'token_expired',
    401,
    `The API token expired at ${at.toISOString()}: create a new one on your account page`,
  )

export const tokenReadOnly = () =>
  new AppError(
    'token_read_only',
    403,
    'This API token may only read: use a read and write token to make changes',
  )

/** The actor a token acts as: its user, narrowed to the token's partnership, carrying its access. */
export function scopeActor(
  actor: Actor,
  token: { id: string; partnershipId: string | null; access: string },
): Actor {
  const access: TokenAccess = token.access === 'read' ? 'read' : 'write'
  const scoped = { ...actor, token: { id: token.id, access, partnershipId: token.partnershipId } }
  const only = token.partnershipId
  if (!only) return scoped
  const keep = <V>(m: ReadonlyMap<string, V> | undefined) =>
    new Map([...(m ?? new Map<string, V>())].filter(([id]) => id === only))
  // Reaches one partnership: nothing of the user's elsewhere, nor system-wide powers.
  return {
    ...scoped,
    roles: keep(actor.roles),
    organisations: keep(actor.organisations),
    isSystemAdmin: false,
  }
}

/** Whether a request method changes anything (a read token may only GET or HEAD). */
export const changes = (method: string) => method !== 'GET' && method !== 'HEAD'
