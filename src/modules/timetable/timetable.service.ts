import type { Db, DbOrTx } from '../../db/client.ts'
import { conflict, notFound, validationError, type FieldErrors } from '../../errors.ts'
import { audit } from '../audit/audit.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import { findOrganisation } from '../organisations/organisations.queries.ts'
import { findPerson } from '../people/people.queries.ts'
import { loadVersion, versionLabel } from '../strategy/strategy.rules.ts'
import * as sq from '../strategy/strategy.queries.ts'
import * as q from './timetable.queries.ts'
import { timetablePolicy } from './timetable.policy.ts'
import type { SignoffInput, StageInput } from './timetable.schema.ts'

/** Today in the UK, as an ISO date. */
export const ukToday = (now = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now)

async function ownerColumns(db: DbOrTx, partnershipId: string, owner: string | null) {
  if (!owner) return { ownerPersonId: null, ownerOrganisationId: null }
  const [type, id] = owner.split(':') as ['person' | 'organisation', string]
  if (type === 'person') {
    const p = await findPerson(db, partnershipId, id)
    if (!p || p.archivedAt) throw validationError({ owner: 'Choose the owner from the list' })
    return { ownerPersonId: id, ownerOrganisationId: null }
  }
  const o = await findOrganisation(db, partnershipId, id)
  if (!o || o.archivedAt) throw validationError({ owner: 'Choose the owner from the list' })
  return { ownerPersonId: null, ownerOrganisationId: id }
}

const signoffLocked = (v: sq.VersionRow) =>
  conflict(`${versionLabel(v)} is signed off: its sign-offs can no longer change.`)

export function createTimetableService(db: Db) {
  async function getStage(actor: Actor, partnershipId: string, id: string) {
    authorize(timetablePolicy.read, actor, partnershipId)
    const row = await q.findStage(db, partnershipId, id)
    if (!row) throw notFound('Stage')
    return row
  }

  async function getSignoff(actor: Actor, partnershipId: string, id: string) {
    authorize(timetablePolicy.read, actor, partnershipId)
    const row = await q.findSignoff(db, partnershipId, id)
    if (!row || row.archivedAt) throw notFound('Sign-off')
    return row
  }

  async function checkSignoff(tx: DbOrTx, partnershipId: string, input: SignoffInput, selfId?: string) {
    const errors: FieldErrors = {}
    const version = await sq.findVersionByNumber(tx, partnershipId, input.versionNumber)
    if (!version || version.archivedAt) errors.versionNumber = 'Choose the strategy version from the list'
    if (input.organisationId) {
      const org = await findOrganisation(tx, partnershipId, input.organisationId)
      if (!org || org.archivedAt) errors.organisationId = 'Choose the organisation from the list'
    }
    if (input.signedOn && input.signedOn > ukToday())
      errors.signedOn = 'Date signed must be today or in the past'
    if (version) {
      const clash = await q.findSignoffByBody(tx, version.id, input.body)
      if (clash && clash.id !== selfId) errors.body = `${input.body} is already listed for this version`
    }
    if (Object.keys(errors).length) throw validationError(errors)
    if (version!.status === 'signed_off') throw signoffLocked(version!)
    return version!
  }

  return {
    getStage,
    getSignoff,

    async listStages(actor: Actor, partnershipId: string) {
      authorize(timetablePolicy.read, actor, partnershipId)
      return q.listStages(db, partnershipId)
    },

    async createStage(actor: Actor, partnershipId: string, input: StageInput) {
      authorize(timetablePolicy.edit, actor, partnershipId)
      return db.transaction(async (tx) => {
        const row = await q.insertStage(tx, {
          partnershipId,
          position: await q.nextStagePosition(tx, partnershipId),
          name: input.name,
          description: input.description ?? null,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          deadline: input.deadline,
          status: input.status,
          ...(await ownerColumns(tx, partnershipId, input.owner)),
        })
        await audit(tx, actor, {
          partnershipId,
          entityType: 'timetable_stage',
          entityId: row.id,
          action: 'create',
          after: row,
        })
        return row
      })
    },

    async updateStage(actor: Actor, partnershipId: string, id: string, input: StageInput) {
      authorize(timetablePolicy.edit, actor, partnershipId)
      const before = await getStage(actor, partnershipId, id)
      return db.transaction(async (tx) => {
        const row = await q.updateStage(tx, id, {
          name: input.name,
          description: input.description ?? null,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          deadline: input.deadline,
          status: input.status,
          ...(await ownerColumns(tx, partnershipId, input.owner)),
        })
        await audit(tx, actor, {
          partnershipId,
          entityType: 'timetable_stage',
          entityId: id,
          action: 'update',
          before,
          after: row,
        })
        return row
      })
    },

    async archiveStage(actor: Actor, partnershipId: string, id: string) {
      authorize(timetablePolicy.edit, actor, partnershipId)
      const before = await getStage(actor, partnershipId, id)
      if (before.archivedAt) return before
      return db.transaction(async (tx) => {
        const row = await q.updateStage(tx, id, { archivedAt: new Date() })
        await audit(tx, actor, {
          partnershipId,
          entityType: 'timetable_stage',
          entityId: id,
          action: 'archive',
          before,
          after: row,
        })
        return row
      })
    },

    /** Sign-offs of one version (by number), or of every version. */
    async listSignoffs(actor: Actor, partnershipId: string, versionNumber?: number) {
      authorize(timetablePolicy.read, actor, partnershipId)
      const version = versionNumber ? await loadVersion(db, partnershipId, versionNumber) : undefined
      return q.listSignoffs(db, partnershipId, version?.id)
    },

    async createSignoff(actor: Actor, partnershipId: string, input: SignoffInput) {
      authorize(timetablePolicy.edit, actor, partnershipId)
      return db.transaction(async (tx) => {
        const version = await checkSignoff(tx, partnershipId, input)
        const row = await q.insertSignoff(tx, {
          partnershipId,
          versionId: version.id,
          body: input.body,
          organisationId: input.organisationId,
          dueOn: input.dueOn,
          signedOn: input.signedOn,
          notes: input.notes ?? null,
        })
        await audit(tx, actor, {
          partnershipId,
          entityType: 'strategy_signoff',
          entityId: row.id,
          action: 'create',
          after: row,
        })
        return row
      })
    },

    async updateSignoff(actor: Actor, partnershipId: string, id: string, input: SignoffInput) {
      authorize(timetablePolicy.edit, actor, partnershipId)
      const before = await getSignoff(actor, partnershipId, id)
      return db.transaction(async (tx) => {
        const old = (await sq.findVersion(tx, partnershipId, before.versionId))!
        if (old.status === 'signed_off') throw signoffLocked(old)
        const version = await checkSignoff(tx, partnershipId, input, id)
        const row = await q.updateSignoff(tx, id, {
          versionId: version.id,
          body: input.body,
          organisationId: input.organisationId,
          dueOn: input.dueOn,
          signedOn: input.signedOn,
          notes: input.notes ?? null,
        })
        await audit(tx, actor, {
          partnershipId,
          entityType: 'strategy_signoff',
          entityId: id,
          action: 'update',
          before,
          after: row,
        })
        return row
      })
    },

    /** Record that a body has signed the version (a date today or earlier). */
    async recordSignoff(actor: Actor, partnershipId: string, id: string, signedOn: string) {
      authorize(timetablePolicy.edit, actor, partnershipId)
      const before = await getSignoff(actor, partnershipId, id)
      if (signedOn > ukToday())
        throw validationError({ signedOn: 'Date signed must be today or in the past' })
      return db.transaction(async (tx) => {
        const version = (await sq.findVersion(tx, partnershipId, before.versionId))!
        if (version.status === 'signed_off') throw signoffLocked(version)
        const row = await q.updateSignoff(tx, id, { signedOn })
        await audit(tx, actor, {
          partnershipId,
          entityType: 'strategy_signoff',
          entityId: id,
          action: 'sign',
          before,
          after: row,
        })
        return row
      })
    },

    async archiveSignoff(actor: Actor, partnershipId: string, id: string) {
      authorize(timetablePolicy.edit, actor, partnershipId)
      const before = await getSignoff(actor, partnershipId, id)
      return db.transaction(async (tx) => {
        const version = (await sq.findVersion(tx, partnershipId, before.versionId))!
        if (version.status === 'signed_off') throw signoffLocked(version)
        const row = await q.updateSignoff(tx, id, { archivedAt: new Date() })
        await audit(tx, actor, {
          partnershipId,
          entityType: 'strategy_signoff',
          entityId: id,
          action: 'archive',
          before,
          after: row,
        })
        return row
      })
    },
  }
}

export type TimetableService = ReturnType<typeof createTimetableService>
