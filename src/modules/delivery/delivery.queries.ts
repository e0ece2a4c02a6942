import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import {
  actionDependencies,
  actions,
  actionVersions,
  deliveryPlans,
  improvementPlans,
  indicators,
  organisations,
  people,
  refKey,
  targets,
} from '../../db/schema/index.ts'

export type PlanRow = typeof deliveryPlans.$inferSelect
export type ActionRow = typeof actions.$inferSelect

// --- plans ---

const planShape = {
  plan: deliveryPlans,
  leadName: people.name,
  indicatorCode: indicators.code,
  indicatorTitle: indicators.title,
}

function planRows(db: DbOrTx) {
  return db
    .select(planShape)
    .from(deliveryPlans)
    .leftJoin(people, eq(people.id, deliveryPlans.leadPersonId))
    .leftJoin(targets, eq(targets.id, deliveryPlans.targetId))
    .leftJoin(indicators, eq(indicators.id, targets.indicatorId))
}
const flattenPlan = (r: Awaited<ReturnType<typeof planRows>>[number]) => ({
  ...r.plan,
  leadName: r.leadName,
  targetLabel: r.indicatorCode ? `${r.indicatorCode}${r.indicatorTitle ? ` ${r.indicatorTitle}` : ''}` : null,
})
export type PlanWithNames = ReturnType<typeof flattenPlan>

/** The partnership's live plans, newest first, optionally only those of some targets or outcomes. */
export async function listPlans(
  db: DbOrTx,
  partnershipId: string,
  opts: { targetIds?: string[]; outcomeKeys?: string[]; status?: string } = {},
) {
  const rows = await planRows(db)
    .where(
      and(
        eq(deliveryPlans.partnershipId, partnershipId),
        isNull(deliveryPlans.archivedAt),
        opts.targetIds
          ? inArray(
              deliveryPlans.targetId,
              opts.targetIds.length ? opts.targetIds : ['00000000-0000-0000-0000-000000000000'],
            )
          : undefined,
        opts.outcomeKeys
          ? inArray(
              deliveryPlans.outcomeKey,
              opts.outcomeKeys.length ? opts.outcomeKeys : ['00000000-0000-0000-0000-000000000000'],
            )
          : undefined,
        opts.status ? eq(deliveryPlans.status, opts.status) : undefined,
      ),
    )
    .orderBy(asc(deliveryPlans.title))
  return rows.map(flattenPlan)
}

export async function findPlan(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await planRows(db).where(
    and(
      eq(deliveryPlans.partnershipId, partnershipId),
      eq(deliveryPlans.id, id),
      isNull(deliveryPlans.archivedAt),
    ),
  )
  return row && flattenPlan(row)
}

/** The live plan of a target or an outcome, if there is one. */
export async function planForSubject(
  db: DbOrTx,
  partnershipId: string,
  subject: { targetId: string | null; outcomeKey: string | null },
) {
  const [row] = await db
    .select({ id: deliveryPlans.id, title: deliveryPlans.title })
    .from(deliveryPlans)
    .where(
      and(
        eq(deliveryPlans.partnershipId, partnershipId),
        isNull(deliveryPlans.archivedAt),
        subject.targetId
          ? eq(deliveryPlans.targetId, subject.targetId)
          : eq(deliveryPlans.outcomeKey, subject.outcomeKey!),
      ),
    )
  return row
}

export async function insertPlan(db: DbOrTx, values: typeof deliveryPlans.$inferInsert) {
  const [row] = await db.insert(deliveryPlans).values(values).returning()
  return row!
}

export async function updatePlan(
  db: DbOrTx,
  id: string,
  values: Partial<typeof deliveryPlans.$inferInsert>,
  at: Date,
) {
  const [row] = await db
    .update(deliveryPlans)
    .set({ ...values, updatedAt: at })
    .where(eq(deliveryPlans.id, id))
    .returning()
  return row!
}

/** Whether a target belongs to the partnership and is live. */
export async function liveTarget(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select({ id: targets.id })
    .from(targets)
    .where(and(eq(targets.id, id), eq(targets.partnershipId, partnershipId), isNull(targets.archivedAt)))
  return row
}

/** The partnership's live targets, labelled by indicator, for choosing a plan's subject. */
export async function targetChoices(db: DbOrTx, partnershipId: string) {
  const rows = await db
    .select({ id: targets.id, code: indicators.code, title: indicators.title })
    .from(targets)
    .innerJoin(indicators, eq(indicators.id, targets.indicatorId))
    .where(and(eq(targets.partnershipId, partnershipId), isNull(targets.archivedAt)))
    .orderBy(asc(indicators.code))
  return rows.map((r) => ({ id: r.id, label: `${r.code}${r.title ? ` ${r.title}` : ''}` }))
}

/** Whether an improvement plan belongs to the partnership and is live. */
export async function liveImprovementPlan(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select({ id: improvementPlans.id })
    .from(improvementPlans)
    .where(
      and(
        eq(improvementPlans.id, id),
        eq(improvementPlans.partnershipId, partnershipId),
        isNull(improvementPlans.archivedAt),
      ),
    )
  return row
}

// --- actions ---

const actionShape = { action: actions, ownerName: people.name, organisationName: organisations.name }

function actionRows(db: DbOrTx) {
  return db
    .select(actionShape)
    .from(actions)
    .leftJoin(people, eq(people.id, actions.ownerPersonId))
    .leftJoin(organisations, eq(organisations.id, actions.organisationId))
}
const flattenAction = (r: Awaited<ReturnType<typeof actionRows>>[number]) => ({
  ...r.action,
  ownerName: r.ownerName,
  organisationName: r.organisationName,
})
export type ActionWithNames = ReturnType<typeof flattenAction>

/** A plan's live actions in date order. */
export async function actionsOfPlans(db: DbOrTx, planIds: string[]) {
  if (planIds.length === 0) return []
  const rows = await actionRows(db)
    .where(and(inArray(actions.planId, planIds), isNull(actions.archivedAt)))
    .orderBy(asc(actions.dueOn), asc(actions.ref))
  return rows.map(flattenAction)
}

/** The partnership's live actions matching a filter, in date order. */
export async function listActions(
  db: DbOrTx,
  partnershipId: string,
  opts: { dueBefore?: string; ownerPersonIds?: string[]; improvementPlanId?: string } = {},
) {
  if (opts.ownerPersonIds && opts.ownerPersonIds.length === 0) return []
  const rows = await actionRows(db)
    .innerJoin(deliveryPlans, and(eq(deliveryPlans.id, actions.planId), isNull(deliveryPlans.archivedAt)))
    .where(
      and(
        eq(actions.partnershipId, partnershipId),
        isNull(actions.archivedAt),
        opts.dueBefore
          ? sql`(${actions.dueOn} < ${opts.dueBefore} or ${actions.status} = 'late') and ${actions.status} not in ('complete', 'cancelled')`
          : undefined,
        opts.ownerPersonIds ? inArray(actions.ownerPersonId, opts.ownerPersonIds) : undefined,
        opts.improvementPlanId ? eq(actions.improvementPlanId, opts.improvementPlanId) : undefined,
      ),
    )
    .orderBy(asc(actions.dueOn), asc(actions.ref))
  return rows.map(flattenAction)
}

export async function findAction(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await actionRows(db).where(
    and(eq(actions.partnershipId, partnershipId), eq(actions.id, id), isNull(actions.archivedAt)),
  )
  return row && flattenAction(row)
}

/** A live action of the partnership with this ref (ignoring case and spaces), if any. */
export async function actionByRef(db: DbOrTx, partnershipId: string, ref: string) {
  const [row] = await db
    .select({ id: actions.id, ref: actions.ref })
    .from(actions)
    .where(
      and(
        eq(actions.partnershipId, partnershipId),
        isNull(actions.archivedAt),
        sql`${refKey(actions.ref)} = regexp_replace(lower(${ref}), '\\s+', '', 'g')`,
      ),
    )
  return row
}

/** Live actions of the partnership by id (to check dependencies). */
export async function actionsByIds(db: DbOrTx, partnershipId: string, ids: string[]) {
  if (ids.length === 0) return []
  return db
    .select({ id: actions.id, ref: actions.ref, planId: actions.planId })
    .from(actions)
    .where(
      and(eq(actions.partnershipId, partnershipId), inArray(actions.id, ids), isNull(actions.archivedAt)),
    )
}

export async function insertAction(db: DbOrTx, values: typeof actions.$inferInsert) {
  const [row] = await db.insert(actions).values(values).returning()
  return row!
}

export async function updateAction(
  db: DbOrTx,
  id: string,
  values: Partial<typeof actions.$inferInsert>,
  at: Date,
) {
  const [row] = await db
    .update(actions)
    .set({ ...values, updatedAt: at })
    .where(eq(actions.id, id))
    .returning()
  return row!
}

/** Every dependency between the partnership's live actions. */
export async function dependencyEdges(db: DbOrTx, partnershipId: string) {
  return db
    .select({ actionId: actionDependencies.actionId, dependsOnId: actionDependencies.dependsOnId })
    .from(actionDependencies)
    .innerJoin(actions, eq(actions.id, actionDependencies.actionId))
    .where(and(eq(actions.partnershipId, partnershipId), isNull(actions.archivedAt)))
}

export async function setDependencies(db: DbOrTx, actionId: string, dependsOn: string[]) {
  await db.delete(actionDependencies).where(eq(actionDependencies.actionId, actionId))
  if (dependsOn.length)
    await db.insert(actionDependencies).values(dependsOn.map((dependsOnId) => ({ actionId, dependsOnId })))
}

export async function insertVersion(db: DbOrTx, values: typeof actionVersions.$inferInsert) {
  await db.insert(actionVersions).values(values)
}

/**
 * Each of these actions as it stood at `at`: its latest version recorded by then (an action with
 * none did not exist yet).
 */
export async function versionsAt(db: DbOrTx, actionIds: string[], at: Date) {
  if (actionIds.length === 0) return []
  return db
    .selectDistinctOn([actionVersions.actionId])
    .from(actionVersions)
    .where(and(inArray(actionVersions.actionId, actionIds), lte(actionVersions.recordedAt, at)))
    .orderBy(actionVersions.actionId, desc(actionVersions.recordedAt), desc(actionVersions.id))
}

export async function versionsOf(db: DbOrTx, actionId: string) {
  return db
    .select()
    .from(actionVersions)
    .where(eq(actionVersions.actionId, actionId))
    .orderBy(desc(actionVersions.recordedAt), desc(actionVersions.id))
}

// --- the Actions sheet ---

/** The partnership's live plans with their target's indicator code (the Actions sheet's plan column). */
export async function sheetPlans(db: DbOrTx, partnershipId: string) {
  return db
    .select({
      id: deliveryPlans.id,
      targetId: deliveryPlans.targetId,
      outcomeKey: deliveryPlans.outcomeKey,
      indicatorCode: indicators.code,
    })
    .from(deliveryPlans)
    .leftJoin(targets, eq(targets.id, deliveryPlans.targetId))
    .leftJoin(indicators, eq(indicators.id, targets.indicatorId))
    .where(and(eq(deliveryPlans.partnershipId, partnershipId), isNull(deliveryPlans.archivedAt)))
}

/** The partnership's live targets by indicator code. */
export async function sheetTargets(db: DbOrTx, partnershipId: string) {
  return db
    .select({ id: targets.id, code: indicators.code })
    .from(targets)
    .innerJoin(indicators, eq(indicators.id, targets.indicatorId))
    .where(and(eq(targets.partnershipId, partnershipId), isNull(targets.archivedAt)))
}

/** The partnership's live people, to match owners by name or email. */
export async function sheetPeople(db: DbOrTx, partnershipId: string) {
  return db
    .select({ id: people.id, name: people.name, email: people.email })
    .from(people)
    .where(and(eq(people.partnershipId, partnershipId), isNull(people.archivedAt)))
}

/** The partnership's live organisations, to match by name. */
export async function sheetOrganisations(db: DbOrTx, partnershipId: string) {
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(and(eq(organisations.partnershipId, partnershipId), isNull(organisations.archivedAt)))
}

/** The partnership's open improvement plans, by target. */
export async function openImprovementPlans(db: DbOrTx, partnershipId: string) {
  return db
    .select({ id: improvementPlans.id, targetId: improvementPlans.targetId })
    .from(improvementPlans)
    .where(
      and(
        eq(improvementPlans.partnershipId, partnershipId),
        eq(improvementPlans.status, 'open'),
        isNull(improvementPlans.archivedAt),
      ),
    )
}

/** A live action of the partnership by ref, whole (ignoring case and spaces). */
export async function fullActionByRef(db: DbOrTx, partnershipId: string, ref: string) {
  const [row] = await db
    .select()
    .from(actions)
    .where(
      and(
        eq(actions.partnershipId, partnershipId),
        isNull(actions.archivedAt),
        sql`${refKey(actions.ref)} = regexp_replace(lower(${ref}), '\\s+', '', 'g')`,
      ),
    )
  return row
}
