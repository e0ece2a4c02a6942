/**
 * Naming the records an audit page mentions (indicator code, place and GSS code, person,
 * organisation…) instead of their ids: gather every id a page refers to, look them up in one
 * batch per kind (`recordNames`), then label each row from that map.
 */
import type { NameKind } from './audit.queries.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The kind of record an audit event is about, when it can be looked up by its id. */
const entityKinds: Record<string, NameKind> = {
  indicator: 'indicator',
  // A partnership's own settings of a national indicator (who reports it, its lag): named by the indicator.
  partnership_indicator: 'indicator',
  place: 'place',
  organisation: 'organisation',
  user: 'user',
  target: 'target',
  agreement: 'agreement',
  collection_round: 'round',
  data_value: 'value',
  partnership: 'partnership',
}

/** Snapshot fields that hold another record's id, and the kind of that record. */
const fieldKinds: Record<string, NameKind> = {
  indicatorId: 'indicator',
  placeId: 'place',
  areaPlaceId: 'place',
  organisationId: 'organisation',
  responsibleOrganisationId: 'organisation',
  accountableBodyId: 'organisation',
  userId: 'user',
  updatedByUserId: 'user',
  grantedByUserId: 'user',
  createdByUserId: 'user',
  invitedByUserId: 'user',
  targetId: 'target',
  agreementId: 'agreement',
  roundId: 'round',
  valueId: 'value',
  partnershipId: 'partnership',
}

/** `id` is the record itself; `parentId` a parent of the same kind (a place's, a partnership's). */
const kindOfField = (entityType: string, key: string): NameKind | undefined =>
  key === 'id' || key === 'parentId' ? entityKinds[entityType] : fieldKinds[key]

export interface NamedEvent {
  entityType: string
  entityId: string
  before: unknown
  after: unknown
}

const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}

/** Every id a page of events refers to, by kind. */
export function referencedIds(events: readonly NamedEvent[]) {
  const ids = new Map<NameKind, Set<string>>()
  const add = (kind: NameKind | undefined, id: unknown) => {
    if (!kind || typeof id !== 'string' || !UUID.test(id)) return
    const set = ids.get(kind) ?? new Set<string>()
    set.add(id)
    ids.set(kind, set)
  }
  for (const e of events) {
    add(entityKinds[e.entityType], e.entityId)
    for (const snap of [record(e.before), record(e.after)])
      for (const [key, value] of Object.entries(snap)) add(kindOfField(e.entityType, key), value)
  }
  return ids
}

/** What to call the event's record: looked-up name, else a name its snapshot carries, else null. */
export function recordLabel(e: NamedEvent, names: ReadonlyMap<string, string>): string | null {
  const kind = entityKinds[e.entityType]
  const looked = kind ? names.get(`${kind}:${e.entityId}`) : undefined
  if (looked) return looked
  const snap = { ...record(e.before), ...record(e.after) }
  const text = (k: string) => (typeof snap[k] === 'string' && snap[k] !== '' ? snap[k] : null)
  if (e.entityType === 'membership') {
    const who = typeof snap.userId === 'string' ? names.get(`user:${snap.userId}`) : undefined
    if (who) return text('role') ? `${who} (${text('role')!.replace(/_/g, ' ')})` : who
  }
  if (e.entityType === 'round_exception' && text('organisation'))
    return `${text('organisation')}${text('period') ? `, ${text('period')}` : ''}`
  const own = text('code') && text('title') ? `${text('code')} ${text('title')}` : null
  return own ?? text('name') ?? text('title') ?? text('code') ?? text('email') ?? text('period')
}

/** A changed field's value as a person reads it: another record's id becomes its name. */
export function namedValue(
  entityType: string,
  key: string,
  value: unknown,
  names: ReadonlyMap<string, string>,
): unknown {
  const kind = kindOfField(entityType, key)
  if (!kind || typeof value !== 'string') return value
  return names.get(`${kind}:${value}`) ?? value
}
