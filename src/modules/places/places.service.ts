import crypto from 'node:crypto'
import type { Db, DbOrTx } from '../../db/client.ts'
import { AppError, notFound, validationError, type FieldErrors } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { audit, type AuditEntry } from '../audit/audit.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import * as q from './places.queries.ts'
import { placePolicy } from './places.policy.ts'
import { aPlaceType, parentKindsOf, placeRank, type PlaceInput } from './places.schema.ts'

export type { PlaceRow, PlaceUser } from './places.queries.ts'

/**
 * Check a place against the hierarchy: a unique GSS code, a parent that exists and is of a
 * higher kind, no cycle, and (when changing a place) children that stay of a lower kind.
 * Returns field errors (empty when fine) and the parent row.
 */
export async function checkPlace(db: DbOrTx, input: PlaceInput, selfId?: string) {
  const errors: FieldErrors = {}
  const clash = await q.findPlaceByGss(db, input.gssCode)
  if (clash && clash.id !== selfId)
    errors.gssCode = `GSS code ${input.gssCode} is already used by ${clash.name}`
  let parent: q.PlaceRow | undefined
  if (input.parentId) {
    parent = await q.findPlace(db, input.parentId)
    if (!parent || parent.archivedAt) errors.parentId = 'Choose the parent place from the list'
    else if (selfId && (parent.id === selfId || parent.path.includes(`/${selfId}/`)))
      errors.parentId = 'A place cannot be inside itself or one of the places inside it'
    else if (input.type === 'area')
      errors.parentId = 'An area is the top of the hierarchy: leave the parent blank'
    else if (placeRank(parent.type) >= placeRank(input.type))
      errors.parentId = `${cap(aPlaceType(input.type))} cannot be inside ${aPlaceType(parent.type)}: choose ${parentKindsOf(input.type)}`
  } else if (input.type === 'neighbourhood') {
    errors.parentId = 'Choose the area or district this neighbourhood is in'
  }
  if (selfId) {
    // Changing a place's kind must leave everything inside it of a lower kind.
    const blocking = (await q.listChildren(db, selfId)).find(
      (c) => placeRank(c.type) <= placeRank(input.type),
    )
    if (blocking)
      errors.type = `${blocking.name} (${blocking.type}) is inside this place, so it cannot be ${aPlaceType(input.type)}: move it first`
  }
  return { errors, parent }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/**
 * Places are shared: one that another partnership uses (`partnershipsUsingPlace`) is read-only
 * to everyone but a system administrator (and the command line, which acts as the system).
 */
export const mayChangeShared = (actor: Actor) => actor.kind === 'system' || actor.isSystemAdmin

/** "A", "A and B", "A, B and C". */
export const partnershipNames = (users: q.PlaceUser[]) => {
  const names = users.map((u) => u.name)
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '')
}

/** Why a place cannot be changed (or archived) from this partnership. */
export function sharedPlaceReason(
  place: { name: string; gssCode: string },
  users: q.PlaceUser[],
  verb = 'change',
) {
  return `${place.name} (${place.gssCode}) is also used by ${partnershipNames(users)}, so only a system administrator can ${verb} it`
}

/** Refused: 403 with the reason, also as a form error so pages show it in the error summary. */
const placeInUse = (message: string) => new AppError('place_in_use', 403, message, { _form: message })

/** Whether saving `input` would leave the place exactly as it is. */
export const samePlace = (before: q.PlaceRow, input: PlaceInput, parentId: string | null) =>
  before.gssCode === input.gssCode &&
  before.name === input.name &&
  before.type === input.type &&
  before.priority === input.priority &&
  before.parentId === parentId

/** One audit row in the acting partnership and one in every other partnership that uses the place. */
const everywhere = (partnershipId: string, others: q.PlaceUser[], entry: Omit<AuditEntry, 'partnershipId'>) =>
  [partnershipId, ...others.map((o) => o.id)].map((id) => ({ ...entry, partnershipId: id }))

/** The new place's row, under its parent, once checks have passed. */
async function insertRow(tx: DbOrTx, input: PlaceInput, parent?: q.PlaceRow) {
  const id = crypto.randomUUID()
  return q.insertPlace(tx, {
    id,
    gssCode: input.gssCode,
    name: input.name,
    type: input.type,
    parentId: parent?.id ?? null,
    priority: input.priority,
    path: `${parent?.path ?? '/'}${id}/`,
    depth: parent ? parent.depth + 1 : 0,
  })
}

/**
 * Insert a place in the caller's transaction after checks have passed, audited. Module-internal:
 * the caller (the Places sheet's importer) has authorised.
 */
export async function insertChecked(
  tx: DbOrTx,
  actor: Actor,
  partnershipId: string,
  input: PlaceInput,
  parent?: q.PlaceRow,
) {
  const row = await insertRow(tx, input, parent)
  await audit(tx, actor, {
    partnershipId,
    entityType: 'place',
    entityId: row.id,
    action: 'create',
    after: row,
  })
  return row
}

/**
 * Update a place in the caller's transaction after checks have passed, moving its subtree if
 * needed. Module-internal: the caller (the service's update, the Places sheet's importer) has
 * authorised; a place another partnership uses is still refused unless the actor may change it.
 */
export async function updateChecked(
  tx: DbOrTx,
  actor: Actor,
  partnershipId: string,
  before: q.PlaceRow,
  input: PlaceInput,
  parent?: q.PlaceRow,
  /** Who else uses the place, when the caller has just asked. */
  users?: q.PlaceUser[],
) {
  const others = users ?? (await q.partnershipsUsingPlace(tx, before, partnershipId))
  if (others.length && !mayChangeShared(actor)) throw placeInUse(sharedPlaceReason(before, others))
  const path = `${parent?.path ?? '/'}${before.id}/`
  const depth = parent ? parent.depth + 1 : 0
  if (path !== before.path) await q.movePlaceSubtree(tx, before.path, path, depth - before.depth)
  const row = await q.updatePlace(tx, before.id, {
    gssCode: input.gssCode,
    name: input.name,
    type: input.type,
    parentId: parent?.id ?? null,
    priority: input.priority,
    path,
    depth,
  })
  await audit(
    tx,
    actor,
    everywhere(partnershipId, others, {
      entityType: 'place',
      entityId: row.id,
      action: 'update',
      before,
      after: row,
    }),
  )
  return row
}

export function createPlacesService(db: Db, deps: { clock: Clock }) {
  async function get(actor: Actor, partnershipId: string, id: string) {
    authorize(placePolicy.read, actor, partnershipId)
    const row = await q.findPlace(db, id)
    if (!row) throw notFound('Place')
    return row
  }

  return {
    async list(actor: Actor, partnershipId: string, opts: { includeArchived?: boolean } = {}) {
      authorize(placePolicy.read, actor, partnershipId)
      return q.listPlaces(db, opts)
    },

    get,

    /** The places directly inside a place. */
    async children(
      actor: Actor,
      partnershipId: string,
      id: string,
      opts: { includeArchived?: boolean } = {},
    ) {
      authorize(placePolicy.read, actor, partnershipId)
      return q.listChildren(db, id, opts)
    },

    /**
     * Who else uses a place, and whether this actor may change it all the same: for the pages,
     * which show a place in use elsewhere read-only, with why.
     */
    async sharing(actor: Actor, partnershipId: string, place: q.PlaceRow) {
      authorize(placePolicy.read, actor, partnershipId)
      const others = await q.partnershipsUsingPlace(db, place, partnershipId)
      return { others, mayChange: !others.length || mayChangeShared(actor) }
    },

    create: (actor: Actor, partnershipId: string, input: PlaceInput) =>
      mutate(db, actor, { partnershipId, rule: placePolicy.create }, async (tx) => {
        const { errors, parent } = await checkPlace(tx, input)
        if (Object.keys(errors).length) throw validationError(errors)
        const row = await insertRow(tx, input, parent)
        return { result: row, audit: { entityType: 'place', entityId: row.id, action: 'create', after: row } }
      }),

    /*
     * A change to a place is audited in every partnership that uses it (`everywhere`), so update
     * and archive write their rows themselves rather than through mutate's one event.
     */

    async update(actor: Actor, partnershipId: string, id: string, input: PlaceInput) {
      authorize(placePolicy.update, actor, partnershipId)
      await get(actor, partnershipId, id)
      return db.transaction(async (tx) => {
        // Read again inside the transaction: the subtree move works from the current path.
        const before = (await q.findPlace(tx, id))!
        // Saving a place as it is changes nothing, even one that is read-only here.
        if (samePlace(before, input, input.parentId ?? null)) return before
        const others = await q.partnershipsUsingPlace(tx, before, partnershipId)
        if (others.length && !mayChangeShared(actor)) throw placeInUse(sharedPlaceReason(before, others))
        const { errors, parent } = await checkPlace(tx, input, id)
        if (Object.keys(errors).length) throw validationError(errors)
        return updateChecked(tx, actor, partnershipId, before, input, parent, others)
      })
    },

    async archive(actor: Actor, partnershipId: string, id: string) {
      authorize(placePolicy.archive, actor, partnershipId)
      const before = await get(actor, partnershipId, id)
      if (before.archivedAt) return before
      return db.transaction(async (tx) => {
        const others = await q.partnershipsUsingPlace(tx, before, partnershipId)
        if (others.length && !mayChangeShared(actor))
          throw placeInUse(
            `${before.name} cannot be archived: ${sharedPlaceReason(before, others, 'archive')}`,
          )
        const children = await q.countActiveChildren(tx, id)
        if (children > 0)
          throw validationError({
            _form: `${before.name} cannot be archived: it has ${children} place${children === 1 ? '' : 's'} inside it. Archive or move ${children === 1 ? 'it' : 'them'} first`,
          })
        const row = await q.updatePlace(tx, id, { archivedAt: deps.clock() })
        await audit(
          tx,
          actor,
          everywhere(partnershipId, others, {
            entityType: 'place',
            entityId: id,
            action: 'archive',
            before,
            after: row,
          }),
        )
        return row
      })
    },

    findByGss: (gss: string) => q.findPlaceByGss(db, gss),

    /** For another module's use-case inside its transaction (it has authorised): a place by id, or undefined. */
    find: (tx: DbOrTx, id: string) => q.findPlace(tx, id),

    /** For another module's use-case inside its transaction (it has authorised): a place by GSS code, or undefined. */
    findByCode: (tx: DbOrTx, gss: string) => q.findPlaceByGss(tx, gss),
  }
}

export type PlacesService = ReturnType<typeof createPlacesService>
