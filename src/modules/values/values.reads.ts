import type { Db } from '../../db/client.ts'
import { notFound } from '../../errors.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize, manager } from '../auth/policy.ts'
import * as ctx from './values.context.ts'
import { valuePolicy } from './values.policy.ts'
import * as q from './values.queries.ts'
import type { ValueKeyInput } from './values.schema.ts'

/** How many earlier periods the entry form and value page show. */
const HISTORY_SHOWN = 8

/** Read use-cases of values: one value with its history, and the context of the entry form. */
export function createValueReads(db: Db, today: () => string) {
  /** Everything around a value's address, whether or not a value has been entered yet. */
  async function surroundings(
    actor: Actor,
    partnershipId: string,
    k: { indicator: q.ValueView['indicator']; place: q.ValueView['place']; period: string },
    value: q.ValueRow | null,
  ) {
    const key = { indicatorId: k.indicator.id, placeId: k.place.id, period: k.period }
    const org = k.indicator.responsibleOrganisationId
    const area = await q.partnershipArea(db, partnershipId)
    const [target, previous, window, organisation, expected, warnings] = await Promise.all([
      ctx.targetFor(db, partnershipId, area, key, k.indicator, value),
      ctx.previousValues(db, partnershipId, key),
      ctx.windowFor(db, partnershipId, k.period, org, today()),
      ctx.organisationName(db, partnershipId, org),
      ctx.isExpected(db, partnershipId, key),
      ctx.warningsFor(db, partnershipId, key, k.indicator.unit, value?.value),
    ])
    const forOrganisation = valuePolicy.enter(actor, partnershipId, org)
    const mayEnter = forOrganisation && (expected || valuePolicy.enterOffTarget(actor, partnershipId))
    // Why not, in words that fit: someone else's indicator, or a place no target asks for.
    const refusal = mayEnter
      ? null
      : forOrganisation
        ? `No target asks for ${k.indicator.code} at ${k.place.name} in ${k.period}: ask a performance officer.`
        : `You cannot enter this value: it is reported by ${organisation ?? 'no organisation yet'}.`
    return {
      indicator: k.indicator,
      place: k.place,
      period: k.period,
      value,
      target,
      previous: previous.slice(-HISTORY_SHOWN).reverse(),
      window,
      windowProblem: ctx.windowProblem(window, k.period, manager(actor, partnershipId)),
      organisation,
      expected,
      warnings,
      mayEnter,
      refusal,
    }
  }

  return {
    /** The entry form's context for indicator × place × period. */
    async entry(actor: Actor, partnershipId: string, keyInput: ValueKeyInput) {
      authorize(valuePolicy.enterSome, actor, partnershipId)
      const k = await ctx.resolveKey(db, partnershipId, keyInput)
      const value =
        (await q.findValueByKey(db, partnershipId, {
          indicatorId: k.indicator.id,
          placeId: k.place.id,
          period: k.period,
        })) ?? null
      return surroundings(
        actor,
        partnershipId,
        { indicator: k.indicator, place: k.place, period: k.period },
        value,
      )
    },

    /** One value with its full history (every version, oldest first). */
    async get(actor: Actor, partnershipId: string, id: string) {
      authorize(valuePolicy.read, actor, partnershipId)
      const view = await ctx.loadView(db, partnershipId, id)
      const [around, history] = await Promise.all([
        surroundings(actor, partnershipId, { ...view, period: view.value.period }, view.value),
        q.listValueVersions(db, id),
      ])
      return { ...around, value: view.value, history }
    },

    /** The value at an address, or 404 (the API's lookup). */
    /** The id of a value named by ids, or by indicator code and GSS code as imports name them. */
    async findByKey(actor: Actor, partnershipId: string, lookup: ValueKeyInput | ctx.ValueLookup) {
      authorize(valuePolicy.read, actor, partnershipId)
      const keyInput = await ctx.resolveLookup(db, partnershipId, lookup)
      const k = await ctx.resolveKey(db, partnershipId, keyInput)
      const row = await q.findValueByKey(db, partnershipId, {
        indicatorId: k.indicator.id,
        placeId: k.place.id,
        period: k.period,
      })
      if (!row) throw notFound('Value')
      return row.id
    },
  }
}
