import type { Tx } from '../../db/client.ts'
import { isAppError } from '../../errors.ts'
import { enumCell, listCell, textCell, yesNoCell } from '../../workbook/cells.ts'
import { column, type Counts, type RecordOf, type SheetSpec } from '../../workbook/sheets.ts'
import { defineSheet, type ImportEnv } from '../workbook/sheet.ts'
import { deliveryPolicy } from './delivery.policy.ts'
import { findCycle } from './delivery.rules.ts'
import { actionInput, actionStatuses, type ActionInput } from './delivery.schema.ts'
import type { DeliveryService } from './delivery.service.ts'

const columns = {
  ref: column(textCell({ required: true, max: 40 }), 'Unique in the partnership, like A-014', {
    required: true,
  }),
  title: column(textCell({ required: true, max: 300 }), 'What the action is', { required: true }),
  target_code: column(
    textCell({ max: 40 }),
    'The plan it belongs to: the indicator code of a target with a delivery plan (or give outcome_ref)',
  ),
  outcome_ref: column(
    textCell({ max: 40 }),
    'The plan it belongs to: the ref of an outcome in the current strategy with a delivery plan (or give target_code)',
  ),
  owner: column(textCell({ max: 254 }), 'A person of the partnership, by name or email'),
  organisation: column(textCell({ max: 200 }), 'An organisation of the partnership, by name'),
  start: column(textCell({ max: 10 }), 'Start date, YYYY-MM-DD'),
  due: column(textCell({ required: true, max: 10 }), 'Due date, YYYY-MM-DD', { required: true }),
  status: column(
    enumCell(actionStatuses),
    '`not-started`, `on-track`, `at-risk`, `late`, `complete` or `cancelled` (blank: not-started); shown late when the due date passes unfinished',
  ),
  percent_complete: column(textCell({ max: 10 }), 'A whole number from 0 to 100 (blank: 0)'),
  milestone: column(yesNoCell(), 'yes for a milestone (blank: no)'),
  depends_on: column(listCell(), 'The refs of the actions it waits for, separated by ;'),
  improvement_plan: column(yesNoCell(), "yes: part of the target's open improvement plan (blank: no)"),
  notes: column(textCell({ max: 4000 }), 'Anything else'),
}

type ActionRecord = RecordOf<typeof columns>

export const actionsSpec: SheetSpec<typeof columns> = {
  name: 'Actions',
  description:
    'The actions and milestones of the delivery plans (003 §3-7), each in the plan of a target or an outcome, matched by ref.',
  columns,
}

/** The schema's field → the sheet's column, to name problems. */
const columnOf: Record<string, string> = {
  ref: 'ref',
  title: 'title',
  ownerPersonId: 'owner',
  organisationId: 'organisation',
  startOn: 'start',
  dueOn: 'due',
  status: 'status',
  percentComplete: 'percent_complete',
  milestone: 'milestone',
  notes: 'notes',
  dependsOn: 'depends_on',
  improvementPlanId: 'improvement_plan',
}

const key = (s: string) => s.toLowerCase().replace(/\s+/g, '')

export interface ActionsSheetDeps {
  delivery: DeliveryService
}

type Parsed = Omit<ActionInput, 'dependsOn'>

function actionsImport({ delivery }: ActionsSheetDeps, env: ImportEnv) {
  const sheet = actionsSpec.name
  const rows: { row: number; rec: ActionRecord; input: Parsed }[] = []
  const byRef = new Map<string, number>()
  const problem = (row: number, col: string | undefined, message: string) =>
    env.report.problem({ sheet, row, ...(col ? { column: col } : {}), message })

  return {
    add(row: number, rec: ActionRecord) {
      const first = byRef.get(key(rec.ref))
      if (first !== undefined)
        return problem(row, 'ref', `${rec.ref} appears more than once in this sheet (first at row ${first})`)
      byRef.set(key(rec.ref), row)
      if (rec.target_code && rec.outcome_ref)
        return problem(row, 'target_code', 'Give a target_code or an outcome_ref, not both')
      if (!rec.target_code && !rec.outcome_ref)
        return problem(
          row,
          'target_code',
          'Give the target_code (or the outcome_ref) of the plan the action belongs to',
        )
      const parsed = actionInput.safeParse({
        ref: rec.ref,
        title: rec.title,
        startOn: rec.start,
        dueOn: rec.due,
        status: rec.status ?? 'not-started',
        percentComplete: rec.percent_complete ?? '',
        milestone: rec.milestone,
        notes: rec.notes,
      })
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          problem(row, columnOf[String(issue.path[0])] ?? undefined, issue.message)
        return
      }
      const { dependsOn: _d, ...input } = parsed.data
      rows.push({ row, rec, input })
    },

    async check() {},

    /** Plans, owners and organisations resolve once the sheets above are written; dependencies once every row is. */
    async apply(tx: Tx): Promise<Counts> {
      const pid = env.partnershipId
      const ctx = await delivery.sheetContext(tx, pid)
      const targetByCode = new Map<string, string>()
      for (const t of ctx.targets) if (!targetByCode.has(key(t.code))) targetByCode.set(key(t.code), t.id)
      const nodeByRef = new Map(ctx.nodes.map((n) => [n.ref.trim(), n.key]))
      const planOfTarget = new Map(ctx.plans.filter((p) => p.targetId).map((p) => [p.targetId!, p.id]))
      const planOfOutcome = new Map(ctx.plans.filter((p) => p.outcomeKey).map((p) => [p.outcomeKey!, p.id]))
      const openPlanOf = new Map(ctx.openPlans.map((p) => [p.targetId, p.id]))
      const existing = new Map(ctx.actions.map((a) => [key(a.ref), a]))
      const counts: Counts = { created: 0, updated: 0, unchanged: 0 }
      const saved: { row: number; rec: ActionRecord; id: string; changed: boolean }[] = []

      for (const { row, rec, input } of rows) {
        let planId: string | undefined
        let targetId: string | null = null
        if (rec.target_code) {
          targetId = targetByCode.get(key(rec.target_code)) ?? null
          if (!targetId) {
            problem(
              row,
              'target_code',
              `${rec.target_code} is not the indicator code of a target of the partnership`,
            )
            continue
          }
          planId = planOfTarget.get(targetId)
          if (!planId) {
            problem(
              row,
              'target_code',
              `${rec.target_code} has no delivery plan yet: create the plan first (Delivery plans), then import its actions`,
            )
            continue
          }
        } else if (rec.outcome_ref) {
          const k = nodeByRef.get(rec.outcome_ref.trim())
          if (!k) {
            problem(row, 'outcome_ref', `${rec.outcome_ref} is not a ref of the current strategy`)
            continue
          }
          planId = planOfOutcome.get(k)
          if (!planId) {
            problem(
              row,
              'outcome_ref',
              `${rec.outcome_ref} has no delivery plan yet: create the plan first (Delivery plans), then import its actions`,
            )
            continue
          }
        }
        let ownerPersonId: string | null = null
        if (rec.owner) {
          const wanted = rec.owner.trim().toLowerCase()
          const byEmail = ctx.people.filter((p) => p.email?.toLowerCase() === wanted)
          const byName = ctx.people.filter((p) => p.name.toLowerCase() === wanted)
          const found = byEmail.length === 1 ? byEmail : byName
          if (found.length !== 1) {
            problem(
              row,
              'owner',
              found.length
                ? `${rec.owner} names ${found.length} people: give their email instead`
                : `${rec.owner} is not a person of the partnership (People sheet)`,
            )
            continue
          }
          ownerPersonId = found[0]!.id
        }
        let organisationId: string | null = null
        if (rec.organisation) {
          const wanted = rec.organisation.trim().toLowerCase()
          const found = ctx.organisations.filter((o) => o.name.trim().toLowerCase() === wanted)
          if (found.length !== 1) {
            problem(
              row,
              'organisation',
              found.length
                ? `${rec.organisation} names ${found.length} organisations`
                : `${rec.organisation} is not an organisation of the partnership (Organisations sheet)`,
            )
            continue
          }
          organisationId = found[0]!.id
        }
        let improvementPlanId: string | null = null
        if (rec.improvement_plan) {
          const before = existing.get(key(rec.ref))
          if (before?.improvementPlanId) improvementPlanId = before.improvementPlanId
          else if (!targetId) {
            problem(
              row,
              'improvement_plan',
              'Only an action of a target’s plan can be part of its improvement plan',
            )
            continue
          } else {
            improvementPlanId = openPlanOf.get(targetId) ?? null
            if (!improvementPlanId) {
              problem(row, 'improvement_plan', `${rec.target_code} has no open improvement plan`)
              continue
            }
          }
        }
        try {
          const done = await delivery.saveActionByRef(tx, env.actor, pid, planId!, {
            ...input,
            ownerPersonId,
            organisationId,
            improvementPlanId,
          })
          if (done.created) counts.created++
          saved.push({ row, rec, id: done.row.id, changed: done.changed })
        } catch (e) {
          if (!isAppError(e) || !e.fields) throw e
          for (const [field, message] of Object.entries(e.fields)) problem(row, columnOf[field], message)
        }
      }
      if (env.report.failed) throw env.report.error([sheet])

      // Dependencies: on actions of this sheet or already in the partnership.
      const idOf = new Map<string, string>()
      const refOf = new Map<string, string>()
      for (const a of ctx.actions) {
        idOf.set(key(a.ref), a.id)
        refOf.set(a.id, a.ref)
      }
      for (const s of saved) {
        idOf.set(key(s.rec.ref), s.id)
        refOf.set(s.id, s.rec.ref)
      }
      const wanted = new Map<string, string[]>()
      for (const s of saved) {
        const ids: string[] = []
        for (const ref of s.rec.depends_on) {
          const id = idOf.get(key(ref))
          if (!id) problem(s.row, 'depends_on', `${ref} is not an action of the partnership or of this sheet`)
          else if (id === s.id) problem(s.row, 'depends_on', `${s.rec.ref} cannot depend on itself`)
          else ids.push(id)
        }
        wanted.set(s.id, [...new Set(ids)])
      }
      if (env.report.failed) throw env.report.error([sheet])
      const finalEdges = [
        ...ctx.edges.filter((e) => !wanted.has(e.actionId)),
        ...[...wanted].flatMap(([actionId, ids]) => ids.map((dependsOnId) => ({ actionId, dependsOnId }))),
      ]
      for (const s of saved) {
        const cycle = findCycle(s.id, wanted.get(s.id)!, finalEdges)
        if (cycle)
          problem(
            s.row,
            'depends_on',
            `That would make a loop of dependencies: ${cycle.map((id) => refOf.get(id) ?? id).join(' → ')}`,
          )
      }
      if (env.report.failed) throw env.report.error([sheet])
      for (const s of saved) {
        const current = ctx.edges.filter((e) => e.actionId === s.id).map((e) => e.dependsOnId)
        const changed = await delivery.setActionDependencies(
          tx,
          env.actor,
          pid,
          s.id,
          wanted.get(s.id)!,
          current,
        )
        const created = !ctx.actions.some((a) => a.id === s.id)
        if (created) continue
        if (s.changed || changed) counts.updated++
        else counts.unchanged++
      }
      return counts
    },
  }
}

export const actionsSheet = (deps: ActionsSheetDeps) =>
  defineSheet({
    ...actionsSpec,
    exportPolicy: deliveryPolicy.read,
    importer: (env) => actionsImport(deps, env),
    async *rows(db, partnershipId) {
      const ctx = await deps.delivery.sheetContext(db, partnershipId)
      const planById = new Map(ctx.plans.map((p) => [p.id, p]))
      const refOfNode = new Map(ctx.nodes.map((n) => [n.key, n.ref]))
      const refOf = new Map(ctx.actions.map((a) => [a.id, a.ref]))
      for (const a of ctx.actions) {
        const plan = planById.get(a.planId)
        yield {
          ref: a.ref,
          title: a.title,
          target_code: plan?.indicatorCode ?? null,
          outcome_ref: plan?.outcomeKey ? (refOfNode.get(plan.outcomeKey) ?? null) : null,
          owner: a.ownerName,
          organisation: a.organisationName,
          start: a.startOn,
          due: a.dueOn,
          status: a.status,
          percent_complete: a.percentComplete,
          milestone: a.milestone,
          depends_on: ctx.edges
            .filter((e) => e.actionId === a.id)
            .map((e) => refOf.get(e.dependsOnId))
            .filter((r): r is string => !!r)
            .sort()
            .join('; '),
          improvement_plan: a.improvementPlanId !== null,
          notes: a.notes,
        }
      }
    },
  })
