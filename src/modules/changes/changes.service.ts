/**
 * The changes feed a partner's system polls: approved values (the values module) and stored
 * status assessments (the assessments module) of one partnership, merged in time order. A
 * position in it is a cursor: base64url of [time to the microsecond, kind, key], where a status
 * ('a') sorts before a value ('v') at the same moment, and the key (a row's own) breaks ties, so
 * a page starts exactly where the last one ended. Each module is read through its service, which
 * checks the actor may read it. A page stops before the oldest transaction still open on the
 * database began (`audit.settledBefore`): rows are stamped when written but seen when committed,
 * so without that a long import committing after a poll would land behind the cursor given out.
 */
import { badRequest } from '../../errors.ts'
import type { Actor } from '../auth/actor.ts'
import { isStoredKey, type AssessmentsService, type StoredSince } from '../assessments/assessments.service.ts'
import { isApprovedKey, type ApprovedVersion, type ValuesService } from '../values/values.service.ts'
import type { AuditService } from '../audit/audit.service.ts'

type Kind = 'a' | 'v'

export interface Position {
  at: string
  kind: Kind
  key: string
}

export type Change =
  | { kind: 'v'; position: Position; cursor: string; version: ApprovedVersion }
  | { kind: 'a'; position: Position; cursor: string; stored: StoredSince }

const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/

export const encodeCursor = (p: Position) =>
  Buffer.from(JSON.stringify([p.at, p.kind, p.key])).toString('base64url')

const badCursor = () =>
  badRequest('The `since` cursor is not one this feed gave', {
    since: 'Give the `cursor` of a change, or the `next` link, exactly as the feed returned it',
  })

/** A cursor back into a position, or 400 naming `since`. */
export function decodeCursor(text: string): Position {
  let parsed: unknown
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) throw badCursor()
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
  } catch {
    throw badCursor()
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw badCursor()
  const [at, kind, key] = parsed as unknown[]
  if (typeof at !== 'string' || !AT.test(at) || Number.isNaN(Date.parse(at))) throw badCursor()
  if (kind === 'v' && typeof key === 'string' && isApprovedKey(key)) return { at, kind, key }
  if (kind === 'a' && typeof key === 'string' && isStoredKey(key)) return { at, kind, key }
  throw badCursor()
}

const order = (x: Position, y: Position) =>
  x.at !== y.at
    ? x.at < y.at
      ? -1
      : 1
    : x.kind !== y.kind
      ? x.kind < y.kind
        ? -1
        : 1
      : x.key < y.key
        ? -1
        : x.key > y.key
          ? 1
          : 0

export function createChangesService(deps: {
  values: ValuesService
  assessments: AssessmentsService
  audit: Pick<AuditService, 'settledBefore'>
}) {
  return {
    /**
     * Up to `limit` changes after the cursor (from the start without one), oldest first, and
     * whether more are waiting. Each source is read up to `limit + 1` after the same position and
     * the two merged, so a page is never short while changes remain.
     */
    async after(actor: Actor, partnershipId: string, since: string | undefined, limit: number) {
      const from = since ? decodeCursor(since) : undefined
      // A status sorts before a value at the same moment: after a value, the statuses of that
      // moment are behind; after a status, the values of that moment are all still to come.
      const valuesAfter =
        from && (from.kind === 'v' ? { at: from.at, key: from.key } : { at: from.at, includeAt: true })
      const statusesAfter = from && (from.kind === 'a' ? { at: from.at, key: from.key } : { at: from.at })
      // Only changes from before every transaction still open began: one that commits later
      // cannot then land behind a cursor already given out. Read once, for both sources.
      const before = await deps.audit.settledBefore()
      const [versions, stored] = await Promise.all([
        deps.values.approvedAfter(actor, partnershipId, valuesAfter, limit + 1, before),
        deps.assessments.storedAfter(actor, partnershipId, statusesAfter, limit + 1, before),
      ])
      const all: Change[] = [
        ...versions.map((version) => {
          const position: Position = { at: version.at, kind: 'v', key: version.key }
          return { kind: 'v' as const, position, cursor: encodeCursor(position), version }
        }),
        ...stored.map((row) => {
          const position: Position = { at: row.at, kind: 'a', key: row.key }
          return { kind: 'a' as const, position, cursor: encodeCursor(position), stored: row }
        }),
      ].sort((x, y) => order(x.position, y.position))
      const page = all.slice(0, limit)
      return { changes: page, more: all.length > limit, cursor: page.at(-1)?.cursor ?? since ?? null }
    },
  }
}

export type ChangesService = ReturnType<typeof createChangesService>
