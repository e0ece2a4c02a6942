import type { Tx } from '../../db/client.ts'
import type { Clock } from '../../lib/clock.ts'
import { comparePeriods, financialYearOf } from '../../periods/index.ts'
import { CellProblem, cellParser, gssCell, parseYesNo, textCell } from '../../workbook/cells.ts'
import { column, type Counts, type RecordOf, type SheetSpec } from '../../workbook/sheets.ts'
import { audit, type AuditEntry } from '../audit/audit.ts'
import { codeKey } from '../indicators/indicators.schema.ts'
import { codeCell } from '../indicators/indicators.sheet.ts'
import { periodCell } from '../targets/trajectories.sheet.ts'
import { defineSheet, type ImportEnv } from '../workbook/sheet.ts'
import { commentaryPolicy } from './commentary.policy.ts'
import * as q from './commentary.queries.ts'
import { writeCommentaryIn } from './commentary.service.ts'

/** yes/no, or null when blank (the commentary keeps what it has: not published, for new). */
function optionalYesNoCell() {
  return cellParser((v) =>
    v === undefined
      ? null
      : (parseYesNo(v) ?? new CellProblem(`must be yes or no (found "${v.slice(0, 40)}")`)),
  )
}

const columns = {
  indicator_code: column(
    codeCell(),
    'The indicator of a target of the partnership (on the Targets sheet or already agreed)',
    {
      required: true,
    },
  ),
  place_gss: column(gssCell(), 'The target’s place, by GSS code (blank: the target’s own place)'),
  period: column(
    periodCell(),
    'The period commented on: a quarter (2008/09 Q2), a year (2008/09) or a month (2008-09), within the target’s agreement',
    { required: true },
  ),
  commentary: column(
    textCell({ required: true, max: 10_000 }),
    'What is happening: the lead officer’s account',
    {
      required: true,
    },
  ),
  actions: column(textCell({ max: 10_000 }), 'What is being done'),
  support_needed: column(textCell({ max: 10_000 }), 'Support needed'),
  published: column(
    optionalYesNoCell(),
    'Optional. yes or no: whether the commentary is on the public site beside the target’s approved figures (blank: unchanged; no for new commentary)',
  ),
}

type CommentaryRecord = RecordOf<typeof columns>

export const commentarySpec: SheetSpec<typeof columns> = {
  name: 'Commentary',
  description:
    'The lead officer’s account of a target’s performance for a period, as reports print it (distinct from a data provider’s note on a value). A row for a period already commented on changes it; the earlier version stays in the history.',
  columns,
}

function commentaryImport(deps: CommentarySheetDeps, env: ImportEnv) {
  const sheet = commentarySpec.name
  const rows: { row: number; rec: CommentaryRecord }[] = []
  const seen = new Map<string, number>()
  const problem = (row: number, col: string | undefined, message: string) =>
    env.report.problem({ sheet, row, ...(col ? { column: col } : {}), message })

  return {
    add(row: number, rec: CommentaryRecord) {
      const key = `${codeKey(rec.indicator_code)}|${rec.place_gss ?? ''}|${rec.period}`
      const first = seen.get(key)
      if (first !== undefined)
        return problem(
          row,
          'period',
          `${rec.indicator_code} ${rec.period} appears more than once in this sheet (first at row ${first})`,
        )
      seen.set(key, row)
      rows.push({ row, rec })
    },

    /** Targets may come from the Targets sheet above: they are matched when writing. */
    async check() {},

    async apply(tx: Tx): Promise<Counts> {
      const counts: Counts = { created: 0, updated: 0, unchanged: 0 }
      const targets = await q.liveTargets(tx, env.partnershipId)
      const area = await q.areaOf(tx, env.partnershipId)
      const now = deps.clock()
      const events: AuditEntry[] = []
      for (const { row, rec } of rows) {
        const year = financialYearOf(rec.period).year
        const ofCode = targets.filter((t) => codeKey(t.code) === codeKey(rec.indicator_code))
        if (ofCode.length === 0) {
          problem(
            row,
            'indicator_code',
            `${rec.indicator_code} is the indicator of no target of this partnership`,
          )
          continue
        }
        const inYear = ofCode.filter((t) => t.startYear <= year && t.endYear >= year)
        if (inYear.length === 0) {
          problem(
            row,
            'period',
            `${rec.period} is outside the agreement of every target of ${rec.indicator_code}`,
          )
          continue
        }
        const target = rec.place_gss
          ? inYear.find((t) => (t.placeGss ?? area?.gss) === rec.place_gss)
          : inYear[0]
        if (!target) {
          problem(row, 'place_gss', `The target of ${rec.indicator_code} is not for ${rec.place_gss}`)
          continue
        }
        if (env.report.failed) continue
        const w = await writeCommentaryIn(tx, now, env.actor, target, {
          period: rec.period,
          commentary: rec.commentary,
          actions: rec.actions,
          supportNeeded: rec.support_needed,
          published: rec.published ?? undefined,
        })
        if (!w.changed) {
          counts.unchanged++
          continue
        }
        if (w.before) counts.updated++
        else counts.created++
        events.push({
          partnershipId: env.partnershipId,
          entityType: 'commentary',
          entityId: w.row.id,
          action: w.before ? 'update' : 'create',
          before: w.before ?? null,
          after: { ...w.row, indicatorCode: target.code, source: env.source },
        })
      }
      if (env.report.failed) throw env.report.error([sheet])
      if (events.length) await audit(tx, env.actor, events)
      return counts
    },
  }
}

export interface CommentarySheetDeps {
  clock: Clock
}

export const commentarySheet = (deps: CommentarySheetDeps) =>
  defineSheet({
    ...commentarySpec,
    importPolicy: commentaryPolicy.manage,
    exportPolicy: commentaryPolicy.manage,
    importer: (env) => commentaryImport(deps, env),
    async *rows(db, partnershipId) {
      const targets = new Map((await q.liveTargets(db, partnershipId)).map((t) => [t.id, t]))
      const order = [...targets.keys()]
      const rows = (await q.commentariesAt(db, partnershipId, {})).filter((r) => targets.has(r.targetId))
      rows.sort(
        (a, b) => order.indexOf(a.targetId) - order.indexOf(b.targetId) || comparePeriods(a.period, b.period),
      )
      for (const r of rows) {
        const t = targets.get(r.targetId)!
        yield {
          indicator_code: t.code,
          place_gss: t.placeGss,
          period: r.period,
          commentary: r.commentary,
          actions: r.actions,
          support_needed: r.supportNeeded,
          published: r.published,
        }
      }
    },
  })
