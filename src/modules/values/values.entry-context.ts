/**
 * The context of a value's entry: what entering, reviewing or showing the value at an address
 * (indicator × place × period) depends on. The address resolved, whether a target asks for it,
 * the round's window, the target and how the value rates against it, the series' history and
 * plausibility warnings, and who entered it (the second-person rule on approval). Indicators,
 * places, organisations and rounds are read through their services (tx-first reads: the values
 * use-case has authorised).
 */
import type { DbOrTx } from '../../db/client.ts'
import { notFound, validationError, type FieldErrors } from '../../errors.ts'
import { isUuid } from '../../lib/fields.ts'
import { comparePeriods, financialYearOf, formatPeriod, parsePeriod, yearSoFar } from '../../periods/index.ts'
import { accumulationOf, cumulativeTarget, yearToDate } from '../assessments/rules/accumulation.ts'
import { rag, targetForPeriod, type Polarity, type Rag, type Unit } from '../assessments/rules/engine.ts'
import type { Actor } from '../auth/actor.ts'
import { manager } from '../auth/policy.ts'
import type { IndicatorsService } from '../indicators/indicators.service.ts'
import { normaliseCode } from '../indicators/indicators.schema.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import type { PlacesService } from '../places/places.service.ts'
import type { RoundsService, WindowInfo } from '../rounds/rounds.service.ts'
import { valuePolicy } from './values.policy.ts'
import * as q from './values.queries.ts'
import { valueWarnings } from './values.rules.ts'
import { checkPeriod, type ValueKeyInput } from './values.schema.ts'

export type { WindowInfo }

export interface ValueKey {
  indicatorId: string
  placeId: string
  period: string
}

/** How many earlier periods the entry form and value page show. */
const HISTORY_SHOWN = 8

/** The target for a value's period, and how the value rates against it. */
export interface TargetInfo {
  value: number | null
  tolerancePercent: number
  polarity: Polarity
  status: Rag
  /** For a cumulative indicator: the year-to-date figure rated (null when a period of the year so far is missing). */
  yearToDate?: { value: number | null; periods: number; beforeThis: boolean }
}

type Figures = Pick<q.ValueRow, 'value' | 'numerator' | 'denominator'>
/** The statuses that count (assessment.md, "Which values count"). */
const COUNTING = new Set(['submitted', 'approved'])

/** What the context reads of other modules, through their services. */
export interface EntryContextDeps {
  indicators: Pick<IndicatorsService, 'find'>
  places: Pick<PlacesService, 'find'>
  organisations: Pick<OrganisationsService, 'find'>
  rounds: Pick<RoundsService, 'expected' | 'window'>
}

export function createEntryContext(deps: EntryContextDeps) {
  /** Resolve indicator, place and period, or field errors naming what is wrong. */
  async function resolveKey(db: DbOrTx, partnershipId: string, input: ValueKeyInput) {
    const errors: FieldErrors = {}
    const indicator = await deps.indicators.find(db, partnershipId, input.indicatorId)
    if (!indicator || indicator.archivedAt)
      errors.indicatorId = 'There is no such indicator in this partnership'
    const place = await deps.places.find(db, input.placeId)
    if (!place || place.archivedAt) errors.placeId = 'There is no such place'
    let period = input.period
    let periodType = ''
    if (indicator && !errors.indicatorId) {
      const checked = checkPeriod(indicator.frequency, input.period)
      if (!checked.ok) errors.period = checked.error
      else {
        period = checked.period
        periodType = checked.type
      }
    }
    if (Object.keys(errors).length) throw validationError(errors)
    return { indicator: indicator!, place: place!, period, periodType }
  }

  /** Whether a target asks for this indicator at this place in the period (else only an admin may enter it). */
  async function isExpected(db: DbOrTx, partnershipId: string, key: ValueKey) {
    const expected = await deps.rounds.expected(db, partnershipId, key.period)
    return expected.some((e) => e.indicatorId === key.indicatorId && e.placeId === key.placeId)
  }

  /**
   * The target for the period and the RAG of `value` against it. A cumulative indicator is rated
   * as the assessment rates it: its year-to-date figure (this value with the counting values of
   * the year's earlier periods) against the year-to-date target.
   */
  async function targetFor(
    db: DbOrTx,
    partnershipId: string,
    areaPlaceId: string | null,
    key: ValueKey,
    indicator: Pick<q.ValueView['indicator'], 'polarity' | 'unit' | 'accumulation' | 'ratePer'>,
    value: Figures | null,
  ): Promise<TargetInfo | null> {
    const t = await q.targetForValue(db, partnershipId, key, areaPlaceId)
    if (!t) return null
    const trajectory = new Map(t.trajectory.map((r) => [r.period, r.value]))
    const pol = (indicator.polarity ?? 'neither') as Polarity
    const tolerancePercent = t.version.tolerancePercent
    const fy = (p: string) => formatPeriod(financialYearOf(p))
    const period = parsePeriod(key.period)
    if (
      period.type === 'year' ||
      !indicator.unit ||
      accumulationOf(indicator.unit, indicator.accumulation) === 'snapshot'
    ) {
      const target = targetForPeriod(trajectory, key.period, fy)
      const status = rag({ value: value?.value ?? null, target, tolerancePercent, polarity: pol })
      return { value: target, tolerancePercent, polarity: pol, status }
    }
    const { soFar, inYear } = yearSoFar(period)
    const elapsed = soFar.length
    const earlier = new Map(
      (await previousValues(db, partnershipId, key))
        .filter((r) => COUNTING.has(r.status))
        .map((r) => [r.period, r]),
    )
    const sum = (rows: (Figures | null | undefined)[]) =>
      yearToDate(
        rows.map((p) => (p ? { value: p.value, numerator: p.numerator, denominator: p.denominator } : null)),
        indicator.unit as Unit,
        indicator.ratePer,
      )
    const before = soFar.slice(0, -1).map((p) => earlier.get(formatPeriod(p)))
    const ytd = sum([...before, value])
    const target = cumulativeTarget(
      trajectory.get(key.period),
      trajectory.get(fy(key.period)),
      elapsed,
      inYear,
    )
    const status = rag({ value: ytd, target, tolerancePercent, polarity: pol })
    return {
      value: target,
      tolerancePercent,
      polarity: pol,
      status,
      // Before this period's value is entered, the year so far up to the period before it.
      yearToDate:
        value?.value == null && elapsed > 1
          ? { value: sum(before), periods: elapsed - 1, beforeThis: true }
          : { value: ytd, periods: elapsed, beforeThis: false },
    }
  }

  /** Values of the same indicator and place before this period, oldest first. */
  async function previousValues(db: DbOrTx, partnershipId: string, key: ValueKey) {
    const rows = await q.valuesOfSeries(db, partnershipId, key.indicatorId, key.placeId)
    return rows
      .filter((r) => comparePeriods(r.period, key.period) < 0)
      .sort((a, b) => comparePeriods(a.period, b.period))
  }

  /** Warnings for `value`, from the history of the series before its period. */
  async function warningsFor(
    db: DbOrTx,
    partnershipId: string,
    key: ValueKey,
    unit: string | null,
    value: number | null | undefined,
  ) {
    if (typeof value !== 'number') return []
    const history = await previousValues(db, partnershipId, key)
    return valueWarnings({
      value,
      unit,
      history: history.map((h) => ({ period: h.period, value: h.value })),
    })
  }

  /** The round of the period on `today`, and the organisation's exception once it has closed. */
  const windowFor = (
    db: DbOrTx,
    partnershipId: string,
    period: string,
    organisationId: string | null,
    today: string,
  ): Promise<WindowInfo> => deps.rounds.window(db, partnershipId, period, organisationId, today)

  async function organisationName(db: DbOrTx, partnershipId: string, id: string | null) {
    if (!id) return null
    return (await deps.organisations.find(db, partnershipId, id))?.name ?? null
  }

  /**
   * Everything around a value's address on `today`, whether or not a value has been entered yet:
   * the entry form's and the value page's context.
   */
  async function surroundings(
    db: DbOrTx,
    actor: Actor,
    partnershipId: string,
    k: { indicator: q.ValueView['indicator']; place: q.ValueView['place']; period: string },
    value: q.ValueRow | null,
    today: string,
  ) {
    const key = { indicatorId: k.indicator.id, placeId: k.place.id, period: k.period }
    const org = k.indicator.responsibleOrganisationId
    const area = await q.partnershipArea(db, partnershipId)
    const [target, previous, window, organisation, expected, warnings] = await Promise.all([
      targetFor(db, partnershipId, area, key, k.indicator, value),
      previousValues(db, partnershipId, key),
      windowFor(db, partnershipId, k.period, org, today),
      organisationName(db, partnershipId, org),
      isExpected(db, partnershipId, key),
      warningsFor(db, partnershipId, key, k.indicator.unit, value?.value),
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
      windowProblem: windowProblem(window, k.period, manager(actor, partnershipId)),
      organisation,
      expected,
      warnings,
      mayEnter,
      refusal,
    }
  }

  return {
    resolveKey,
    isExpected,
    targetFor,
    previousValues,
    warningsFor,
    windowFor,
    organisationName,
    surroundings,
  }
}

export type EntryContext = ReturnType<typeof createEntryContext>
export type ResolvedKey = Awaited<ReturnType<EntryContext['resolveKey']>>

/**
 * The message explaining why a provider may not enter in this window, or null when they may.
 * Managers are never stopped: they enter on a provider's behalf (and late values are marked).
 */
export function windowProblem(w: WindowInfo, period: string, isManager: boolean): string | null {
  if (isManager) return null
  if (!w.round) return `There is no collection round for ${period} yet: ask your performance officer`
  if (w.state === 'upcoming') return `The ${period} round opens on ${w.round.opensOn}`
  if (w.state === 'closed' && !w.exception)
    return `The ${period} round closed on ${w.round.dueOn}: late entry needs an exception from your performance officer`
  return null
}

export async function loadView(db: DbOrTx, partnershipId: string, id: string) {
  const v = isUuid(id) ? await q.findValueView(db, partnershipId, id) : undefined
  if (!v) throw notFound('Value')
  return v
}

/** Refusal shown when a partnership asks for a second person to approve. */
export const SELF_APPROVAL_REFUSED =
  'You entered or changed this value, so someone else must approve it (an administrator can let people approve their own values in the partnership’s settings)'

/**
 * Of these values, the ones the actor entered or changed (none when the partnership allows
 * self-approval): one query for the setting, one for the versions.
 */
export async function enteredByActor(
  db: DbOrTx,
  partnershipId: string,
  actor: { userId: string | null; label: string },
  valueIds: string[],
): Promise<Set<string>> {
  if (valueIds.length === 0 || (await q.allowsSelfApproval(db, partnershipId))) return new Set()
  const rows = await q.entryRecorders(db, valueIds)
  return new Set(
    rows
      .filter((r) =>
        actor.userId ? r.userId === actor.userId : r.userId === null && r.label === actor.label,
      )
      .map((r) => r.valueId),
  )
}

/** How `GET /values` may name a value: ids, or codes as imports take them. */
export interface ValueLookup {
  indicatorId?: string | undefined
  indicator?: string | undefined
  indicatorCode?: string | undefined
  placeId?: string | undefined
  place?: string | undefined
  placeGss?: string | undefined
  period: string
}

/**
 * Ids for a lookup by indicator code (ignoring case and spaces, `NI 001` as `NI 1`) and GSS code,
 * or by ids; no place means the partnership's area, as in imports. Field errors name what is wrong.
 */
export async function resolveLookup(
  db: DbOrTx,
  partnershipId: string,
  l: ValueLookup,
): Promise<ValueKeyInput> {
  const errors: FieldErrors = {}
  const indicatorText = l.indicatorId ?? l.indicator ?? l.indicatorCode
  let indicatorId: string | undefined
  if (!indicatorText) errors.indicator = 'Give the indicator: its code (indicator=NI 8) or indicatorId'
  else if (isUuid(indicatorText)) indicatorId = indicatorText
  else {
    indicatorId =
      (await q.findIndicatorIdByLooseCode(db, partnershipId, indicatorText)) ??
      (await q.findIndicatorIdByLooseCode(db, partnershipId, normaliseCode(indicatorText)))
    if (!indicatorId) errors.indicator = `There is no indicator ${indicatorText} in this partnership`
  }
  const placeText = l.placeId ?? l.place ?? l.placeGss
  let placeId: string | undefined
  if (!placeText) {
    placeId = (await q.partnershipArea(db, partnershipId)) ?? undefined
    if (!placeId)
      errors.place = 'Give the place’s GSS code (place=E10000018): the partnership has no area yet'
  } else if (isUuid(placeText)) placeId = placeText
  else {
    placeId = await q.findPlaceIdByGss(db, placeText)
    if (!placeId) errors.place = `There is no place with the GSS code ${placeText}`
  }
  if (Object.keys(errors).length) throw validationError(errors)
  return { indicatorId: indicatorId!, placeId: placeId!, period: l.period }
}
