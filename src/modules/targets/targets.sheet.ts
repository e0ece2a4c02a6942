import type { Tx } from '../../db/client.ts'
import { zodFieldErrors } from '../../lib/forms.ts'
import type { AgreementsService } from '../agreements/agreements.service.ts'
import { outcomeKeysFor } from './outcomes.queries.ts'
import { listTargets } from './targets.queries.ts'
import {
  DESIGNATED_LIMIT,
  targetCreate,
  targetKinds,
  targetStatuses,
  type TargetCreate,
} from './targets.schema.ts'
import { designatedLimitProblem } from './targets.rules.ts'
import { createIn, findIn, updateIn, type TargetWriteDeps } from './targets.service.ts'
import {
  CellProblem,
  cellParser,
  enumCell,
  gssCell,
  listCell,
  numberCell,
  parseYesNo,
  textCell,
} from '../../workbook/cells.ts'
import { column, type Counts, type RecordOf, type SheetSpec } from '../../workbook/sheets.ts'
import { defineSheet, type ImportEnv } from '../workbook/sheet.ts'
import { codeKey } from '../indicators/indicators.schema.ts'
import { codeCell } from '../indicators/indicators.sheet.ts'
import { asProblem, inSavepoint, snake } from '../../workbook/savepoint.ts'

/** yes/no, or null when blank (the target keeps what it has). */
function optionalYesNoCell() {
  return cellParser((v) =>
    v === undefined
      ? null
      : (parseYesNo(v) ?? new CellProblem(`must be yes or no (found "${v.slice(0, 40)}")`)),
  )
}

const columns = {
  indicator_code: column(codeCell(), 'The indicator’s code: in the catalogue or on the Indicators sheet', {
    required: true,
  }),
  kind: column(
    enumCell(targetKinds, { required: true }),
    `designated (at most ${DESIGNATED_LIMIT} per agreement), mandatory, local or reward`,
    { required: true },
  ),
  status: column(
    enumCell(targetStatuses, { required: true }),
    'proposed, negotiating, agreed or placeholder',
    {
      required: true,
    },
  ),
  outcome_refs: column(
    listCell(),
    'The strategy outcomes it serves, by ref, separated by ;  (like 1.7; 4.5)',
  ),
  place_gss: column(gssCell(), 'The place the target is for (blank: the partnership’s area)'),
  baseline_period: column(textCell({ max: 30 }), 'The baseline’s period, like 2007/08'),
  baseline_value: column(numberCell(), 'The baseline value'),
  tolerance_percent: column(numberCell(), 'Amber tolerance as a percentage of the target (blank: 5)'),
  without_reward_value: column(numberCell(), 'Reward targets: the performance expected without the reward'),
  stretch_value: column(numberCell(), 'Reward targets: the stretched target'),
  reward_grant: column(numberCell(), 'Reward targets: the maximum reward grant, in pounds'),
  published: column(
    optionalYesNoCell(),
    'yes or no: whether the target is on the public site (blank: no for a new target, unchanged for one already there)',
  ),
  notes: column(textCell({ max: 4000 }), 'Anything else'),
  placeholder_elements: column(
    textCell({ max: 1000 }),
    'Placeholders, optionally: the elements still to agree (blank: the notes, if any)',
  ),
}

type TargetRecord = RecordOf<typeof columns>

export const targetsSpec: SheetSpec<typeof columns> = {
  name: 'Targets',
  description:
    'The agreement’s targets, one per indicator. A row for an indicator that already has a target changes it (a new version; agreed targets change only by revision).',
  columns,
}

const FIELD_COLUMN: Record<string, string> = {
  indicatorCode: 'indicator_code',
  placeGss: 'place_gss',
  _form: '',
}
const columnOf = (f: string) => (f in FIELD_COLUMN ? FIELD_COLUMN[f] || undefined : snake(f.split('.')[0]!))

function inputOf(rec: TargetRecord) {
  return {
    indicatorCode: rec.indicator_code,
    kind: rec.kind,
    status: rec.status,
    placeholderElements: rec.status === 'placeholder' ? (rec.placeholder_elements ?? rec.notes) : null,
    outcomeRefs: rec.outcome_refs,
    placeGss: rec.place_gss,
    baselinePeriod: rec.baseline_period,
    baselineValue: rec.baseline_value,
    tolerancePercent: rec.tolerance_percent ?? undefined,
    withoutRewardValue: rec.without_reward_value,
    stretchValue: rec.stretch_value,
    rewardGrant: rec.reward_grant,
    notes: rec.notes,
    published: rec.published ?? undefined,
  }
}

function targetsImport(deps: TargetsSheetDeps, env: ImportEnv) {
  const { agreements, indicators } = deps
  const sheet = targetsSpec.name
  const state = env.shared.laa.join(sheet)
  const rows: { row: number; rec: TargetRecord; input: TargetCreate }[] = []
  const byCode = new Map<string, number>()
  const problem = (row: number, column: string | undefined, message: string) =>
    env.report.problem({ sheet, row, ...(column ? { column } : {}), message })

  return {
    add(row: number, rec: TargetRecord) {
      const key = codeKey(rec.indicator_code)
      const first = byCode.get(key)
      if (first !== undefined)
        return problem(
          row,
          'indicator_code',
          `${rec.indicator_code} appears more than once in this sheet (first at row ${first})`,
        )
      byCode.set(key, row)
      state.targetCodes.add(key)
      // Rules that need nothing else: reward values, tolerance, placeholders, the baseline pair.
      const parsed = targetCreate.safeParse(inputOf(rec))
      if (!parsed.success) {
        for (const [field, message] of Object.entries(zodFieldErrors(parsed.error)))
          problem(
            row,
            columnOf(field === 'placeholderElements' ? 'placeholderElements' : field),
            asProblem(message),
          )
        return
      }
      rows.push({ row, rec, input: parsed.data })
    },

    async check(tx: Tx) {
      const codes = [...byCode.keys()]
      const known = new Set(
        (await indicators.findByCodes(tx, env.partnershipId, codes)).map((i) => codeKey(i.code)),
      )
      for (const { row, rec } of rows) {
        const key = codeKey(rec.indicator_code)
        if (!known.has(key) && !state.indicatorCodes.has(key))
          problem(
            row,
            'indicator_code',
            `${rec.indicator_code} is not in the indicator catalogue or on the Indicators sheet`,
          )
      }
      // The designated limit, for the agreement as it will stand after the import.
      const agreement = state.agreement
        ? await agreements.findByName(tx, env.partnershipId, state.agreement.name)
        : await agreements.findCurrent(tx, env.partnershipId)
      const others = agreement
        ? (await listTargets(tx, env.partnershipId, agreement.id, { kind: 'designated' })).filter(
            (t) => !byCode.has(codeKey(t.indicator.code)),
          ).length
        : 0
      let designated = others
      for (const { row, input } of rows) {
        if (input.kind !== 'designated') continue
        const limit = designatedLimitProblem(designated)
        if (limit) problem(row, 'kind', asProblem(limit))
        designated++
      }
    },

    async apply(tx: Tx): Promise<Counts> {
      const counts = { created: 0, updated: 0, unchanged: 0 }
      const agreement = await state.agreementFor(tx, env, agreements)
      for (const { row, input } of rows) {
        const done = await inSavepoint(tx, env.report, { sheet, row }, columnOf, async (sp) => {
          const existing = await findIn(deps, sp, env.partnershipId, agreement.id, input.indicatorCode)
          if (!existing) {
            const { target } = await createIn(deps, sp, env.actor, env.partnershipId, agreement, input)
            state.created.add(target.id)
            return 'created' as const
          }
          const changed = await updateIn(deps, sp, env.actor, env.partnershipId, existing, input)
          return changed ? ('updated' as const) : ('unchanged' as const)
        })
        if (done) counts[done]++
        else state.refused.add(codeKey(input.indicatorCode))
      }
      state.failIfLast(env.report, sheet)
      return counts
    },
  }
}

/** What the targets' own writes need (TargetWriteDeps), and the agreement they attach to. */
export interface TargetsSheetDeps extends TargetWriteDeps {
  /** The agreement the targets attach to (the Agreement sheet's, the current one or a new draft). */
  agreements: Pick<AgreementsService, 'lock' | 'findCurrent' | 'findByName' | 'ensureForImport'>
}

export const targetsSheet = (deps: TargetsSheetDeps) =>
  defineSheet({
    ...targetsSpec,
    importer: (env) => targetsImport(deps, env),
    async *rows(db, partnershipId) {
      const agreement = await deps.agreements.findCurrent(db, partnershipId)
      if (!agreement) return
      const list = await listTargets(db, partnershipId, agreement.id)
      const keys = await outcomeKeysFor(
        db,
        list.map((t) => t.target.id),
      )
      const refOf = new Map(
        (await deps.strategy.findCurrentNodes(db, partnershipId)).map((n) => [n.key, n.ref]),
      )
      for (const { target, version: v, indicator, place } of list)
        yield {
          indicator_code: indicator.code,
          kind: v.kind,
          status: v.status,
          outcome_refs: (keys.get(target.id) ?? [])
            .flatMap((k) => (refOf.has(k) ? [refOf.get(k)!] : []))
            .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
            .join('; '),
          place_gss: place?.gssCode ?? null,
          baseline_period: v.baselinePeriod,
          baseline_value: v.baselineValue,
          tolerance_percent: v.tolerancePercent,
          without_reward_value: v.withoutRewardValue,
          stretch_value: v.stretchValue,
          reward_grant: v.rewardGrant,
          published: v.published,
          notes: v.notes,
          placeholder_elements: v.placeholderElements,
        }
    },
  })
