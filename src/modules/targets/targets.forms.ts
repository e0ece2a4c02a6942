/**
 * What the target pages need beyond the services: option lists, form values from a version,
 * and the trajectory grid (one input per period) to and from rows.
 */
import type { FieldErrors } from '../../errors.ts'
import { formatPeriod, monthsOf, periodSlug, quartersOf, yearsBetween } from '../../periods/index.ts'
import { parseNumber } from '../../workbook/cells.ts'
import { UNTITLED } from '../indicators/indicators.schema.ts'
import {
  targetKindLabels,
  targetKinds,
  targetStatusLabels,
  type TargetStatus,
  type TrajectoryRowInput,
} from './targets.schema.ts'
import type { TargetVersionRow, TrajectoryRow } from './targets.service.ts'

/** A submitted field as text: a form sends strings; anything else (a JSON body) as JSON spells it. */
const fieldText = (v: unknown): string => (v == null ? '' : typeof v === 'string' ? v : JSON.stringify(v))

export const kindItems = (selected?: unknown) =>
  targetKinds.map((k) => ({ value: k, text: targetKindLabels[k], checked: k === selected }))

/** Yes/no radios for whether the target is on the public site (no unless chosen). */
export const publishedItems = (selected?: unknown) => {
  const yes = selected === true || selected === 'yes'
  return [
    { value: 'yes', text: 'Yes, show it on the public site', checked: yes },
    { value: 'no', text: 'No', checked: !yes },
  ]
}

export const statusItems = (statuses: readonly TargetStatus[], selected?: unknown) =>
  statuses.map((s) => ({
    value: s,
    text: s === 'agreed' ? 'Agreed (recording an agreement already reached)' : targetStatusLabels[s],
    checked: s === selected,
  }))

export function indicatorItems(
  indicators: { code: string; title: string | null; withdrawn: boolean }[],
  selected?: unknown,
) {
  return [
    { value: '', text: 'Choose an indicator' },
    ...indicators
      .filter((i) => !i.withdrawn)
      .map((i) => ({
        value: i.code,
        text: `${i.code} ${i.title ?? `(${UNTITLED.toLowerCase()})`}`,
        selected: i.code === selected,
      })),
  ]
}

export function outcomeItems(nodes: { ref: string; title: string; kind: string }[], selected: unknown) {
  const chosen = new Set(
    Array.isArray(selected) ? selected.map(fieldText) : selected ? fieldText(selected).split(/[;,]\s*/) : [],
  )
  return nodes
    .filter((n) => n.kind !== 'theme')
    .sort((a, b) => a.ref.localeCompare(b.ref, 'en', { numeric: true }))
    .map((n) => ({
      value: n.ref,
      text: `${n.ref} ${n.title}`,
      checked: chosen.has(n.ref),
    }))
}

/** Form values from a stored version (for the change and revise forms). */
export function versionFormValues(v: TargetVersionRow, outcomeRefs: string[]) {
  const s = (n: number | null) => (n === null ? '' : String(n))
  return {
    kind: v.kind,
    status: v.status,
    placeholderElements: v.placeholderElements,
    outcomeRefs,
    baselinePeriod: v.baselinePeriod,
    baselineValue: s(v.baselineValue),
    tolerancePercent: s(v.tolerancePercent),
    withoutRewardValue: s(v.withoutRewardValue),
    stretchValue: s(v.stretchValue),
    rewardGrant: s(v.rewardGrant),
    notes: v.notes,
    published: v.published ? 'yes' : 'no',
  }
}

export interface GridRow {
  period: string
  name: string
  type: 'year' | 'quarter' | 'month'
}

/** The periods the trajectory form offers: each year, and its quarters or months for a profile. */
export function trajectoryGrid(frequency: string | null, startYear: number, endYear: number): GridRow[] {
  const rows: GridRow[] = []
  for (const y of yearsBetween(startYear, endYear)) {
    rows.push({ period: formatPeriod(y), name: `t_${periodSlug(y)}`, type: 'year' })
    const profile = frequency === 'quarterly' ? quartersOf(y) : frequency === 'monthly' ? monthsOf(y) : []
    for (const p of profile) rows.push({ period: formatPeriod(p), name: `t_${periodSlug(p)}`, type: p.type })
  }
  return rows
}

/** Grid values from the stored trajectory (the target's own place only). */
export function gridValues(grid: GridRow[], trajectory: TrajectoryRow[]) {
  const own = new Map(trajectory.filter((r) => !r.placeId).map((r) => [r.period, r.value]))
  return Object.fromEntries(grid.map((g) => [g.name, own.has(g.period) ? String(own.get(g.period)) : '']))
}

/**
 * Rows from a submitted grid, plus the stored per-place rows (which the form does not show).
 * Returns field errors keyed by input name for values that are not numbers, and the input name
 * of each row so service errors (`trajectory.N.field`) can be shown against their input.
 */
export function gridRows(grid: GridRow[], body: Record<string, unknown>, stored: TrajectoryRow[]) {
  const errors: FieldErrors = {}
  const rows: TrajectoryRowInput[] = []
  const names: string[] = []
  for (const g of grid) {
    const raw = fieldText(body[g.name]).trim()
    if (raw === '') continue
    const value = parseNumber(raw)
    if (value === undefined) {
      errors[g.name] = `Enter the target for ${g.period} as a number, like 20.5`
      continue
    }
    rows.push({ period: g.period, value, placeGss: null })
    names.push(g.name)
  }
  for (const r of stored.filter((x) => x.placeId))
    rows.push({ period: r.period, value: r.value, placeGss: r.placeGss })
  return { rows, names, errors }
}

/** Map service errors on trajectory rows back to the grid inputs. */
export function gridErrors(errors: FieldErrors, names: string[]): FieldErrors {
  const out: FieldErrors = {}
  for (const [k, v] of Object.entries(errors)) {
    const m = /^trajectory\.(\d+)\./.exec(k)
    const name = m ? names[Number(m[1])] : undefined
    out[name ?? (m ? '_form' : k)] ??= v
  }
  return out
}
