import { iso } from '../partnerships/partnerships.presenter.ts'
import type { IndicatorRow } from './indicators.service.ts'
import {
  UNTITLED,
  accumulationLabels,
  accumulations,
  combineLabels,
  combines,
  frequencies,
  frequencyLabels,
  indicatorSetLabels,
  indicatorSets,
  polarities,
  polarityLabels,
  unitLabels,
  units,
  type Accumulation,
  type Combine,
  type IndicatorFrequency,
  type IndicatorSet,
  type Polarity,
  type Unit,
} from './indicators.schema.ts'

export function presentIndicator(i: IndicatorRow) {
  return {
    id: i.id,
    code: i.code,
    title: i.title,
    set: i.set as IndicatorSet,
    theme: i.theme,
    definition: i.definition,
    numerator: i.numerator,
    denominator: i.denominator,
    unit: i.unit as Unit | null,
    ratePer: i.ratePer,
    polarity: i.polarity as Polarity | null,
    frequency: i.frequency as IndicatorFrequency | null,
    combine: i.combine as Combine,
    accumulation: i.accumulation as Accumulation | null,
    decimals: i.decimals,
    dataSource: i.dataSource,
    lagMonths: i.lagMonths,
    responsibleOrganisationId: i.responsibleOrganisationId,
    source: {
      url: i.sourceUrl,
      notes: i.sourceNotes,
      titleKind: i.sourceTitleKind,
      fromReference: i.fromReference,
    },
    incomplete: i.incomplete,
    withdrawn: i.withdrawn,
    national: i.partnershipId === null,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
    archivedAt: iso(i.archivedAt),
  }
}

/** `NI 135 Carers receiving…`, or the code and "Title not yet recorded". */
export const indicatorLabel = (i: { code: string; title: string | null }) =>
  `${i.code} ${i.title ?? `(${UNTITLED.toLowerCase()})`}`

// Made once: `toLocaleString` with options builds a formatter on every call, which a table of
// targets pays hundreds of times a page. Same output (ECMA-402 defines one by the other).
const twoPlaces = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 })
const wholeNumbers = new Intl.NumberFormat('en-GB')

/** How a value of this indicator reads: `21.6%`, `£423,000`, `12.5 per 1,000`. */
export function formatValue(
  value: number | null | undefined,
  indicator: { unit: string | null; ratePer: number | null },
): string {
  if (value === null || value === undefined) return ''
  const n = twoPlaces.format(value)
  switch (indicator.unit) {
    case 'percent':
      return `${n}%`
    case 'money':
      return `£${twoPlaces.format(value)}`
    case 'rate':
      return indicator.ratePer ? `${n} per ${wholeNumbers.format(indicator.ratePer)}` : n
    default:
      return n
  }
}

const options =
  <T extends string>(values: readonly T[], labels: Record<T, string>, blank: string) =>
  (selected?: unknown) => [
    { value: '', text: blank },
    ...values.map((v) => ({ value: v, text: labels[v], selected: v === selected })),
  ]

/** The choices of the indicator forms' selects and radios, with the current one selected. */
export const formItems = {
  set: options(indicatorSets, indicatorSetLabels, 'Choose a set'),
  unit: options(units, unitLabels, 'Not yet recorded'),
  polarity: options(polarities, polarityLabels, 'Not yet recorded'),
  frequency: options(frequencies, frequencyLabels, 'Not yet recorded'),
  accumulation: options(accumulations, accumulationLabels, 'The default for the unit'),
  combine: (selected?: unknown) =>
    combines.map((v) => ({ value: v, text: combineLabels[v], selected: v === (selected || 'none') })),
}
