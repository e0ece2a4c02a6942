import type { Tx } from '../../db/client.ts'
import { isAppError } from '../../errors.ts'
import { cellParser, CellProblem, enumCell, textCell } from '../../workbook/cells.ts'
import { column, type Counts, type RecordOf, type SheetSpec } from '../../workbook/sheets.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'
import { defineSheet, type ImportEnv } from '../workbook/sheet.ts'
import { riskPolicy } from './risks.policy.ts'
import { riskInput, riskStatuses, type RiskInput } from './risks.schema.ts'
import type { RisksService } from './risks.service.ts'

/** A 1-5 score; blank is null unless required. */
const scoreCell = (required = false) =>
  cellParser((v) => {
    if (v === undefined) return required ? new CellProblem('enter a score from 1 to 5') : null
    const n = Number(v.trim())
    return Number.isInteger(n) && n >= 1 && n <= 5
      ? n
      : new CellProblem(`must be a whole number from 1 to 5 (found ${v})`)
  })

const columns = {
  ref: column(textCell({ required: true, max: 40 }), 'Unique in the partnership, like R-07', {
    required: true,
  }),
  title: column(textCell({ required: true, max: 200 }), 'The risk in a line', { required: true }),
  description: column(textCell({ max: 4000 }), 'Cause, event and effect'),
  target_code: column(textCell({ max: 40 }), 'The indicator code of the target it threatens (blank: none)'),
  outcome_ref: column(
    textCell({ max: 40 }),
    'The ref of the theme or outcome it threatens in the current strategy (blank with no target_code: a partnership-level risk)',
  ),
  category: column(
    textCell({ max: 100 }),
    'Its category, like Financial: the board sets an appetite per category',
  ),
  owner: column(textCell({ max: 254 }), 'A person of the partnership, by name or email'),
  inherent_likelihood: column(scoreCell(), 'Before controls: 1 Rare … 5 Almost certain'),
  inherent_impact: column(scoreCell(), 'Before controls: 1 Insignificant … 5 Catastrophic'),
  likelihood: column(scoreCell(true), 'Current (residual): 1 Rare … 5 Almost certain', { required: true }),
  impact: column(scoreCell(true), 'Current (residual): 1 Insignificant … 5 Catastrophic', { required: true }),
  target_likelihood: column(scoreCell(), 'What the partnership aims for: 1-5'),
  target_impact: column(scoreCell(), 'What the partnership aims for: 1-5'),
  controls: column(textCell({ max: 4000 }), 'What is in place to reduce it'),
  review_date: column(textCell({ max: 10 }), 'Next review, YYYY-MM-DD'),
  status: column(enumCell(riskStatuses), '`open` or `closed` (blank: open)'),
}

type RiskRecord = RecordOf<typeof columns>

export const risksSpec: SheetSpec<typeof columns> = {
  name: 'Risks',
  description:
    'The risk register (002 §25): a risk at partnership, theme/outcome or target level, scored likelihood × impact on 5 × 5, matched by ref.',
  columns,
}

/** The schema's field → the sheet's column, to name problems. */
const columnOf: Record<string, string> = {
  ref: 'ref',
  title: 'title',
  description: 'description',
  subject: 'target_code',
  category: 'category',
  ownerPersonId: 'owner',
  controls: 'controls',
  inherentLikelihood: 'inherent_likelihood',
  inherentImpact: 'inherent_impact',
  likelihood: 'likelihood',
  impact: 'impact',
  targetLikelihood: 'target_likelihood',
  targetImpact: 'target_impact',
  reviewOn: 'review_date',
  status: 'status',
}

const key = (s: string) => s.toLowerCase().replace(/\s+/g, '')

export interface RisksSheetDeps {
  risks: RisksService
  strategy: Pick<StrategyService, 'findCurrentNodes'>
}

function risksImport({ risks, strategy }: RisksSheetDeps, env: ImportEnv) {
  const sheet = risksSpec.name
  const rows: { row: number; rec: RiskRecord; input: RiskInput }[] = []
  const byRef = new Map<string, number>()
  const problem = (row: number, col: string | undefined, message: string) =>
    env.report.problem({ sheet, row, ...(col ? { column: col } : {}), message })

  return {
    add(row: number, rec: RiskRecord) {
      const first = byRef.get(key(rec.ref))
      if (first !== undefined)
        return problem(row, 'ref', `${rec.ref} appears more than once in this sheet (first at row ${first})`)
      byRef.set(key(rec.ref), row)
      if (rec.target_code && rec.outcome_ref)
        return problem(row, 'target_code', 'Give a target_code or an outcome_ref, not both')
      const parsed = riskInput.safeParse({
        ref: rec.ref,
        title: rec.title,
        description: rec.description,
        category: rec.category,
        controls: rec.controls,
        inherentLikelihood: rec.inherent_likelihood,
        inherentImpact: rec.inherent_impact,
        likelihood: rec.likelihood,
        impact: rec.impact,
        targetLikelihood: rec.target_likelihood,
        targetImpact: rec.target_impact,
        reviewOn: rec.review_date,
        status: rec.status ?? 'open',
      })
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          problem(row, columnOf[String(issue.path[0])] ?? undefined, issue.message)
        return
      }
      rows.push({ row, rec, input: parsed.data })
    },

    async check() {},

    /** Targets, outcomes and owners resolve once the sheets above (People, Strategy, Targets) are written. */
    async apply(tx: Tx): Promise<Counts> {
      const pid = env.partnershipId
      const [targets, nodes, people] = await Promise.all([
        risks.findTargets(tx, pid),
        strategy.findCurrentNodes(tx, pid),
        risks.findPeople(tx, pid),
      ])
      const targetByCode = new Map<string, string>()
      for (const t of targets) if (!targetByCode.has(key(t.code))) targetByCode.set(key(t.code), t.id)
      const nodeByRef = new Map(nodes.map((n) => [n.ref, n.key]))
      const counts: Counts = { created: 0, updated: 0, unchanged: 0 }
      for (const { row, rec, input } of rows) {
        let subject: string | null = null
        let ownerPersonId: string | null = null
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
          subject = `target:${id}`
        } else if (rec.outcome_ref) {
          const k = nodeByRef.get(rec.outcome_ref.trim())
          if (!k) {
            problem(row, 'outcome_ref', `${rec.outcome_ref} is not a ref of the current strategy`)
            continue
          }
          subject = `outcome:${k}`
        }
        if (rec.owner) {
          const wanted = rec.owner.trim().toLowerCase()
          const byEmail = people.filter((p) => p.email?.toLowerCase() === wanted)
          const byName = people.filter((p) => p.name.toLowerCase() === wanted)
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
        try {
          const done = await risks.saveByRef(tx, env.actor, pid, { ...input, subject, ownerPersonId })
          if (done.created) counts.created++
          else if (done.changed) counts.updated++
          else counts.unchanged++
        } catch (e) {
          if (!isAppError(e) || !e.fields) throw e
          for (const [field, message] of Object.entries(e.fields)) problem(row, columnOf[field], message)
        }
      }
      if (env.report.failed) throw env.report.error([sheet])
      return counts
    },
  }
}

export const risksSheet = (deps: RisksSheetDeps) =>
  defineSheet({
    ...risksSpec,
    importPolicy: riskPolicy.archive,
    exportPolicy: riskPolicy.read,
    importer: (env) => risksImport(deps, env),
    async *rows(db, partnershipId) {
      for (const r of await deps.risks.findAll(db, partnershipId))
        yield {
          ref: r.ref,
          title: r.title,
          description: r.description,
          target_code: r.indicatorCode,
          outcome_ref: r.outcomeRef,
          category: r.category,
          owner: r.ownerName,
          inherent_likelihood: r.inherentLikelihood,
          inherent_impact: r.inherentImpact,
          likelihood: r.likelihood,
          impact: r.impact,
          target_likelihood: r.targetLikelihood,
          target_impact: r.targetImpact,
          controls: r.controls,
          review_date: r.reviewOn,
          status: r.status,
        }
    },
  })
