import type { Db, DbOrTx } from '../../db/client.ts'
import { conflict, notFound, validationError, type FieldErrors } from '../../errors.ts'
import { ukDate, type Clock } from '../../lib/clock.ts'
import { archiveOnce, mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { StrategyVersionsService, VersionRow } from '../strategy/strategy-versions.service.ts'
import { versionLabel } from '../strategy/strategy.schema.ts'
import * as q from './timetable.queries.ts'
import { timetablePolicy } from './timetable.policy.ts'
import type { SignoffInput, StageInput } from './timetable.schema.ts'

export type { SignoffRow, SignoffWithNames, StageRow, StageWithOwner } from './timetable.queries.ts'

const signoffLocked = (v: VersionRow) =>
  conflict(`${versionLabel(v)} is signed off: its sign-offs can no longer change.`)

export interface TimetableDeps {
  clock: Clock
  /** Sign-offs belong to a version of the strategy. */
  strategy: StrategyVersionsService
  /** A stage's owner and a sign-off's body are the partnership's people and organisations. */
  organisations: Pick<OrganisationsService, 'find'>
  people: Pick<PeopleService, 'find'>
}

export function createTimetableService(db: Db, deps: TimetableDeps) {
  const { strategy } = deps
  /** Today in the UK, as an ISO date, by the service's clock. */
  const today = () => ukDate(deps.clock())

  async function ownerColumns(tx: DbOrTx, partnershipId: string, owner: string | null) {
    if (!owner) return { ownerPersonId: null, ownerOrganisationId: null }
    const [type, id] = owner.split(':') as ['person' | 'organisation', string]
    if (type === 'person') {
      const p = await deps.people.find(tx, partnershipId, id)
      if (!p || p.archivedAt) throw validationError({ owner: 'Choose the owner from the list' })
      return { ownerPersonId: id, ownerOrganisationId: null }
    }
    const o = await deps.organisations.find(tx, partnershipId, id)
    if (!o || o.archivedAt) throw validationError({ owner: 'Choose the owner from the list' })
    return { ownerPersonId: null, ownerOrganisationId: id }
  }

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
    const version = await strategy.findByNumber(tx, partnershipId, input.versionNumber)
    if (!version || version.archivedAt) errors.versionNumber = 'Choose the strategy version from the list'
    if (input.organisationId) {
      const org = await deps.organisations.find(tx, partnershipId, input.organisationId)
      if (!org || org.archivedAt) errors.organisationId = 'Choose the organisation from the list'
    }
    if (input.signedOn && input.signedOn > today())
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
    today,
    getStage,
    getSignoff,

    async listStages(actor: Actor, partnershipId: string) {
      authorize(timetablePolicy.read, actor, partnershipId)
      return q.listStages(db, partnershipId)
    },

    createStage: (actor: Actor, partnershipId: string, input: StageInput) =>
      mutate(db, actor, { partnershipId, rule: timetablePolicy.edit }, async (tx) => {
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
        return {
          result: row,
          audit: { entityType: 'timetable_stage', entityId: row.id, action: 'create', after: row },
        }
      }),

    async updateStage(actor: Actor, partnershipId: string, id: string, input: StageInput) {
      authorize(timetablePolicy.edit, actor, partnershipId)
      const before = await getStage(actor, partnershipId, id)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const row = await q.updateStage(tx, id, {
          name: input.name,
          description: input.description ?? null,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          deadline: input.deadline,
          status: input.status,
          ...(await ownerColumns(tx, partnershipId, input.owner)),
        })
        return {
          result: row,
          audit: { entityType: 'timetable_stage', entityId: id, action: 'update', before, after: row },
        }
      })
    },

    async archiveStage(actor: Actor, partnershipId: string, id: string) {
      authorize(timetablePolicy.edit, actor, partnershipId)
      const before = await getStage(actor, partnershipId, id)
      return archiveOnce(
        db,
        actor,
        { partnershipId, entityType: 'timetable_stage', entityId: id },
        before,
        (tx) => q.updateStage(tx, id, { archivedAt: deps.clock() }),
      )
    },

    /** Sign-offs of one version (by number), or of every version. */
    async listSignoffs(actor: Actor, partnershipId: string, versionNumber?: number) {
      authorize(timetablePolicy.read, actor, partnershipId)
      const version = versionNumber ? await strategy.get(db, partnershipId, versionNumber) : undefined
      return q.listSignoffs(db, partnershipId, version?.id)
    },

    /**
     * For the strategy's use-case inside its transaction (it has authorised): the live sign-offs
     * listed for a version.
     */
    findSignoffs: (tx: DbOrTx, partnershipId: string, versionId: string) =>
      q.listSignoffs(tx, partnershipId, versionId),

    createSignoff: (actor: Actor, partnershipId: string, input: SignoffInput) =>
      mutate(db, actor, { partnershipId, rule: timetablePolicy.edit }, async (tx) => {
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
        return {
          result: row,
          audit: { entityType: 'strategy_signoff', entityId: row.id, action: 'create', after: row },
        }
      }),

    async updateSignoff(actor: Actor, partnershipId: string, id: string, input: SignoffInput) {
      authorize(timetablePolicy.edit, actor, partnershipId)
      const before = await getSignoff(actor, partnershipId, id)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const old = (await strategy.find(tx, partnershipId, before.versionId))!
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
        return {
          result: row,
          audit: { entityType: 'strategy_signoff', entityId: id, action: 'update', before, after: row },
        }
      })
    },

    /** Record that a body has signed the version (a date today or earlier). */
    async recordSignoff(actor: Actor, partnershipId: string, id: string, signedOn: string) {
      authorize(timetablePolicy.edit, actor, partnershipId)
      const before = await getSignoff(actor, partnershipId, id)
      if (signedOn > today()) throw validationError({ signedOn: 'Date signed must be today or in the past' })
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const version = (await strategy.find(tx, partnershipId, before.versionId))!
        if (version.status === 'signed_off') throw signoffLocked(version)
        const row = await q.updateSignoff(tx, id, { signedOn })
        return {
          result: row,
          audit: { entityType: 'strategy_signoff', entityId: id, action: 'sign', before, after: row },
        }
      })
    },

    async archiveSignoff(actor: Actor, partnershipId: string, id: string) {
      authorize(timetablePolicy.edit, actor, partnershipId)
      const before = await getSignoff(actor, partnershipId, id)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const version = (await strategy.find(tx, partnershipId, before.versionId))!
        if (version.status === 'signed_off') throw signoffLocked(version)
        const row = await q.updateSignoff(tx, id, { archivedAt: deps.clock() })
        return {
          result: row,
          audit: { entityType: 'strategy_signoff', entityId: id, action: 'archive', before, after: row },
        }
      })
    },
  }
}

export type TimetableService = ReturnType<typeof createTimetableService>
