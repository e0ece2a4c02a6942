import type { Db, DbOrTx } from '../../db/client.ts'
import { notFound, validationError, type FieldErrors } from '../../errors.ts'
import { ukDate } from '../../lib/clock.ts'
import type { AgreementRow, AgreementsService } from '../agreements/agreements.service.ts'
import { mutate, type Change } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import { createCoverageUseCases } from './coverage.service.ts'
import { createNegotiationUseCases, refuseIncompleteAgreement } from './negotiation.service.ts'
import * as oq from './outcomes.queries.ts'
import { createRevisionUseCases } from './revisions.service.ts'
import { createPublishUseCases } from './publish.service.ts'
import * as q from './targets.queries.ts'
import { targetPolicy } from './targets.policy.ts'
import { designatedLimitProblem } from './targets.rules.ts'
import type { TargetCreate, TargetUpdate } from './targets.schema.ts'
import { createTrajectoryUseCases } from './trajectories.service.ts'
import * as tq from './trajectories.queries.ts'
import * as w from './targets.write.ts'

export type { TargetRow, TargetVersionRow, TargetView } from './targets.queries.ts'
export type { TrajectoryRow } from './trajectories.queries.ts'
export type { CommentRow } from './negotiation.queries.ts'
export type { TargetWriteDeps } from './targets.write.ts'

const entityType = 'target'

/** Kind rules that need the database: the designated limit (the agreement row is locked by the caller). */
async function checkKind(
  tx: DbOrTx,
  agreementId: string,
  kind: string,
  targetId: string | undefined,
  errors: FieldErrors,
) {
  if (kind !== 'designated') return
  const problem = designatedLimitProblem(await q.countDesignated(tx, agreementId, targetId))
  if (problem) errors.kind = problem
}

/**
 * Add a target inside the caller's transaction: the target and its audit event. Every problem is
 * a field error (nothing is written). Status `agreed` records an agreement reached outside the
 * system (loading a signed LAA).
 */
async function createChange(
  deps: w.TargetWriteDeps,
  tx: DbOrTx,
  actor: Actor,
  partnershipId: string,
  agreement: AgreementRow,
  input: TargetCreate,
): Promise<
  Change<{ target: q.TargetRow; version: q.TargetVersionRow; indicator: q.TargetView['indicator'] }>
> {
  await deps.agreements.lock(tx, agreement.id)
  const errors: FieldErrors = {}
  const indicator = await w.catalogueIndicator(deps, tx, partnershipId, input.indicatorCode)
  if (!indicator)
    errors.indicatorCode = `${input.indicatorCode} is not in the indicator catalogue: add it there first`
  else if (indicator.withdrawn)
    errors.indicatorCode = `${indicator.code} was withdrawn from its set: choose another indicator`
  else if (await q.findLiveTargetByIndicator(tx, agreement.id, indicator.id))
    errors.indicatorCode = `${indicator.code} already has a target in ${agreement.name}`
  await checkKind(tx, agreement.id, input.kind, undefined, errors)
  const outcomes = await w.resolveOutcomeRefs(deps, tx, partnershipId, input.outcomeRefs)
  if (outcomes.error) errors.outcomeRefs = outcomes.error
  const place = await w.resolveTargetPlace(deps, tx, input.placeGss)
  if (place.error) errors.placeGss = place.error
  const baseline = w.baselinePeriod(input.baselinePeriod, errors)
  let trajectory: Awaited<ReturnType<typeof w.checkTrajectoryFor>>['rows'] = []
  if (indicator && input.trajectory?.length && !place.error) {
    const checked = await w.checkTrajectoryFor(deps, tx, partnershipId, input.trajectory, {
      code: indicator.code,
      frequency: indicator.frequency,
      startYear: agreement.startYear,
      endYear: agreement.endYear,
      placeId: place.placeId ?? null,
    })
    Object.assign(errors, checked.errors)
    trajectory = checked.rows
  }
  if (Object.keys(errors).length || !indicator) throw validationError(errors)

  const at = deps.clock()
  const target = await q.insertTarget(tx, {
    partnershipId,
    agreementId: agreement.id,
    indicatorId: indicator.id,
    placeId: place.placeId ?? null,
    createdAt: at,
  })
  const version = await q.appendVersion(
    tx,
    target.id,
    { ...w.versionValues(input, baseline), ...w.recorder(actor) },
    at,
  )
  await w.writeOutcomes(tx, target.id, outcomes.keys ?? [], at)
  await w.writeTrajectory(tx, actor, target.id, trajectory, at)
  await deps.assessments.refreshForTarget(tx, target.id)
  return {
    result: { target, version, indicator },
    audit: {
      entityType,
      entityId: target.id,
      action: 'create',
      after: { target, version, outcomeRefs: input.outcomeRefs, trajectory },
    },
  }
}

/**
 * Change a target during negotiation inside the caller's transaction: a new version when anything
 * differs, and its audit event (null, and no event, when nothing does). An agreed target is
 * changed only by revision.
 */
async function updateChange(
  deps: w.TargetWriteDeps,
  tx: DbOrTx,
  actor: Actor,
  partnershipId: string,
  v: q.TargetView,
  input: TargetUpdate,
): Promise<Change<q.TargetVersionRow | null>> {
  const errors: FieldErrors = {}
  const outcomes = await w.resolveOutcomeRefs(deps, tx, partnershipId, input.outcomeRefs)
  if (outcomes.error) errors.outcomeRefs = outcomes.error
  const baseline = w.baselinePeriod(input.baselinePeriod, errors)
  const values = w.versionValues(input, baseline, v.version)
  const unchanged =
    !Object.keys(errors).length &&
    w.sameVersion(v.version, values) &&
    (await w.sameOutcomes(tx, v.target.id, outcomes.keys ?? []))
  // Saving what is already there changes nothing (a workbook exported and imported again).
  if (unchanged) return { result: null, audit: null }
  if (v.version.status === 'agreed')
    throw validationError({
      _form: `${v.indicator.code} is agreed: change it by revising it (the refresh), with the reason and the government office’s agreement`,
    })
  if (input.status === 'agreed' && !targetPolicy.agree(actor, partnershipId))
    errors.status =
      'Only the government office or an administrator can agree a target: use Agree on the target’s page'
  if (input.placeGss) {
    const place = await w.resolveTargetPlace(deps, tx, input.placeGss)
    if (place.error) errors.placeGss = place.error
    else if (place.placeId !== v.target.placeId)
      errors.placeGss = 'A target’s place cannot change: archive the target and add a new one'
  }
  await deps.agreements.lock(tx, v.target.agreementId)
  await checkKind(tx, v.target.agreementId, input.kind, v.target.id, errors)
  if (Object.keys(errors).length) throw validationError(errors)

  const at = deps.clock()
  const agreeing = input.status === 'agreed'
  await w.writeOutcomes(tx, v.target.id, outcomes.keys ?? [], at)
  const version = await q.appendVersion(
    tx,
    v.target.id,
    {
      ...values,
      ...w.recorder(actor),
      ...(agreeing ? { agreedBy: actor.label, agreedByUserId: actor.userId, agreedOn: ukDate(at) } : {}),
    },
    at,
  )
  await deps.assessments.refreshForTarget(tx, v.target.id)
  return {
    result: version,
    audit: {
      entityType,
      entityId: v.target.id,
      action: 'update',
      before: { version: v.version },
      after: { version, outcomeRefs: input.outcomeRefs },
    },
  }
}

/**
 * Add a target inside the caller's transaction, audited there. Module-internal: the caller (the
 * Targets sheet's importer) has authorised.
 */
export const createIn = async (
  deps: w.TargetWriteDeps,
  tx: DbOrTx,
  actor: Actor,
  partnershipId: string,
  agreement: AgreementRow,
  input: TargetCreate,
) => w.audited(tx, actor, partnershipId, await createChange(deps, tx, actor, partnershipId, agreement, input))

/**
 * Change a target during negotiation inside the caller's transaction, audited there (null when
 * nothing differs). Module-internal: the caller (the Targets sheet's importer) has authorised.
 */
export const updateIn = async (
  deps: w.TargetWriteDeps,
  tx: DbOrTx,
  actor: Actor,
  partnershipId: string,
  v: q.TargetView,
  input: TargetUpdate,
) => w.audited(tx, actor, partnershipId, await updateChange(deps, tx, actor, partnershipId, v, input))

/** The live target of an indicator in an agreement, inside the caller's transaction (module-internal: the sheets). */
export async function findIn(
  deps: w.TargetWriteDeps,
  tx: DbOrTx,
  partnershipId: string,
  agreementId: string,
  code: string,
) {
  const indicator = await w.catalogueIndicator(deps, tx, partnershipId, code)
  const t = indicator && (await q.findLiveTargetByIndicator(tx, agreementId, indicator.id))
  return t ? q.findTargetView(tx, partnershipId, t.id) : undefined
}

/** The services and clock the targets service is given by `createServices`. */
export type TargetsServiceDeps = w.TargetWriteDeps & { agreements: Pick<AgreementsService, 'find' | 'lock'> }

export function createTargetsService(db: Db, deps: TargetsServiceDeps) {
  async function liveAgreement(tx: DbOrTx, partnershipId: string, agreementId: string) {
    const a = await deps.agreements.find(tx, partnershipId, agreementId)
    if (!a || a.archivedAt) throw notFound('Agreement')
    return a
  }

  async function view(actor: Actor, partnershipId: string, id: string, at?: Date) {
    authorize(targetPolicy.read, actor, partnershipId)
    const v = await q.findTargetView(db, partnershipId, id, at)
    if (!v) throw notFound('Target')
    return v
  }

  const shared: TargetDeps = { ...deps, db, view, liveAgreement }

  return {
    /** The agreement's targets as they stand, or stood at `at`. */
    async list(
      actor: Actor,
      partnershipId: string,
      agreementId: string,
      opts: { at?: Date; kind?: string; status?: string } = {},
    ) {
      authorize(targetPolicy.read, actor, partnershipId)
      await liveAgreement(db, partnershipId, agreementId)
      const rows = await q.listTargets(db, partnershipId, agreementId, opts)
      const keys = await oq.outcomeKeysFor(
        db,
        rows.map((r) => r.target.id),
        opts.at,
      )
      const index = await w.outcomeIndex(deps, db, partnershipId)
      return rows.map((r) => ({
        ...r,
        outcomes: (keys.get(r.target.id) ?? []).map((k) => ({ key: k, node: index.get(k) })),
      }))
    },

    /** How many live targets the agreement has and how many of them have no trajectory yet. */
    async trajectoryCoverage(actor: Actor, partnershipId: string, agreementId: string) {
      authorize(targetPolicy.read, actor, partnershipId)
      const rows = await q.listTargets(db, partnershipId, agreementId, {})
      const withTrajectory = new Set(
        (
          await tq.trajectoriesFor(
            db,
            rows.map((r) => r.target.id),
          )
        ).map((t) => t.targetId),
      )
      return {
        targets: rows.length,
        withoutTrajectory: rows.filter((r) => !withTrajectory.has(r.target.id)).length,
      }
    },

    /** One target with its outcomes and trajectory, as it stands or stood at `at`. */
    async get(actor: Actor, partnershipId: string, id: string, opts: { at?: Date } = {}) {
      const v = await view(actor, partnershipId, id, opts.at)
      const [keys, trajectory, index, agreement] = await Promise.all([
        oq.outcomeKeysFor(db, [id], opts.at),
        tq.trajectoriesFor(db, [id], opts.at),
        w.outcomeIndex(deps, db, partnershipId),
        deps.agreements.find(db, partnershipId, v.target.agreementId),
      ])
      return {
        ...v,
        agreement: agreement!,
        outcomes: (keys.get(id) ?? []).map((k) => ({ key: k, node: index.get(k) })),
        trajectory,
      }
    },

    create: (actor: Actor, partnershipId: string, agreementId: string, input: TargetCreate) =>
      mutate(db, actor, { partnershipId, rule: targetPolicy.edit }, async (tx) => {
        const agreement = await liveAgreement(tx, partnershipId, agreementId)
        return createChange(deps, tx, actor, partnershipId, agreement, input)
      }),

    async update(actor: Actor, partnershipId: string, id: string, input: TargetUpdate) {
      authorize(targetPolicy.edit, actor, partnershipId)
      const v = await view(actor, partnershipId, id)
      if (v.target.archivedAt) throw notFound('Target')
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const change = await updateChange(deps, tx, actor, partnershipId, v, input)
        // Agreeing by editing needs a complete target, as Agree does (imports may load incomplete ones).
        if (input.status === 'agreed' && v.version.status !== 'agreed')
          await refuseIncompleteAgreement(tx, partnershipId, id)
        return change
      })
    },

    /** Archive (soft delete): the target leaves the agreement; its history stays. */
    async archive(actor: Actor, partnershipId: string, id: string) {
      authorize(targetPolicy.archive, actor, partnershipId)
      const v = await view(actor, partnershipId, id)
      if (v.target.archivedAt) return v.target
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const row = await q.archiveTarget(tx, id, deps.clock())
        await deps.assessments.refreshForTarget(tx, id)
        return {
          result: row,
          audit: { entityType, entityId: id, action: 'archive', before: v.target, after: row },
        }
      })
    },

    /**
     * For another module's read (it has authorised and chosen the partnership's targets): each
     * target's outcome keys linked now, or at `at` (the dashboard's themes).
     */
    findOutcomeKeys: (tx: DbOrTx, targetIds: string[], at?: Date) => oq.outcomeKeysFor(tx, targetIds, at),

    ...createTrajectoryUseCases(shared),
    ...createNegotiationUseCases(shared),
    ...createRevisionUseCases(shared),
    ...createPublishUseCases(shared),
    ...createCoverageUseCases(shared),
  }
}

/** What the targets service's use-cases share: its services and clock, its database, and two reads. */
export type TargetDeps = TargetsServiceDeps & {
  db: Db
  view: (actor: Actor, partnershipId: string, id: string, at?: Date) => Promise<q.TargetView>
  liveAgreement: (tx: DbOrTx, partnershipId: string, agreementId: string) => Promise<AgreementRow>
}

export type TargetsService = ReturnType<typeof createTargetsService>
