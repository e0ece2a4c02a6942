import type { Tx } from '../../db/client.ts'
import type { AgreementsService } from '../agreements/agreements.service.ts'
import { listTargets } from './targets.queries.ts'
import { findIn, type TargetWriteDeps } from './targets.service.ts'
import { setTrajectoryIn } from './trajectories.service.ts'
import { trajectoriesFor } from './trajectories.queries.ts'
import { financialYearOf, formatPeriod, tryParsePeriod } from '../../periods/index.ts'
import { CellProblem, cellParser, gssCell, numberCell } from '../../workbook/cells.ts'
import { column, type Counts, type RecordOf, type SheetSpec } from '../../workbook/sheets.ts'
import { defineSheet, type ImportEnv } from '../workbook/sheet.ts'
import { codeKey } from '../indicators/indicators.schema.ts'
import { codeCell } from '../indicators/indicators.sheet.ts'
import { inSavepoint } from '../../workbook/savepoint.ts'

/** A period cell: `2008/09`, `2008/09 Q1` or `2008-04`, kept in its canonical spelling. */
export const periodCell = () =>
  cellParser<string>((v) => {
    if (v === undefined) return new CellProblem('enter a value: this column is required')
    const r = tryParsePeriod(v)
    return r.ok ? formatPeriod(r.period) : new CellProblem(r.error)
  })

const columns = {
  indicator_code: column(
    codeCell(),
    'The indicator of a target on the Targets sheet or already in the agreement',
    {
      required: true,
    },
  ),
  place_gss: column(
    gssCell(),
    'For a per-place target: the place’s GSS code (blank: the target’s own place)',
  ),
  period: column(
    periodCell(),
    'A financial year (2008/09), or for a profile a quarter (2008/09 Q1) or month (2008-04) matching the indicator’s frequency, within the agreement',
    { required: true },
  ),
  target_value: column(numberCell({ required: true }), 'The target for that period', { required: true }),
}

type TrajectoryRecord = RecordOf<typeof columns>

export const trajectoriesSpec: SheetSpec<typeof columns> = {
  name: 'Trajectories',
  description:
    'Target values per period (and per place where set). A row for a period already set changes it; the old value stays in the history. A target’s first trajectory may be loaded whatever its status; once an agreed target has one, changing it is a revision (the refresh), made on the target’s page.',
  columns,
}

function trajectoriesImport(deps: TrajectoriesSheetDeps, env: ImportEnv) {
  const { agreements } = deps
  const sheet = trajectoriesSpec.name
  const state = env.shared.laa.join(sheet)
  const groups = new Map<string, { code: string; rows: { row: number; rec: TrajectoryRecord }[] }>()
  const seen = new Map<string, number>()
  const problem = (row: number, column: string | undefined, message: string) =>
    env.report.problem({ sheet, row, ...(column ? { column } : {}), message })

  return {
    add(row: number, rec: TrajectoryRecord) {
      const key = `${codeKey(rec.indicator_code)}|${rec.place_gss ?? ''}|${rec.period}`
      const first = seen.get(key)
      if (first !== undefined)
        return problem(
          row,
          'period',
          `${rec.period} appears more than once for this indicator and place (first at row ${first})`,
        )
      seen.set(key, row)
      state.trajectoryYears.push(financialYearOf(rec.period).year)
      const code = codeKey(rec.indicator_code)
      const g = groups.get(code) ?? { code: rec.indicator_code, rows: [] }
      g.rows.push({ row, rec })
      groups.set(code, g)
    },

    async check(tx: Tx) {
      const agreement = state.agreement
        ? await agreements.findByName(tx, env.partnershipId, state.agreement.name)
        : await agreements.findCurrent(tx, env.partnershipId)
      const existing = new Set(
        agreement
          ? (await listTargets(tx, env.partnershipId, agreement.id)).map((t) => codeKey(t.indicator.code))
          : [],
      )
      for (const [code, g] of groups) {
        if (existing.has(code) || state.targetCodes.has(code)) continue
        for (const { row } of g.rows)
          problem(row, 'indicator_code', `${g.code} has no target in the agreement or on the Targets sheet`)
      }
    },

    async apply(tx: Tx): Promise<Counts> {
      const counts = { created: 0, updated: 0, unchanged: 0 }
      const agreement = await state.agreementFor(tx, env, agreements)
      for (const [code, g] of groups) {
        if (state.refused.has(code)) continue
        const rowOf = (field: string) => {
          const m = /^trajectory\.(\d+)\./.exec(field)
          return g.rows[m ? Number(m[1]) : 0]!.row
        }
        const columnOf = (field: string) => {
          const f = field.split('.').pop()
          return f === 'placeGss'
            ? 'place_gss'
            : f === 'value'
              ? 'target_value'
              : f === '_form'
                ? undefined
                : 'period'
        }
        await inSavepoint(tx, env.report, { sheet, row: rowOf }, columnOf, async (sp) => {
          const view = await findIn(deps, sp, env.partnershipId, agreement.id, g.code)
          if (!view) {
            for (const { row } of g.rows)
              problem(row, 'indicator_code', `${g.code} has no target in the agreement`)
            return
          }
          const before = new Map(
            (await trajectoriesFor(sp, [view.target.id])).map((r) => [
              `${r.placeGss ?? ''}|${r.period}`,
              r.value,
            ]),
          )
          await setTrajectoryIn(
            deps,
            sp,
            env.actor,
            env.partnershipId,
            view,
            agreement,
            g.rows.map(({ rec }) => ({
              period: rec.period,
              placeGss: rec.place_gss,
              value: rec.target_value,
            })),
            { merge: true, initial: state.created.has(view.target.id) },
          )
          const own = view.place?.gssCode
          for (const { rec } of g.rows) {
            const place = rec.place_gss && rec.place_gss !== own ? rec.place_gss : ''
            const old = before.get(`${place}|${rec.period}`)
            counts[old === undefined ? 'created' : old === rec.target_value ? 'unchanged' : 'updated']++
          }
        })
      }
      state.failIfLast(env.report, sheet)
      return counts
    },
  }
}

/** What the targets' own writes need (TargetWriteDeps), and the agreement the trajectories belong to. */
export interface TrajectoriesSheetDeps extends TargetWriteDeps {
  agreements: Pick<AgreementsService, 'lock' | 'findCurrent' | 'findByName' | 'ensureForImport'>
}

export const trajectoriesSheet = (deps: TrajectoriesSheetDeps) =>
  defineSheet({
    ...trajectoriesSpec,
    importer: (env) => trajectoriesImport(deps, env),
    async *rows(db, partnershipId) {
      const agreement = await deps.agreements.findCurrent(db, partnershipId)
      if (!agreement) return
      const list = await listTargets(db, partnershipId, agreement.id)
      const codeOf = new Map(list.map((t) => [t.target.id, t.indicator.code]))
      const rows = await trajectoriesFor(db, [...codeOf.keys()])
      const order = new Map(list.map((t, i) => [t.target.id, i]))
      rows.sort((a, b) => order.get(a.targetId)! - order.get(b.targetId)!)
      for (const r of rows)
        yield {
          indicator_code: codeOf.get(r.targetId)!,
          place_gss: r.placeId ? r.placeGss : null,
          period: r.period,
          target_value: r.value,
        }
    },
  })
