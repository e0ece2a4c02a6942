/**
 * What every target mutation shares: resolving refs, places and periods against the database,
 * and writing append-only versions, outcome links and trajectory rows. Callers own the
 * transaction and the audit.
 */
import type { DbOrTx } from '../../db/client.ts'
import type { FieldErrors } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { tryParsePeriod, formatPeriod } from '../../periods/index.ts'
import type { AgreementsService } from '../agreements/agreements.service.ts'
import type { AssessmentsService } from '../assessments/assessments.service.ts'
import { audit } from '../audit/audit.ts'
import type { Change } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import type { IndicatorsService } from '../indicators/indicators.service.ts'
import type { PartnershipsService } from '../partnerships/partnerships.service.ts'
import type { PlacesService } from '../places/places.service.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'
import * as oq from './outcomes.queries.ts'
import * as q from './targets.queries.ts'
import { checkTrajectory, sameTrajectory, type CheckedTrajectoryRow } from './targets.rules.ts'
import type { TargetUpdate, TrajectoryRowInput } from './targets.schema.ts'
import * as tq from './trajectories.queries.ts'

/**
 * What changing a target needs beyond its own tables: the clock, and other modules' tx-first
 * reads (they do not authorise: the caller has). The service has them from `createServices`; the
 * Targets and Trajectories sheets' importers pass theirs to `createIn`, `updateIn`, `findIn` and
 * `setTrajectoryIn`.
 */
export interface TargetWriteDeps {
  clock: Clock
  /** The agreement's row is locked while its targets' limits are checked. */
  agreements: Pick<AgreementsService, 'lock'>
  /** A target names an indicator of the partnership's catalogue by code. */
  indicators: Pick<IndicatorsService, 'findByCodes'>
  /** A target links outcomes of the current strategy by reference. */
  strategy: Pick<StrategyService, 'findNodesByRefs' | 'findCurrentVersion' | 'findCurrentNodes'>
  /** A target is for a place, by GSS code, or for the partnership's area. */
  places: Pick<PlacesService, 'find' | 'findByCode'>
  partnerships: Pick<PartnershipsService, 'find'>
  /** A changed target's stored assessments are recomputed in the same transaction. */
  assessments: Pick<AssessmentsService, 'refreshForTarget'>
}

/** An import's change inside its transaction, audited there: one row per target it changes. */
export async function audited<T>(tx: DbOrTx, actor: Actor, partnershipId: string, change: Change<T>) {
  if (change.audit) await audit(tx, actor, { partnershipId, ...change.audit })
  return change.result
}

/** The live indicator of the partnership's catalogue with that code (as `codeKey` matches), if any. */
export async function catalogueIndicator(
  deps: TargetWriteDeps,
  tx: DbOrTx,
  partnershipId: string,
  code: string,
) {
  const [indicator] = await deps.indicators.findByCodes(tx, partnershipId, [code])
  return indicator
}

/** Outcome refs → stable keys of the current strategy; unknown refs and themes are field errors. */
export async function resolveOutcomeRefs(
  deps: TargetWriteDeps,
  db: DbOrTx,
  partnershipId: string,
  refs: string[],
) {
  if (refs.length === 0) return { keys: [] as string[] }
  const nodes = await deps.strategy.findNodesByRefs(db, partnershipId, refs)
  const byRef = new Map(nodes.map((n) => [n.ref, n]))
  const unknown = refs.filter((r) => !byRef.has(r))
  if (unknown.length)
    return {
      error:
        nodes.length === 0 && !(await deps.strategy.findCurrentVersion(db, partnershipId))
          ? `The partnership has no strategy yet, so no outcome ${unknown.join(', ')}: add the strategy first or leave outcomes blank`
          : `No outcome ${unknown.join(', ')} in the current strategy`,
    }
  const themes = nodes.filter((n) => n.kind === 'theme')
  if (themes.length)
    return {
      error: `${themes.map((t) => t.ref).join(', ')} ${themes.length === 1 ? 'is a theme' : 'are themes'}: link targets to outcomes or sub-outcomes`,
    }
  return { keys: refs.map((r) => byRef.get(r)!.key) }
}

/** The place a target is for: a GSS code, or null for the partnership's area. */
export async function resolveTargetPlace(deps: TargetWriteDeps, db: DbOrTx, gss: string | null | undefined) {
  if (!gss) return { placeId: null as string | null }
  const place = await deps.places.findByCode(db, gss)
  if (!place || place.archivedAt) return { error: `No place has the GSS code ${gss}` }
  return { placeId: place.id }
}

/** The target's place with its path (its own, or else the partnership's area). */
export async function targetPlaceInfo(
  deps: TargetWriteDeps,
  db: DbOrTx,
  partnershipId: string,
  placeId: string | null,
) {
  const id = placeId ?? (await deps.partnerships.find(db, partnershipId))?.areaPlaceId ?? null
  if (!id) return null
  const p = await deps.places.find(db, id)
  return p ? { id: p.id, path: p.path, name: p.name, gssCode: p.gssCode } : null
}

/** Check a trajectory for a target of an indicator in an agreement. */
export async function checkTrajectoryFor(
  deps: TargetWriteDeps,
  db: DbOrTx,
  partnershipId: string,
  rows: TrajectoryRowInput[],
  ctx: { code: string; frequency: string | null; startYear: number; endYear: number; placeId: string | null },
  prefix = 'trajectory',
) {
  return checkTrajectory(
    rows,
    {
      ...ctx,
      places: await q.placesByGss(
        db,
        rows.map((r) => r.placeGss),
      ),
      targetPlace: await targetPlaceInfo(deps, db, partnershipId, ctx.placeId),
    },
    prefix,
  )
}

/** A baseline period in canonical spelling, or a field error. */
export function baselinePeriod(text: string | null | undefined, errors: FieldErrors) {
  if (!text) return null
  const r = tryParsePeriod(text)
  if (!r.ok) {
    errors.baselinePeriod = `The baseline period: ${r.error}`
    return null
  }
  return formatPeriod(r.period)
}

/**
 * The version columns an input sets. What the input leaves out that a version keeps (whether
 * the target is published) is carried over from the current version, if any.
 */
export function versionValues(
  input: TargetUpdate,
  baseline: string | null,
  current?: Pick<q.TargetVersionRow, 'published'>,
) {
  return {
    kind: input.kind,
    status: input.status,
    placeholderElements: input.status === 'placeholder' ? (input.placeholderElements ?? null) : null,
    baselinePeriod: baseline,
    baselineValue: input.baselineValue,
    tolerancePercent: input.tolerancePercent,
    withoutRewardValue: input.withoutRewardValue,
    stretchValue: input.stretchValue,
    rewardGrant: input.rewardGrant,
    notes: input.notes ?? null,
    published: input.published ?? current?.published ?? false,
  }
}

type VersionValues = ReturnType<typeof versionValues>
const VERSION_FIELDS = [
  'kind',
  'status',
  'placeholderElements',
  'baselinePeriod',
  'baselineValue',
  'tolerancePercent',
  'withoutRewardValue',
  'stretchValue',
  'rewardGrant',
  'notes',
  'published',
] as const satisfies (keyof VersionValues)[]

export function sameVersion(current: q.TargetVersionRow, next: VersionValues) {
  return VERSION_FIELDS.every((f) => (current[f] ?? null) === (next[f] ?? null))
}

export const recorder = (actor: Actor) => ({ recordedBy: actor.label, recordedByUserId: actor.userId })

/** Whether the target's current outcome links are exactly `keys`. */
export async function sameOutcomes(db: DbOrTx, targetId: string, keys: string[]) {
  const current = await oq.currentOutcomeRows(db, targetId)
  const want = new Set(keys)
  return current.length === want.size && current.every((r) => want.has(r.outcomeKey))
}

/** Replace the target's current outcome links with `keys` (append-only). Returns whether anything changed. */
export async function writeOutcomes(db: DbOrTx, targetId: string, keys: string[], at: Date) {
  const current = await oq.currentOutcomeRows(db, targetId)
  const want = new Set(keys)
  const have = new Set(current.map((r) => r.outcomeKey))
  const removed = current.filter((r) => !want.has(r.outcomeKey))
  const added = [...want].filter((k) => !have.has(k))
  await oq.supersedeOutcomeRows(
    db,
    removed.map((r) => r.id),
    at,
  )
  await oq.insertOutcomeRows(db, targetId, added, at)
  return removed.length > 0 || added.length > 0
}

/**
 * Replace the target's trajectory with `rows` (append-only): rows that change or go are
 * superseded, new values recorded; untouched rows keep their recording time. Returns the
 * before and after for the audit, or null when nothing changed.
 */
export async function writeTrajectory(
  db: DbOrTx,
  actor: Actor,
  targetId: string,
  rows: CheckedTrajectoryRow[],
  at: Date,
) {
  const current = await tq.trajectoriesFor(db, [targetId])
  if (sameTrajectory(current, rows)) return null
  const key = (r: { placeId: string | null; period: string }) => `${r.placeId ?? ''}|${r.period}`
  const next = new Map(rows.map((r) => [key(r), r]))
  const stale = current.filter((r) => next.get(key(r))?.value !== r.value)
  const kept = new Set(current.filter((r) => !stale.includes(r)).map(key))
  await tq.supersedeTrajectoryRows(
    db,
    stale.map((r) => r.id),
    at,
  )
  await tq.insertTrajectoryRows(
    db,
    rows
      .filter((r) => !kept.has(key(r)))
      .map((r) => ({ ...r, targetId, recordedAt: at, recordedBy: actor.label })),
  )
  const shape = (r: { placeId: string | null; period: string; value: number }) => ({
    placeId: r.placeId,
    period: r.period,
    value: r.value,
  })
  return { before: current.map(shape), after: rows.map(shape) }
}

/** The nodes of the current strategy by key, for showing a target's outcome links. */
export async function outcomeIndex(deps: TargetWriteDeps, db: DbOrTx, partnershipId: string) {
  const nodes = await deps.strategy.findCurrentNodes(db, partnershipId)
  return new Map(nodes.map((n) => [n.key, n]))
}
