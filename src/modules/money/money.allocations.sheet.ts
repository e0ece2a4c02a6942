/**
 * The Allocations sheet (workbook.md): money from a stream for a year to a first-level recipient,
 * for a target, an outcome or an action. A row is matched by its ref when it has one; otherwise
 * by stream, year, recipient and what it pays for (rows alike are matched in turn to the
 * allocations alike, oldest first). The allocations of a stream-year are checked against its
 * budget once the Budgets sheet (later in the workbook) is applied too.
 */
import type { Tx } from '../../db/client.ts'
import { poundsText } from '../../lib/money.ts'
import { cellParser, CellProblem, parseList, textCell } from '../../workbook/cells.ts'
import { column, type Counts, type RecordOf, type SheetSpec } from '../../workbook/sheets.ts'
import { defineSheet, type ImportEnv } from '../workbook/sheet.ts'
import * as aq from './money.allocations.queries.ts'
import type { MoneySheetDeps } from './money.funding.sheet.ts'
import { moneyPolicy } from './money.policy.ts'
import {
  actionRefs,
  budgetCheckOf,
  checkBudgetsIfLast,
  key,
  organisationsByName,
  poundsCell,
  reportRefusal,
  yearCell,
} from './money.sheet.shared.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'
import { parsePounds } from '../../lib/money.ts'

/** Four quarterly amounts separated by `;` (Q1 April-June first), or blank for even quarters. */
const profileCell = () =>
  cellParser<string[] | null>((v) => {
    if (v === undefined || v.trim() === '') return null
    const parts = parseList(v)
    if (parts.length !== 4) return new CellProblem('give four quarterly amounts separated by ;, or none')
    for (const p of parts) {
      const r = parsePounds(p, { what: 'Each quarter’s amount' })
      if (!r.ok) return new CellProblem(r.error)
    }
    return parts
  })

const dateCell = () =>
  cellParser<string | null>((v) => {
    if (v === undefined || v.trim() === '') return null
    const s = v.trim()
    const d = new Date(`${s}T00:00:00Z`)
    return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
      ? s
      : new CellProblem(`must be a date, YYYY-MM-DD (found ${s})`)
  })

const columns = {
  funding_ref: column(textCell({ required: true, max: 40 }), 'The stream’s ref (Funding sheet)', {
    required: true,
  }),
  year: column(yearCell(), 'The financial year, like 2008/09', { required: true }),
  recipient: column(
    textCell({ required: true, max: 200 }),
    'The first-level funding recipient: an organisation of the partnership, by name',
    { required: true },
  ),
  amount: column(
    poundsCell('the amount', { required: true }),
    'In pounds, like £250,000.00 (0 or more, at most two decimals)',
    {
      required: true,
    },
  ),
  target_code: column(textCell({ max: 40 }), 'What it pays for: the indicator code of a target, like NI 111'),
  outcome_ref: column(
    textCell({ max: 40 }),
    'Or: the ref of a theme or outcome of the current strategy, like 1.2',
  ),
  action_ref: column(
    textCell({ max: 40 }),
    'Or: the ref of an action of a delivery plan, like A-014 (one of the three, or none)',
  ),
  notes: column(textCell({ max: 4000 }), 'Notes'),
  ref: column(textCell({ max: 40 }), 'Optional: the allocation’s own reference (then it is matched by it)'),
  title: column(textCell({ max: 200 }), 'Optional: a title, like Youth offending early intervention'),
  profile: column(
    profileCell(),
    'Optional: four quarterly amounts separated by ; adding up to the amount (blank: even quarters)',
  ),
  awarded_on: column(dateCell(), 'Optional: the award date, YYYY-MM-DD'),
}
type AllocationRecord = RecordOf<typeof columns>

export const allocationsSpec: SheetSpec<typeof columns> = {
  name: 'Allocations',
  description:
    'Allocations of a funding stream’s money for a year to first-level recipients (002 §24), for a target, an outcome or an action. A stream’s allocations in a year never exceed its budget for that year (checked once the Budgets sheet is applied; allocations for a year with no budget yet await the one a later Budgets file gives, which may not be less).',
  columns,
}

const columnOf: Record<string, string> = {
  recipientId: 'recipient',
  amount: 'amount',
  paysFor: 'target_code',
  ref: 'ref',
  title: 'title',
  notes: 'notes',
  profile: 'profile',
  awardedOn: 'awarded_on',
  year: 'year',
  streamId: 'funding_ref',
}

export interface AllocationsSheetDeps extends MoneySheetDeps {
  strategy: Pick<StrategyService, 'findCurrentNodes'>
}

/** A first-level allocation's identity without a ref: stream, year, recipient and what it pays for. */
const identity = (a: {
  streamId: string
  year: string
  recipientId: string
  targetId: string | null
  outcomeKey: string | null
  actionId: string | null
}) => [a.streamId, a.year, a.recipientId, a.targetId ?? '', a.outcomeKey ?? '', a.actionId ?? ''].join('|')

function allocationsImport({ money, strategy }: AllocationsSheetDeps, env: ImportEnv) {
  const sheet = allocationsSpec.name
  const rows: { row: number; rec: AllocationRecord }[] = []
  const byRef = new Map<string, number>()
  const problem = (row: number, col: string | undefined, message: string) =>
    env.report.problem({ sheet, row, ...(col ? { column: col } : {}), message })
  return {
    add(row: number, rec: AllocationRecord) {
      if ([rec.target_code, rec.outcome_ref, rec.action_ref].filter(Boolean).length > 1)
        return problem(row, 'target_code', 'Give one of target_code, outcome_ref or action_ref, not more')
      if (rec.ref) {
        const first = byRef.get(key(rec.ref))
        if (first !== undefined)
          return problem(
            row,
            'ref',
            `${rec.ref} appears more than once in this sheet (first at row ${first})`,
          )
        byRef.set(key(rec.ref), row)
      }
      rows.push({ row, rec })
    },
    async check() {},
    async apply(tx: Tx): Promise<Counts> {
      const pid = env.partnershipId
      const counts: Counts = { created: 0, updated: 0, unchanged: 0 }
      const [{ byName }, targets, nodes, acts, existing] = [
        await organisationsByName(tx, pid),
        await aq.targetNames(tx, pid),
        await strategy.findCurrentNodes(tx, pid),
        await actionRefs(tx, pid),
        (await money.findAllocations(tx, pid)).filter((a) => !a.parentAllocationId),
      ]
      const targetByCode = new Map<string, string>()
      for (const t of targets) if (!targetByCode.has(key(t.code))) targetByCode.set(key(t.code), t.id)
      const nodeByRef = new Map(nodes.map((n) => [key(n.ref), n.key]))
      const actionByRef = new Map(acts.map((a) => [key(a.ref), a.id]))
      const existingByRef = new Map(existing.filter((a) => a.ref).map((a) => [key(a.ref!), a]))
      const unmatched = new Map<string, aq.AllocationRow[]>()
      for (const a of existing.filter((a) => !a.ref)) {
        const k = identity(a)
        unmatched.set(k, [...(unmatched.get(k) ?? []), a])
      }
      const check = budgetCheckOf(env)
      for (const { row, rec } of rows) {
        const stream = await money.findStreamByRef(tx, pid, rec.funding_ref)
        if (!stream) {
          problem(
            row,
            'funding_ref',
            `${rec.funding_ref} is not a funding stream of the partnership (Funding sheet)`,
          )
          continue
        }
        const recipient = byName.get(key(rec.recipient))
        if (!recipient) {
          problem(
            row,
            'recipient',
            `${rec.recipient} is not an organisation of the partnership (Organisations sheet)`,
          )
          continue
        }
        let paysFor: string | null = null
        const subject = {
          targetId: null as string | null,
          outcomeKey: null as string | null,
          actionId: null as string | null,
        }
        if (rec.target_code) {
          const id = targetByCode.get(key(rec.target_code))
          if (!id) {
            problem(
              row,
              'target_code',
              `${rec.target_code} is not the indicator code of a target of the partnership`,
            )
            continue
          }
          paysFor = `target:${(subject.targetId = id)}`
        } else if (rec.outcome_ref) {
          const k = nodeByRef.get(key(rec.outcome_ref))
          if (!k) {
            problem(row, 'outcome_ref', `${rec.outcome_ref} is not a ref of the current strategy`)
            continue
          }
          paysFor = `outcome:${(subject.outcomeKey = k)}`
        } else if (rec.action_ref) {
          const id = actionByRef.get(key(rec.action_ref))
          if (!id) {
            problem(
              row,
              'action_ref',
              `${rec.action_ref} is not an action of the partnership’s delivery plans`,
            )
            continue
          }
          paysFor = `action:${(subject.actionId = id)}`
        }
        let before: aq.AllocationRow | undefined
        if (rec.ref) before = existingByRef.get(key(rec.ref))
        else
          before = unmatched
            .get(identity({ streamId: stream.id, year: rec.year, recipientId: recipient.id, ...subject }))
            ?.shift()
        if (before && (before.streamId !== stream.id || before.year !== rec.year)) {
          const from = before.streamId
          const was = (await money.findStreams(tx, pid)).find((s) => s.id === from)
          problem(
            row,
            'funding_ref',
            `${rec.ref} is an allocation from ${was?.ref ?? 'another stream'} in ${before.year}: archive it and allocate again to move its money`,
          )
          continue
        }
        const fields = {
          recipientId: recipient.id,
          amount: poundsText(rec.amount!),
          paysFor,
          ref: rec.ref,
          title: rec.title,
          notes: rec.notes,
          profile: rec.profile,
          awardedOn: rec.awarded_on,
        }
        try {
          if (before) {
            const res = await money.updateAllocationTx(tx, env.actor, pid, before.id, fields, {
              deferBudgetCheck: true,
            })
            if (res.changed) counts.updated++
            else counts.unchanged++
          } else {
            await money.createAllocationTx(
              tx,
              env.actor,
              pid,
              { ...fields, streamId: stream.id, year: rec.year, parentAllocationId: null },
              { deferBudgetCheck: true },
            )
            counts.created++
          }
          check.touch(stream.id, stream.ref, rec.year, 'Allocations', row)
        } catch (e) {
          reportRefusal(problem, row, e, columnOf, 'amount')
        }
      }
      await checkBudgetsIfLast(tx, env, money, 'Allocations')
      if (env.report.failed) throw env.report.error(env.sheetOrder)
      return counts
    },
  }
}

export const allocationsSheet = (deps: AllocationsSheetDeps) =>
  defineSheet({
    ...allocationsSpec,
    importPolicy: moneyPolicy.write,
    exportPolicy: moneyPolicy.read,
    importer: (env) => allocationsImport(deps, env),
    async *rows(db, partnershipId) {
      const [all, targets, nodes, acts] = [
        await deps.money.findAllocations(db, partnershipId),
        await aq.targetNames(db, partnershipId),
        await deps.strategy.findCurrentNodes(db, partnershipId),
        await actionRefs(db, partnershipId),
      ]
      const codeOf = new Map(targets.map((t) => [t.id, t.code]))
      const refOfNode = new Map(nodes.map((n) => [n.key, n.ref]))
      const refOfAction = new Map(acts.map((a) => [a.id, a.ref]))
      for (const a of all.filter((a) => !a.parentAllocationId))
        yield {
          funding_ref: a.streamRef,
          year: a.year,
          recipient: a.recipientName,
          amount: poundsText(a.amountPence),
          target_code: a.targetId ? (codeOf.get(a.targetId) ?? null) : null,
          outcome_ref: a.outcomeKey ? (refOfNode.get(a.outcomeKey) ?? null) : null,
          action_ref: a.actionId ? (refOfAction.get(a.actionId) ?? null) : null,
          notes: a.notes,
          ref: a.ref,
          title: a.title,
          profile: a.profile ? a.profile.map((p) => poundsText(p)).join('; ') : null,
          awarded_on: a.awardedOn,
        }
    },
  })
