import type { Tx } from '../../db/client.ts'
import { validationError } from '../../errors.ts'
import { zodFieldErrors } from '../../lib/forms.ts'
import { findIndicatorByCode, findIndicatorsByCodes, listIndicators } from './indicators.queries.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import {
  MAX_DECIMALS,
  tidyCode,
  accumulations,
  combines,
  frequencies,
  indicatorInput,
  codeKey,
  polarities,
  units,
  type IndicatorInput,
} from './indicators.schema.ts'
import { upsertByCode, type IndicatorWriteDeps } from './indicators.service.ts'
import { CellProblem, cellParser, enumCell, numberCell, textCell } from '../../workbook/cells.ts'
import { column, type Counts, type RecordOf, type SheetSpec } from '../../workbook/sheets.ts'
import { defineSheet, type ImportEnv } from '../workbook/sheet.ts'
import { inSavepoint } from '../../workbook/savepoint.ts'

/** The sheet spells the sets NIS, local and other. */
const SETS = ['NIS', 'local', 'other'] as const
const toSet = (s: (typeof SETS)[number]) => (s === 'NIS' ? 'nis' : s)
const fromSet = (s: string) => (s === 'nis' ? 'NIS' : s)

export const codeCell = () =>
  cellParser<string>((v) => {
    if (v === undefined) return new CellProblem('enter a value: this column is required')
    const code = tidyCode(v)
    return code.length > 30 ? new CellProblem('must be 30 characters or fewer') : code
  })

const NEW_NEEDS =
  'a new indicator needs this: enter it (blank is allowed only for an entry already in the catalogue)'

const columns = {
  code: column(
    codeCell(),
    'The indicator’s code, like NI 135 or L 01. A code already in the catalogue updates it',
    {
      required: true,
    },
  ),
  title: column(
    textCell({ max: 500 }),
    'Its title. Blank keeps what the catalogue has (some National Indicator Set titles are not yet recorded)',
    { required: true },
  ),
  set: column(enumCell(SETS, { required: true }), 'NIS, local or other (legacy sets such as BVPI)', {
    required: true,
  }),
  unit: column(enumCell(units), `One of ${units.join(', ')}`, { required: true }),
  polarity: column(enumCell(polarities), 'higher, lower or neither: which way is better', { required: true }),
  frequency: column(enumCell(frequencies), 'monthly, quarterly or annual', { required: true }),
  combine: column(
    enumCell(combines),
    'How values combine across places: sum, ratio or none (blank: none for a new entry)',
  ),
  accumulation: column(
    enumCell(accumulations),
    'snapshot or cumulative: how in-year figures relate to the annual target (blank: cumulative for count, money and rate; snapshot otherwise)',
  ),
  rate_per: column(numberCell(), 'For a rate: per how many, like 1000'),
  decimals: column(
    numberCell(),
    `Decimal places shown, 0 to ${MAX_DECIMALS} (blank: 0 for a count, 2 for money, 1 otherwise)`,
  ),
  responsible_organisation: column(
    textCell(),
    'Who reports it, by name: one of the Organisations sheet or already in the partnership',
  ),
  lag_months: column(numberCell(), 'Months between the end of a period and its figure being available'),
  definition: column(textCell({ max: 4000 }), 'What it measures'),
  source: column(textCell({ max: 500 }), 'Where its data comes from'),
  theme: column(textCell(), 'The theme it belongs to, like Safer communities'),
  numerator: column(textCell({ max: 1000 }), 'What the numerator counts'),
  denominator: column(textCell({ max: 1000 }), 'What the denominator counts'),
}

type IndicatorRecord = RecordOf<typeof columns>

export const indicatorsSpec: SheetSpec<typeof columns> = {
  name: 'Indicators',
  description:
    'The indicator catalogue. A row whose code is already in the catalogue updates it; blank cells keep what it has.',
  columns,
}

const FIELD_COLUMN: Record<string, string> = {
  ratePer: 'rate_per',
  dataSource: 'source',
  lagMonths: 'lag_months',
  responsibleOrganisationId: 'responsible_organisation',
  _form: '',
}

const wholeNumber = (n: number | null, min: number, max = Number.MAX_SAFE_INTEGER) =>
  n === null || (Number.isInteger(n) && n >= min && n <= max)

function indicatorsImport(deps: IndicatorsSheetDeps, env: ImportEnv) {
  const { organisations } = deps
  const sheet = indicatorsSpec.name
  const state = env.shared.laa.join(sheet)
  const rows: { row: number; rec: IndicatorRecord }[] = []
  const byCode = new Map<string, number>()
  const problem = (row: number, column: string, message: string) =>
    env.report.problem({ sheet, row, column, message })

  return {
    add(row: number, rec: IndicatorRecord) {
      const key = codeKey(rec.code)
      const first = byCode.get(key)
      if (first !== undefined)
        return problem(
          row,
          'code',
          `${rec.code} appears more than once in this sheet (first at row ${first})`,
        )
      if (rec.rate_per !== null && (!Number.isInteger(rec.rate_per) || rec.rate_per < 1))
        problem(row, 'rate_per', 'must be a whole number, 1 or more')
      if (!wholeNumber(rec.decimals, 0, MAX_DECIMALS))
        problem(row, 'decimals', `must be a whole number from 0 to ${MAX_DECIMALS}`)
      if (!wholeNumber(rec.lag_months, 0)) problem(row, 'lag_months', 'must be a whole number, 0 or more')
      byCode.set(key, row)
      state.indicatorCodes.add(key)
      rows.push({ row, rec })
    },

    async check(tx: Tx) {
      const known = new Set(
        (await findIndicatorsByCodes(tx, env.partnershipId, [...byCode.keys()])).map((i) => codeKey(i.code)),
      )
      for (const { row, rec } of rows) {
        if (known.has(codeKey(rec.code))) continue
        for (const c of ['title', 'unit', 'polarity', 'frequency'] as const)
          if (rec[c] === null) problem(row, c, NEW_NEEDS)
      }
    },

    async apply(tx: Tx): Promise<Counts> {
      const counts = { created: 0, updated: 0, unchanged: 0 }
      // Organisations resolve once the Organisations sheet (above this one) is written.
      const orgs = new Map(
        (await organisations.findAll(tx, env.partnershipId)).map((o) => [o.name.toLowerCase(), o.id]),
      )
      for (const { row, rec } of rows) {
        const organisationId = rec.responsible_organisation
          ? orgs.get(rec.responsible_organisation.toLowerCase())
          : null
        if (organisationId === undefined) {
          problem(
            row,
            'responsible_organisation',
            `${rec.responsible_organisation} is not an organisation of the partnership or on the Organisations sheet`,
          )
          continue
        }
        const given: Partial<IndicatorInput> & Pick<IndicatorInput, 'code' | 'set'> = {
          code: rec.code,
          set: toSet(rec.set),
          ...(rec.title !== null ? { title: rec.title } : {}),
          ...(rec.unit !== null ? { unit: rec.unit } : {}),
          ...(rec.polarity !== null ? { polarity: rec.polarity } : {}),
          ...(rec.frequency !== null ? { frequency: rec.frequency } : {}),
          ...(rec.combine !== null ? { combine: rec.combine } : {}),
          ...(rec.accumulation !== null ? { accumulation: rec.accumulation } : {}),
          ...(rec.decimals !== null ? { decimals: rec.decimals } : {}),
          ...(rec.lag_months !== null ? { lagMonths: rec.lag_months } : {}),
          ...(organisationId !== null ? { responsibleOrganisationId: organisationId } : {}),
          ...(rec.rate_per !== null ? { ratePer: rec.rate_per } : {}),
          ...(rec.definition !== null ? { definition: rec.definition } : {}),
          ...(rec.source !== null ? { dataSource: rec.source } : {}),
          ...(rec.theme !== null ? { theme: rec.theme } : {}),
          ...(rec.numerator !== null ? { numerator: rec.numerator } : {}),
          ...(rec.denominator !== null ? { denominator: rec.denominator } : {}),
        }
        const columnOf = (f: string) => (f in FIELD_COLUMN ? FIELD_COLUMN[f] || undefined : f)
        const done = await inSavepoint(tx, env.report, { sheet, row }, columnOf, async (sp) => {
          // The metadata rules (a rate needs its base…) apply to the entry as it will stand.
          const existing = await findIndicatorByCode(sp, env.partnershipId, rec.code)
          const merged = { combine: 'none', ...(existing ?? {}), ...given }
          const ratePer = merged.unit === 'rate' ? (merged.ratePer ?? null) : null
          const parsed = indicatorInput.safeParse({ ...merged, ratePer })
          if (!parsed.success) throw validationError(zodFieldErrors(parsed.error))
          return upsertByCode(deps, sp, env.actor, env.partnershipId, { ...given, ratePer })
        })
        if (done === undefined) continue
        counts[done ?? 'unchanged']++
      }
      state.failIfLast(env.report, sheet)
      return counts
    },
  }
}

/** What the catalogue's own writes need (IndicatorWriteDeps), and the organisations by name. */
export interface IndicatorsSheetDeps extends IndicatorWriteDeps {
  /** Who reports an indicator is one of the partnership's organisations, by name. */
  organisations: Pick<OrganisationsService, 'findAll' | 'find'>
}

export const indicatorsSheet = (deps: IndicatorsSheetDeps) =>
  defineSheet({
    ...indicatorsSpec,
    importer: (env) => indicatorsImport(deps, env),
    async *rows(db, partnershipId) {
      const orgs = new Map((await deps.organisations.findAll(db, partnershipId)).map((o) => [o.id, o.name]))
      for (const i of await listIndicators(db, partnershipId))
        yield {
          code: i.code,
          title: i.title,
          set: fromSet(i.set),
          unit: i.unit,
          polarity: i.polarity,
          frequency: i.frequency,
          combine: i.combine,
          accumulation: i.accumulation,
          rate_per: i.ratePer,
          decimals: i.decimals,
          responsible_organisation: i.responsibleOrganisationId
            ? (orgs.get(i.responsibleOrganisationId) ?? null)
            : null,
          lag_months: i.lagMonths,
          definition: i.definition,
          source: i.dataSource,
          theme: i.theme,
          numerator: i.numerator,
          denominator: i.denominator,
        }
    },
  })
