/**
 * The Funding and Budgets sheets (workbook.md): funding streams by ref, with their parent stream
 * and accountable body; and a stream's budget per financial year (versioned: a new amount
 * supersedes the old, the history stays).
 */
import type { Tx } from '../../db/client.ts'
import { poundsText } from '../../lib/money.ts'
import { enumCell, textCell, yesNoCell } from '../../workbook/cells.ts'
import { column, type Counts, type RecordOf, type SheetSpec } from '../../workbook/sheets.ts'
import { defineSheet, type ImportEnv } from '../workbook/sheet.ts'
import { moneyPolicy } from './money.policy.ts'
import type { MoneyService } from './money.service.ts'
import {
  budgetCheckOf,
  checkBudgetsIfLast,
  key,
  organisationsByName,
  poundsCell,
  reportRefusal,
  yearCell,
} from './money.sheet.shared.ts'
import { spendTypes, streamKinds, streamPurposes } from './money.streams.schema.ts'

export interface MoneySheetDeps {
  money: MoneyService
}

const fundingColumns = {
  ref: column(
    textCell({ required: true, max: 40 }),
    'The stream’s reference, unique in the partnership, like ABG',
    {
      required: true,
    },
  ),
  name: column(textCell({ required: true, max: 200 }), 'Its name, like Area Based Grant', { required: true }),
  source: column(
    textCell({ required: true, max: 200 }),
    'The government department or body the money comes from',
    {
      required: true,
    },
  ),
  kind: column(
    enumCell(Object.keys(streamKinds) as ['pooled', 'aligned', 'grant'], { required: true }),
    '`pooled`, `aligned` or `grant`',
    {
      required: true,
    },
  ),
  ring_fenced: column(yesNoCell(), 'yes/no: ring-fenced (blank: no)'),
  spend_type: column(
    enumCell(Object.keys(spendTypes) as ['revenue', 'capital']),
    '`revenue` or `capital` (blank: not said)',
  ),
  parent_ref: column(
    textCell({ max: 40 }),
    'The ref of the stream it is part of (a grant inside the Area Based Grant), on this sheet or already known',
  ),
  accountable_body: column(
    textCell({ max: 200 }),
    'The accountable body: an organisation of the partnership, by name',
  ),
  purpose: column(
    enumCell(Object.keys(streamPurposes) as ['reward', 'pump-priming']),
    'Optional: `reward` (the reward grant) or `pump-priming` (blank: neither)',
  ),
  notes: column(textCell({ max: 4000 }), 'Optional notes (blank keeps the notes the stream has)'),
}

export const fundingSpec: SheetSpec<typeof fundingColumns> = {
  name: 'Funding',
  description:
    'Funding streams (002 §2, §18-19, §23): pooled, aligned or grant, with the body the money comes from, matched by ref. A stream may be part of another (the grants inside the Area Based Grant).',
  columns: fundingColumns,
}

const streamColumnOf: Record<string, string> = {
  ref: 'ref',
  name: 'name',
  source: 'source',
  kind: 'kind',
  ringFenced: 'ring_fenced',
  spendType: 'spend_type',
  parentId: 'parent_ref',
  accountableOrganisationId: 'accountable_body',
  purpose: 'purpose',
  notes: 'notes',
}

function fundingImport({ money }: MoneySheetDeps, env: ImportEnv) {
  const sheet = fundingSpec.name
  const rows: { row: number; rec: RecordOf<typeof fundingColumns> }[] = []
  const byRef = new Map<string, number>()
  const problem = (row: number, col: string | undefined, message: string) =>
    env.report.problem({ sheet, row, ...(col ? { column: col } : {}), message })
  return {
    add(row: number, rec: RecordOf<typeof fundingColumns>) {
      const first = byRef.get(key(rec.ref))
      if (first !== undefined)
        return problem(row, 'ref', `${rec.ref} appears more than once in this sheet (first at row ${first})`)
      byRef.set(key(rec.ref), row)
      if (rec.parent_ref && key(rec.parent_ref) === key(rec.ref))
        return problem(row, 'parent_ref', 'A stream cannot be part of itself')
      rows.push({ row, rec })
    },
    async check() {},
    async apply(tx: Tx): Promise<Counts> {
      const pid = env.partnershipId
      const counts: Counts = { created: 0, updated: 0, unchanged: 0 }
      const { byName } = await organisationsByName(tx, pid)
      // Parents first: a row waits for the row of its parent_ref on this sheet.
      const pending = [...rows]
      const done = new Set<string>()
      while (pending.length) {
        const i = pending.findIndex(
          (r) => !r.rec.parent_ref || !byRef.has(key(r.rec.parent_ref)) || done.has(key(r.rec.parent_ref)),
        )
        if (i < 0) {
          for (const r of pending)
            problem(r.row, 'parent_ref', 'The parent streams on this sheet form a loop')
          break
        }
        const { row, rec } = pending.splice(i, 1)[0]!
        done.add(key(rec.ref))
        let parentId: string | null = null
        if (rec.parent_ref) {
          const parent = await money.findStreamByRef(tx, pid, rec.parent_ref)
          if (!parent) {
            problem(
              row,
              'parent_ref',
              `${rec.parent_ref} is not a funding stream of the partnership (Funding sheet)`,
            )
            continue
          }
          parentId = parent.id
        }
        let accountableOrganisationId: string | null = null
        if (rec.accountable_body) {
          const org = byName.get(key(rec.accountable_body))
          if (!org) {
            problem(
              row,
              'accountable_body',
              `${rec.accountable_body} is not an organisation of the partnership`,
            )
            continue
          }
          accountableOrganisationId = org.id
        }
        const before = await money.findStreamByRef(tx, pid, rec.ref)
        try {
          const res = await money.saveStreamByRefTx(tx, env.actor, pid, {
            ref: rec.ref,
            name: rec.name,
            source: rec.source,
            kind: rec.kind,
            ringFenced: rec.ring_fenced,
            spendType: rec.spend_type,
            parentId,
            accountableOrganisationId,
            purpose: rec.purpose,
            // The sheet's notes column, when blank, keeps what was written on the stream's page.
            notes: rec.notes ?? before?.notes ?? null,
          })
          if (res.created) counts.created++
          else if (res.changed) counts.updated++
          else counts.unchanged++
        } catch (e) {
          reportRefusal(problem, row, e, streamColumnOf, 'ref')
        }
      }
      if (env.report.failed) throw env.report.error(env.sheetOrder)
      return counts
    },
  }
}

export const fundingSheet = (deps: MoneySheetDeps) =>
  defineSheet({
    ...fundingSpec,
    importPolicy: moneyPolicy.write,
    exportPolicy: moneyPolicy.read,
    importer: (env) => fundingImport(deps, env),
    async *rows(db, partnershipId) {
      const streams = await deps.money.findStreams(db, partnershipId)
      const refOf = new Map(streams.map((s) => [s.id, s.ref]))
      for (const s of streams)
        yield {
          ref: s.ref,
          name: s.name,
          source: s.source,
          kind: s.kind,
          ring_fenced: s.ringFenced,
          spend_type: s.spendType,
          parent_ref: s.parentId ? (refOf.get(s.parentId) ?? null) : null,
          accountable_body: s.accountableName,
          purpose: s.purpose,
          notes: s.notes,
        }
    },
  })

const budgetColumns = {
  funding_ref: column(textCell({ required: true, max: 40 }), 'The stream’s ref (Funding sheet)', {
    required: true,
  }),
  year: column(yearCell(), 'The financial year, like 2008/09', { required: true }),
  amount: column(
    poundsCell('the budget', { required: true }),
    'The stream’s money for the year in pounds, like £1,250,000.00 (0 or more, at most two decimals)',
    {
      required: true,
    },
  ),
}

export const budgetsSpec: SheetSpec<typeof budgetColumns> = {
  name: 'Budgets',
  description:
    'A funding stream’s budget for each financial year. A new amount is a new version (the history is kept); a stream’s allocations for a year never exceed its budget.',
  columns: budgetColumns,
}

function budgetsImport({ money }: MoneySheetDeps, env: ImportEnv) {
  const sheet = budgetsSpec.name
  const rows: { row: number; rec: RecordOf<typeof budgetColumns> }[] = []
  const seen = new Map<string, number>()
  const problem = (row: number, col: string | undefined, message: string) =>
    env.report.problem({ sheet, row, ...(col ? { column: col } : {}), message })
  return {
    add(row: number, rec: RecordOf<typeof budgetColumns>) {
      const k = `${key(rec.funding_ref)}|${rec.year}`
      const first = seen.get(k)
      if (first !== undefined)
        return problem(
          row,
          'year',
          `${rec.funding_ref} ${rec.year} appears more than once in this sheet (first at row ${first})`,
        )
      seen.set(k, row)
      rows.push({ row, rec })
    },
    async check() {},
    async apply(tx: Tx): Promise<Counts> {
      const pid = env.partnershipId
      const counts: Counts = { created: 0, updated: 0, unchanged: 0 }
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
        const before = await money.findBudget(tx, stream.id, rec.year)
        try {
          const res = await money.setBudgetTx(
            tx,
            env.actor,
            pid,
            stream.id,
            { year: rec.year, amount: poundsText(rec.amount!) },
            { deferCheck: true },
          )
          check.touch(stream.id, stream.ref, rec.year, 'Budgets', row)
          if (!before) counts.created++
          else if (res.changed) counts.updated++
          else counts.unchanged++
        } catch (e) {
          reportRefusal(problem, row, e, { year: 'year', amount: 'amount' }, 'funding_ref')
        }
      }
      await checkBudgetsIfLast(tx, env, money, 'Budgets')
      if (env.report.failed) throw env.report.error(env.sheetOrder)
      return counts
    },
  }
}

export const budgetsSheet = (deps: MoneySheetDeps) =>
  defineSheet({
    ...budgetsSpec,
    importPolicy: moneyPolicy.write,
    exportPolicy: moneyPolicy.read,
    importer: (env) => budgetsImport(deps, env),
    async *rows(db, partnershipId) {
      const streams = await deps.money.findStreams(db, partnershipId)
      const budgets = await deps.money.findBudgets(db, partnershipId)
      for (const s of streams)
        for (const b of budgets
          .filter((b) => b.streamId === s.id)
          .sort((a, b) => a.year.localeCompare(b.year)))
          yield { funding_ref: s.ref, year: b.year, amount: poundsText(b.amountPence) }
    },
  })
