import type { Db, DbOrTx } from '../../db/client.ts'
import { forbidden, notFound, validationError } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import type { AssessmentsService } from '../assessments/assessments.service.ts'
import { audit } from '../audit/audit.ts'
import { mutate, type Change } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import * as q from './indicators.queries.ts'
import { indicatorPolicy } from './indicators.policy.ts'
import {
  frequencyLabels,
  indicatorDefinitionFields,
  indicatorFields,
  indicatorOverlayFields,
  trajectoryPeriodTypes,
  type IndicatorInput,
  type IndicatorQuery,
} from './indicators.schema.ts'
import { isIncomplete } from './indicators.seed.ts'

export type { IndicatorRow } from './indicators.queries.ts'

/** What the catalogue's changes need of other modules: the service's, and the Indicators sheet's importer's. */
export interface IndicatorWriteDeps {
  /** The responsible organisation is a live one of the partnership. */
  organisations: Pick<OrganisationsService, 'find'>
  /** How an indicator is rated changed: its targets' stored assessments are recomputed. */
  assessments: Pick<AssessmentsService, 'refreshForValue'>
}

const duplicateCode = (code: string) =>
  validationError({ code: `The catalogue already has ${code}; change that entry instead` })

/** Field problems with the input that need the database (organisation, use by targets). */
async function check(
  deps: IndicatorWriteDeps,
  tx: DbOrTx,
  partnershipId: string,
  input: IndicatorInput,
  existing?: q.IndicatorRow,
) {
  const fields: Record<string, string> = {}
  const clash = await q.findIndicatorByCode(tx, partnershipId, input.code)
  if (clash && clash.id !== existing?.id) throw duplicateCode(clash.code)
  if (input.responsibleOrganisationId) {
    const org = await deps.organisations.find(tx, partnershipId, input.responsibleOrganisationId)
    if (!org || org.archivedAt)
      fields.responsibleOrganisationId = 'Choose the responsible organisation from the list'
  }
  const misfit = existing && (await frequencyMisfit(tx, input, existing))
  if (misfit) fields.frequency = misfit
  if (Object.keys(fields).length) throw validationError(fields)
}

/** Trajectories already set must still fit: a quarterly profile needs a quarterly indicator. */
async function frequencyMisfit(db: DbOrTx, input: IndicatorInput, existing: q.IndicatorRow) {
  if (existing.frequency === input.frequency) return undefined
  const usage = await q.indicatorUsage(db, existing.id)
  const allowed: string[] = trajectoryPeriodTypes(input.frequency)
  const misfit = usage.periodTypes.filter((t) => !allowed.includes(t))
  if (!misfit.length) return undefined
  return `Targets on ${existing.code} have ${misfit.join(' and ')} trajectory values, which ${
    input.frequency ? `a ${frequencyLabels[input.frequency].toLowerCase()}` : 'an unknown-frequency'
  } indicator cannot have; change those trajectories first`
}

/** The fields the assessment of an indicator's targets reads. */
const RATED_BY = ['unit', 'polarity', 'frequency', 'accumulation', 'ratePer', 'combine'] as const

const row = (input: IndicatorInput) => ({ ...input, incomplete: isIncomplete(input) })

/** System administrators (and the system actor) keep the national indicators. */
export const mayChangeNational = (actor: Actor) => actor.kind === 'system' || actor.isSystemAdmin

const nationalOnly = (code: string) =>
  validationError({
    _form: `${code} is a national indicator: only a system administrator changes its definition; you may set its responsible organisation and lag`,
  })

/** Fields of `input` that differ from the national definition `existing`. */
const definitionChanges = (existing: q.IndicatorRow, input: Partial<IndicatorInput>) =>
  indicatorDefinitionFields.filter(
    (f) => input[f] !== undefined && (input[f] ?? null) !== (existing[f] ?? null),
  )

const entityType = 'indicator'

/**
 * Add or change a partnership's own entry inside the caller's transaction: the row and its audit
 * event. Module-internal: the caller has authorised.
 */
async function saveLocal(
  deps: IndicatorWriteDeps,
  tx: DbOrTx,
  partnershipId: string,
  input: IndicatorInput,
  existing?: q.IndicatorRow,
): Promise<Change<q.IndicatorRow>> {
  await check(deps, tx, partnershipId, input, existing)
  if (!existing) {
    const created = await q.insertIndicator(tx, { partnershipId, ...row(input) })
    return { result: created, audit: { entityType, entityId: created.id, action: 'create', after: created } }
  }
  const updated = await q.updateIndicator(tx, existing.id, row(input))
  // How the indicator is rated changed: its stored assessments are recomputed in the same transaction.
  if (RATED_BY.some((k) => existing[k] !== updated[k]))
    await deps.assessments.refreshForValue(tx, { partnershipId, indicatorId: existing.id })
  return {
    result: updated,
    audit: { entityType, entityId: existing.id, action: 'update', before: existing, after: updated },
  }
}

/** Insert or update inside the caller's transaction (the workbook import), audited there. */
async function save(
  deps: IndicatorWriteDeps,
  tx: DbOrTx,
  actor: Actor,
  partnershipId: string,
  input: IndicatorInput,
  existing?: q.IndicatorRow,
) {
  if (existing && q.isNational(existing)) return saveNational(deps, tx, actor, partnershipId, input, existing)
  const { result, audit: event } = await saveLocal(deps, tx, partnershipId, input, existing)
  if (event) await audit(tx, actor, { partnershipId, ...event })
  return result
}

/**
 * A partnership's change to a national indicator: its overlay (responsible organisation, lag)
 * for the partnership; the definition only by a system administrator, for every partnership.
 */
async function saveNational(
  deps: IndicatorWriteDeps,
  tx: DbOrTx,
  actor: Actor,
  partnershipId: string,
  input: IndicatorInput,
  existing: q.IndicatorRow,
) {
  const changes = definitionChanges(existing, input)
  if (changes.length && !mayChangeNational(actor)) throw nationalOnly(existing.code)
  await check(deps, tx, partnershipId, input, existing)
  const overlay = {
    responsibleOrganisationId: input.responsibleOrganisationId ?? null,
    lagMonths: input.lagMonths ?? null,
  }
  if (indicatorOverlayFields.some((f) => (existing[f] ?? null) !== (input[f] ?? null))) {
    await q.upsertOverlay(tx, partnershipId, existing.id, overlay)
    await audit(tx, actor, {
      partnershipId,
      entityType: 'partnership_indicator',
      entityId: existing.id,
      action: 'update',
      before: {
        code: existing.code,
        responsibleOrganisationId: existing.responsibleOrganisationId,
        lagMonths: existing.lagMonths,
      },
      after: { code: existing.code, ...overlay },
    })
  }
  if (changes.length) {
    const { audit: event } = await updateNational(deps, tx, existing, input)
    if (event) await audit(tx, actor, { ...event, partnershipId: null })
  }
  return (await q.findIndicator(tx, partnershipId, existing.id))!
}

/**
 * Change a national indicator's definition (system administrators) for every partnership; stored
 * assessments follow. The row and its audit event, which belongs to no partnership.
 */
async function updateNational(
  deps: IndicatorWriteDeps,
  tx: DbOrTx,
  existing: q.IndicatorRow,
  input: IndicatorInput,
): Promise<Change<q.IndicatorRow>> {
  const clash = await q.findNationalByCode(tx, input.code)
  if (clash && clash.id !== existing.id) throw duplicateCode(clash.code)
  const misfit = await frequencyMisfit(tx, input, existing)
  if (misfit) throw validationError({ frequency: misfit })
  const before = (await q.findNational(tx, existing.id))!
  const fields = Object.fromEntries(indicatorFields.map((f) => [f, input[f]])) as IndicatorInput
  const updated = await q.updateIndicator(tx, existing.id, {
    ...row(fields),
    partnershipId: null,
    responsibleOrganisationId: null,
    lagMonths: null,
  })
  if (RATED_BY.some((k) => before[k] !== updated[k])) await refreshNational(deps, tx, existing.id)
  return {
    result: updated,
    audit: {
      partnershipId: null,
      entityType,
      entityId: existing.id,
      action: 'update',
      before,
      after: updated,
    },
  }
}

/** Every partnership's stored assessments of a national indicator, recomputed. */
async function refreshNational(deps: IndicatorWriteDeps, tx: DbOrTx, indicatorId: string) {
  for (const partnershipId of await q.partnershipsUsing(tx, indicatorId))
    await deps.assessments.refreshForValue(tx, { partnershipId, indicatorId })
}

/**
 * Create or update by code inside the caller's transaction. Module-internal: the caller (the
 * Indicators sheet's importer) has authorised. Fields absent from `input` keep their recorded
 * values. Returns the action taken, or null when nothing changed.
 */
export async function upsertByCode(
  deps: IndicatorWriteDeps,
  tx: DbOrTx,
  actor: Actor,
  partnershipId: string,
  input: Partial<IndicatorInput> & Pick<IndicatorInput, 'code' | 'set'>,
) {
  const found = await q.findIndicatorByCode(tx, partnershipId, input.code)
  // A code that matches loosely (`ni135`, `x 1`) names the entry; it does not re-spell it.
  const existing = found ?? undefined
  if (existing) input = { ...input, code: existing.code }
  if (existing && unchanged(existing, input)) return null
  const base: IndicatorInput = existing
    ? (Object.fromEntries(indicatorFields.map((f) => [f, existing[f]])) as IndicatorInput)
    : { ...EMPTY, code: input.code, set: input.set }
  const merged = {
    ...base,
    ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
  }
  await save(deps, tx, actor, partnershipId, merged, existing)
  return existing ? ('updated' as const) : ('created' as const)
}

export function createIndicatorsService(db: Db, deps: IndicatorWriteDeps & { clock: Clock }) {
  async function get(actor: Actor, partnershipId: string, id: string) {
    authorize(indicatorPolicy.read, actor, partnershipId)
    const found = await q.findIndicator(db, partnershipId, id)
    if (!found) throw notFound('Indicator')
    return found
  }

  return {
    /** The national indicators (system administrators keep them). */
    async listNational(actor: Actor) {
      if (!mayChangeNational(actor)) throw forbidden()
      return q.listNational(db)
    },

    async getNational(actor: Actor, id: string) {
      if (!mayChangeNational(actor)) throw forbidden()
      const found = await q.findNational(db, id)
      if (!found) throw notFound('Indicator')
      return found
    },

    /** Change a national indicator's definition for every partnership (system administrators), audited. */
    async updateNational(actor: Actor, id: string, input: IndicatorInput) {
      if (!mayChangeNational(actor)) throw forbidden()
      const existing = await q.findNational(db, id)
      if (!existing) throw notFound('Indicator')
      if (existing.archivedAt) throw validationError({ code: 'This indicator is archived' })
      return mutate(db, actor, { partnershipId: null }, (tx) => updateNational(deps, tx, existing, input))
    },

    /** Search and filter the catalogue (by set, theme, polarity, completeness and text). */
    async list(actor: Actor, partnershipId: string, filters: Partial<IndicatorQuery> = {}) {
      authorize(indicatorPolicy.read, actor, partnershipId)
      return q.listIndicators(db, partnershipId, filters)
    },

    async themes(actor: Actor, partnershipId: string) {
      authorize(indicatorPolicy.read, actor, partnershipId)
      return q.listThemes(db, partnershipId)
    },

    get,

    async findByCode(actor: Actor, partnershipId: string, code: string) {
      authorize(indicatorPolicy.read, actor, partnershipId)
      return q.findIndicatorByCode(db, partnershipId, code)
    },

    create: (actor: Actor, partnershipId: string, input: IndicatorInput) =>
      mutate(db, actor, { partnershipId, rule: indicatorPolicy.create }, (tx) =>
        saveLocal(deps, tx, partnershipId, input),
      ),

    /**
     * Change an entry. A national one: the partnership's overlay, and its definition only by a
     * system administrator (for every partnership), each audited (two changes, two audit rows).
     */
    async update(actor: Actor, partnershipId: string, id: string, input: IndicatorInput) {
      authorize(indicatorPolicy.update, actor, partnershipId)
      const before = await get(actor, partnershipId, id)
      if (before.archivedAt) throw validationError({ code: 'This indicator is archived' })
      if (q.isNational(before))
        return db.transaction((tx) => saveNational(deps, tx, actor, partnershipId, input, before))
      return mutate(db, actor, { partnershipId }, (tx) => saveLocal(deps, tx, partnershipId, input, before))
    },

    /** Archive (soft delete). An entry with live targets stays: archive those targets first. */
    async archive(actor: Actor, partnershipId: string, id: string) {
      authorize(indicatorPolicy.archive, actor, partnershipId)
      const before = await get(actor, partnershipId, id)
      if (before.archivedAt) return before
      if (q.isNational(before))
        throw validationError({
          _form: `${before.code} is a national indicator: it stays in every catalogue`,
        })
      const usage = await q.indicatorUsage(db, id)
      if (usage.targets)
        throw validationError({
          _form: `${before.code} has ${usage.targets} target${usage.targets === 1 ? '' : 's'} in an agreement; archive ${usage.targets === 1 ? 'it' : 'them'} first`,
        })
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const archived = await q.updateIndicator(tx, id, { archivedAt: deps.clock() })
        return {
          result: archived,
          audit: { entityType, entityId: id, action: 'archive', before, after: archived },
        }
      })
    },

    /** For another module's use-case (it has authorised), in its transaction: the live entries with these codes. */
    findByCodes: (tx: DbOrTx, partnershipId: string, codes: string[]) =>
      q.findIndicatorsByCodes(tx, partnershipId, codes),

    /**
     * For another module's use-case (it has authorised): one indicator of the partnership's
     * catalogue as the partnership sees it (archived too), or undefined.
     */
    find: (tx: DbOrTx, partnershipId: string, id: string) => q.findIndicator(tx, partnershipId, id),
  }
}

const EMPTY: Omit<IndicatorInput, 'code' | 'set'> = {
  title: null,
  theme: null,
  definition: null,
  numerator: null,
  denominator: null,
  unit: null,
  ratePer: null,
  polarity: null,
  frequency: null,
  combine: 'none',
  accumulation: null,
  decimals: null,
  dataSource: null,
  lagMonths: null,
  responsibleOrganisationId: null,
}

/** Whether saving `input` would change nothing (an exported workbook imported again). */
export function unchanged(existing: q.IndicatorRow, input: Partial<IndicatorInput>) {
  return indicatorFields.every((f) => input[f] === undefined || (input[f] ?? null) === (existing[f] ?? null))
}

export type IndicatorsService = ReturnType<typeof createIndicatorsService>
