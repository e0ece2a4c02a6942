import type { Tx } from '../../db/client.ts'
import type { PartnershipsService } from '../partnerships/partnerships.service.ts'
import { strategyPolicy } from './strategy.policy.ts'
import {
  applyStrategyRows,
  checkStrategyRows,
  strategyExportRows,
  type StrategyRow,
} from './strategy.import.ts'
import { REF_PATTERN } from './strategy-tree.ts'
import type { NodeKind } from './strategy.queries.ts'
import { CellProblem, cellParser, listCell, REQUIRED, textCell } from '../../workbook/cells.ts'
import { column, type Counts, type RecordOf, type SheetSpec } from '../../workbook/sheets.ts'
import { defineSheet, type ImportEnv } from '../workbook/sheet.ts'

const KINDS: Record<string, NodeKind> = {
  theme: 'theme',
  outcome: 'outcome',
  'sub-outcome': 'sub_outcome',
  sub_outcome: 'sub_outcome',
  'sub outcome': 'sub_outcome',
}

const kindCell = cellParser<NodeKind>((v) => {
  if (v === undefined) return new CellProblem(REQUIRED)
  return (
    KINDS[v.trim().toLowerCase()] ?? new CellProblem(`must be theme, outcome or sub-outcome (found "${v}")`)
  )
})

const readRef = (v: string) => {
  const ref = v.trim()
  return REF_PATTERN.test(ref) && ref.length <= 40
    ? ref
    : new CellProblem(`must be numbers or letters separated by full stops, like 1.7.2 (found "${v}")`)
}
export const refCell = cellParser<string>((v) => (v === undefined ? new CellProblem(REQUIRED) : readRef(v)))
const parentRefCell = cellParser<string | null>((v) => (v === undefined ? null : readRef(v)))

const columns = {
  ref: column(
    refCell,
    'The theme’s or outcome’s reference, unique in the strategy: 1, 1.7, 1.7.2. A ref already in the current version updates that node',
    { required: true },
  ),
  parent_ref: column(
    parentRefCell,
    'The ref of the theme or outcome it sits under; blank for a theme (or to leave an existing node where it is)',
  ),
  kind: column(
    kindCell,
    'theme, outcome or sub-outcome. Outcomes sit in a theme; sub-outcomes under an outcome or another sub-outcome',
    { required: true },
  ),
  title: column(textCell({ required: true, max: 300 }), 'Its title', { required: true }),
  statement: column(
    textCell({ max: 4000 }),
    'What the outcome means for people (blank leaves an existing statement as it is)',
  ),
  rationale: column(
    textCell({ max: 8000 }),
    'Why it is a priority (blank leaves an existing rationale as it is)',
  ),
  tags: column(
    listCell(),
    'Cross-cutting tags separated by ;, like Equality; Prevention. New names are added to the partnership’s list',
  ),
}

type StrategyRecord = RecordOf<typeof columns>

export const strategySpec: SheetSpec<typeof columns> = {
  name: 'Strategy',
  description:
    'The Sustainable Community Strategy’s themes, outcomes and sub-outcomes, in its current version, matched by ref.',
  columns,
}

function strategyImport({ partnerships }: StrategySheetDeps, env: ImportEnv) {
  const sheet = strategySpec.name
  const rows: StrategyRow[] = []
  const byRef = new Map<string, number>()
  // Refs this sheet brings, with their kinds: the Directory sheet checks against them.
  const kinds = env.shared.strategyRefs
  const problem = (row: number | undefined, col: string | undefined, message: string) =>
    env.report.problem({
      sheet,
      ...(row !== undefined ? { row } : {}),
      ...(col ? { column: col } : {}),
      message,
    })

  return {
    add(row: number, rec: StrategyRecord) {
      const ref = rec.ref
      const first = byRef.get(ref)
      if (first !== undefined)
        return problem(row, 'ref', `${ref} appears more than once in this sheet (first at row ${first})`)
      byRef.set(ref, row)
      if (rec.parent_ref === ref) return problem(row, 'parent_ref', 'a node cannot sit under itself')
      kinds.set(ref, rec.kind)
      rows.push({
        row,
        ref,
        parentRef: rec.parent_ref,
        kind: rec.kind,
        title: rec.title,
        statement: rec.statement,
        rationale: rec.rationale,
        tags: rec.tags,
      })
    },

    async check(tx: Tx) {
      for (const p of await checkStrategyRows(tx, env.partnershipId, rows))
        problem(p.row, p.column, p.message)
    },

    async apply(tx: Tx): Promise<Counts> {
      const { counts, newTags } = await applyStrategyRows(
        tx,
        env.actor,
        env.partnershipId,
        rows,
        partnerships,
      )
      for (const name of newTags)
        env.report.warn({ sheet, column: 'tags', message: `${name} was added to the partnership’s tags` })
      return counts
    },
  }
}

export interface StrategySheetDeps {
  /** The partnership's name titles the version an import starts. */
  partnerships: Pick<PartnershipsService, 'find'>
}

export const strategySheet = (deps: StrategySheetDeps) =>
  defineSheet({
    ...strategySpec,
    importPolicy: strategyPolicy.edit,
    exportPolicy: strategyPolicy.read,
    importer: (env) => strategyImport(deps, env),
    async *rows(db, partnershipId) {
      for (const r of await strategyExportRows(db, partnershipId)) yield r
    },
  })
