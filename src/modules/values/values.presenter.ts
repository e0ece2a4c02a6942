import type { ValueRow, ValueVersionRow, ValueView } from './values.service.ts'
import {
  valueStatusLabels,
  valueStatusTags,
  type ValueStatus,
  type valueDoc,
  type valueVersionDoc,
} from './values.schema.ts'
import type { z } from 'zod'

/** A value as the API shows it. */
export function presentValue(v: ValueView): z.output<typeof valueDoc> {
  const r = v.value
  return {
    id: r.id,
    indicator: {
      id: v.indicator.id,
      code: v.indicator.code,
      title: v.indicator.title,
      unit: v.indicator.unit,
    },
    place: { id: v.place.id, name: v.place.name, gssCode: v.place.gssCode },
    period: r.period,
    roundId: r.roundId,
    organisationId: r.organisationId,
    value: r.value,
    numerator: r.numerator,
    denominator: r.denominator,
    commentary: r.commentary,
    status: r.status as ValueStatus,
    statusReason: r.statusReason,
    late: r.late,
    locked: r.status === 'approved',
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
  }
}

export function presentVersion(h: ValueVersionRow): z.output<typeof valueVersionDoc> {
  return {
    version: h.version,
    action: h.action,
    status: h.status as ValueStatus,
    value: h.value,
    numerator: h.numerator,
    denominator: h.denominator,
    commentary: h.commentary,
    reason: h.reason,
    late: h.late,
    recordedAt: h.recordedAt.toISOString(),
    recordedBy: h.recordedBy,
  }
}

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 })

/** A figure for people: thousands separators, at most two decimals, and the unit's sign. */
export function formatFigure(value: number | null | undefined, unit: string | null): string {
  if (value === null || value === undefined) return ''
  const n = numberFormat.format(value)
  if (unit === 'percent') return `${n}%`
  if (unit === 'money') return `£${n}`
  return n
}

/** The status tag of a value (or of an expected value not yet entered). */
export function statusTag(row: Pick<ValueRow, 'status' | 'late'> | null | undefined) {
  const status = (row?.status ?? 'missing') as ValueStatus | 'missing'
  return { text: valueStatusLabels[status] ?? status, classes: valueStatusTags[status] ?? 'govuk-tag--grey' }
}

export const ragLabels: Record<string, string> = {
  green: 'Green: on target or better',
  amber: 'Amber: just short of target',
  red: 'Red: off target',
  'no-target': 'No target for this period',
  'no-data': 'No value yet',
  'n/a': 'Not rated',
}
export const ragTags: Record<string, string> = {
  green: 'govuk-tag--green',
  amber: 'govuk-tag--yellow',
  red: 'govuk-tag--red',
  'no-target': 'govuk-tag--grey',
  'no-data': 'govuk-tag--grey',
  'n/a': 'govuk-tag--grey',
}
