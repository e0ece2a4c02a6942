import type { Db, DbOrTx } from '../../db/client.ts'
import { conflict, forbidden, notFound, validationError } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { audit } from '../audit/audit.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { Role } from '../auth/roles.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import type { PlacesService } from '../places/places.service.ts'
import { createHash } from 'node:crypto'
import * as q from './partnerships.queries.ts'
import { checkLogo } from './partnerships.logo.ts'
import { canCreateTopLevel, partnershipPolicy } from './partnerships.policy.ts'
import type { PartnershipCreate, PartnershipUpdate, PublicSiteInput } from './partnerships.schema.ts'

export type { PartnershipRow } from './partnerships.queries.ts'

const entityType = 'partnership'

/** What the audit trail keeps of a logo: its type, size and fingerprint, not its bytes. */
const logoRecord = (logo: { data: Buffer; type: string } | undefined) =>
  logo
    ? {
        logo: {
          type: logo.type,
          bytes: logo.data.length,
          sha256: createHash('sha256').update(logo.data).digest('hex'),
        },
      }
    : { logo: null }

/** A partnership as seen by an actor: the row and the actor's role in it. */
export interface PartnershipContext {
  partnership: q.PartnershipRow
  role: Role | null
}

/**
 * Make a place the partnership's area when it has none, inside the caller's transaction, audited:
 * the one `area` place a Places import brings (workbook.md). Returns whether it was set.
 */
export async function adoptAreaIn(tx: DbOrTx, actor: Actor, partnershipId: string, placeId: string) {
  const before = await q.findPartnershipById(tx, partnershipId)
  if (!before || before.areaPlaceId) return false
  const row = await q.updatePartnership(tx, partnershipId, { areaPlaceId: placeId })
  await audit(tx, actor, {
    partnershipId,
    entityType: 'partnership',
    entityId: partnershipId,
    action: 'update',
    before,
    after: row,
  })
  return true
}

/** The partnership's area, read inside the caller's transaction (null when it has none). */
export async function areaOfIn(tx: DbOrTx, partnershipId: string) {
  return (await q.findPartnershipById(tx, partnershipId))?.areaPlaceId ?? null
}

export function createPartnershipsService(
  db: Db,
  deps: { clock: Clock; organisations: OrganisationsService; places: PlacesService },
) {
  const { organisations, places } = deps
  return {
    /** The partnerships an actor belongs to (system administrators see them all). */
    async listForActor(actor: Actor) {
      const rows =
        actor.kind === 'system' || actor.isSystemAdmin
          ? await q.listPartnerships(db)
          : await q.listPartnerships(db, { ids: [...actor.roles.keys()] })
      return rows.map((p) => ({ partnership: p, role: actor.roles.get(p.id) ?? null }))
    },

    /**
     * Resolve a partnership for an actor. Unknown, archived or not visible → 404, so another
     * partnership's existence is not revealed.
     */
    async resolve(
      actor: Actor,
      slug: string,
      /** Rows this request has already read (the actor's memberships): no second query for them. */
      known: readonly { partnership: q.PartnershipRow }[] = [],
    ): Promise<PartnershipContext> {
      const p =
        known.find((k) => k.partnership.slug === slug)?.partnership ??
        (await q.findPartnershipBySlug(db, slug))
      if (!p || p.archivedAt || !partnershipPolicy.read(actor, p.id)) throw notFound('Partnership')
      return { partnership: p, role: actor.roles.get(p.id) ?? null }
    },

    /**
     * A new partnership and, for a signed-in creator, their administrator membership of it: two
     * records, each audited, in one transaction.
     */
    async create(actor: Actor, input: PartnershipCreate) {
      if (input.parentId) {
        const parent = await q.findPartnershipById(db, input.parentId)
        if (!parent || parent.archivedAt)
          throw validationError({ parentId: 'Choose a parent partnership from the list' })
        if (!partnershipPolicy.createChild(actor, parent.id)) throw forbidden()
      } else if (!canCreateTopLevel(actor)) {
        throw forbidden('Only a system administrator can create a top-level partnership')
      }
      if (await q.findPartnershipBySlug(db, input.slug)) {
        throw conflict('That short name is already used', {
          slug: 'That short name is already used by another partnership',
        })
      }
      return db.transaction(async (tx) => {
        const row = await q.insertPartnership(tx, {
          slug: input.slug,
          name: input.name,
          kind: input.kind,
          parentId: input.parentId ?? null,
          description: input.description ?? null,
        })
        await audit(tx, actor, {
          partnershipId: row.id,
          entityType: 'partnership',
          entityId: row.id,
          action: 'create',
          after: row,
        })
        if (actor.userId) {
          const m = await q.insertMembership(tx, {
            userId: actor.userId,
            partnershipId: row.id,
            role: 'admin',
          })
          await audit(tx, actor, {
            partnershipId: row.id,
            entityType: 'membership',
            entityId: m.id,
            action: 'create',
            after: m,
          })
        }
        return row
      })
    },

    async update(actor: Actor, ctx: PartnershipContext, input: PartnershipUpdate) {
      const p = ctx.partnership
      authorize(partnershipPolicy.update, actor, p.id)
      const fields: Record<string, string> = {}
      if (input.accountableBodyId) {
        const org = await organisations.find(db, p.id, input.accountableBodyId)
        if (!org || org.archivedAt) fields.accountableBodyId = 'Choose the accountable body from the list'
      }
      if (input.areaPlaceId) {
        const place = await places.find(db, input.areaPlaceId)
        if (!place || place.archivedAt) fields.areaPlaceId = 'Choose the area from the list'
      }
      if (Object.keys(fields).length) throw validationError(fields)
      return mutate(db, actor, { partnershipId: p.id }, async (tx) => {
        const row = await q.updatePartnership(tx, p.id, {
          name: input.name,
          kind: input.kind,
          description: input.description ?? null,
          accountableBodyId: input.accountableBodyId ?? null,
          areaPlaceId: input.areaPlaceId ?? null,
          allowSelfApproval: input.allowSelfApproval ?? false,
        })
        return { result: row, audit: { entityType, entityId: p.id, action: 'update', before: p, after: row } }
      })
    },

    /** Publish (or withdraw) the public site and set its contact (administrators). Audited. */
    async setPublicSite(actor: Actor, ctx: PartnershipContext, input: PublicSiteInput) {
      const p = ctx.partnership
      authorize(partnershipPolicy.update, actor, p.id)
      return mutate(db, actor, { partnershipId: p.id }, async (tx) => {
        const row = await q.updatePartnership(tx, p.id, {
          publicSite: input.publicSite,
          publicContact: input.publicContact ?? null,
        })
        return { result: row, audit: { entityType, entityId: p.id, action: 'update', before: p, after: row } }
      })
    },

    /**
     * Upload or replace the partnership's logo (administrators): a PNG or JPEG told by its bytes,
     * 200 KB at most (partnerships.logo.ts); anything else is a 422 naming `logo`. Audited.
     */
    async setLogo(actor: Actor, ctx: PartnershipContext, data: Buffer) {
      const p = ctx.partnership
      authorize(partnershipPolicy.update, actor, p.id)
      const logo = checkLogo(data)
      return mutate(db, actor, { partnershipId: p.id }, async (tx) => {
        const before = await q.findLogo(tx, p.id)
        const now = deps.clock()
        const row = await q.setLogo(tx, p.id, { ...logo, at: now }, now)
        return {
          result: row,
          audit: {
            entityType,
            entityId: p.id,
            action: before ? 'replace_logo' : 'add_logo',
            before: logoRecord(before),
            after: logoRecord(logo),
          },
        }
      })
    },

    /** Remove the partnership's logo (administrators), audited; with none, nothing changes. */
    async removeLogo(actor: Actor, ctx: PartnershipContext) {
      const p = ctx.partnership
      authorize(partnershipPolicy.update, actor, p.id)
      return mutate(db, actor, { partnershipId: p.id }, async (tx) => {
        const before = await q.findLogo(tx, p.id)
        if (!before) return { result: p, audit: null }
        const row = await q.setLogo(tx, p.id, { data: null, type: null, at: null }, deps.clock())
        return {
          result: row,
          audit: {
            entityType,
            entityId: p.id,
            action: 'remove_logo',
            before: logoRecord(before),
            after: logoRecord(undefined),
          },
        }
      })
    },

    /** The partnership's logo for any member to see (bytes, type, when set), or undefined. */
    async logo(actor: Actor, ctx: PartnershipContext) {
      authorize(partnershipPolicy.read, actor, ctx.partnership.id)
      return q.findLogo(db, ctx.partnership.id)
    },

    archive: (actor: Actor, ctx: PartnershipContext) =>
      mutate(
        db,
        actor,
        { partnershipId: ctx.partnership.id, rule: partnershipPolicy.archive },
        async (tx) => {
          const p = ctx.partnership
          const row = await q.updatePartnership(tx, p.id, { archivedAt: deps.clock() })
          return {
            result: row,
            audit: { entityType, entityId: p.id, action: 'archive', before: p, after: row },
          }
        },
      ),

    /** Partnerships in which the actor may create a child partnership. */
    async possibleParents(actor: Actor) {
      const all = await this.listForActor(actor)
      return all.filter(({ partnership }) => partnershipPolicy.createChild(actor, partnership.id))
    },

    findBySlug: (slug: string) => q.findPartnershipBySlug(db, slug),

    /** For another module's use-case inside its transaction (it has authorised): a partnership by id, or undefined. */
    find: (tx: DbOrTx, id: string) => q.findPartnershipById(tx, id),

    /**
     * For another module's use-case inside its transaction (it has authorised; the Places sheet):
     * make a place the partnership's area when it has none, audited. Returns whether it was set.
     */
    adoptArea: adoptAreaIn,

    /** For another module's use-case inside its transaction (it has authorised): the partnership's area, or null. */
    areaOf: areaOfIn,
  }
}

export type PartnershipsService = ReturnType<typeof createPartnershipsService>
