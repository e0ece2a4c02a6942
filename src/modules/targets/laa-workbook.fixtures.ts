/**
 * An LAA2-sized workbook for the import tests: 61 targets (35 designated, 10 local, 16
 * mandatory; 23 placeholders, as 003 §2 reports) on a strategy of 49 outcomes, 16 of which get
 * no target (003 §5). Sheets as JSON rows, the way the API and exports carry them.
 */
import { referenceIndicators } from '../indicators/indicators.reference.ts'

export const THEMES = 7
export const OUTCOMES_PER_THEME = 7
/** Outcome refs in order: 1.1 … 7.7. */
export const outcomeRefs = Array.from(
  { length: THEMES * OUTCOMES_PER_THEME },
  (_, i) => `${Math.floor(i / OUTCOMES_PER_THEME) + 1}.${(i % OUTCOMES_PER_THEME) + 1}`,
)
/** The first 33 outcomes get targets; the last 16 do not. */
export const coveredRefs = outcomeRefs.slice(0, 33)
export const uncoveredRefs = outcomeRefs.slice(33)

type Row = Record<string, string | number | null>

/** The 35 national indicators the workbook designates, as a system administrator completes them. */
export const designatedNis = () =>
  referenceIndicators()
    .filter((r) => !r.withdrawn)
    .slice(0, 35)
    .map((r, i) => ({
      code: r.code,
      unit: 'percent' as const,
      polarity: i % 3 === 0 ? ('lower' as const) : ('higher' as const),
      frequency: i % 5 === 0 ? ('quarterly' as const) : ('annual' as const),
    }))

export function laa2Workbook() {
  const nis = designatedNis().map((r) => r.code)
  const local = Array.from({ length: 10 }, (_, i) => `L ${String(i + 1).padStart(2, '0')}`)
  const mandatory = Array.from({ length: 16 }, (_, i) => `DCSF ${String(i + 1).padStart(2, '0')}`)

  const indicators: Row[] = [
    // National indicators: their definition as recorded (blank titles keep theirs); the
    // partnership records only its own lag.
    ...designatedNis().map((n) => ({ ...n, title: null, set: 'NIS', lag_months: 2 })),
    ...local.map((code, i) => ({
      code,
      title: `Local indicator ${i + 1}`,
      set: 'local',
      unit: 'count',
      polarity: 'higher',
      frequency: 'annual',
      combine: 'sum',
    })),
    ...mandatory.map((code, i) => ({
      code,
      title: `Statutory early years or education measure ${i + 1}`,
      set: 'other',
      unit: 'percent',
      polarity: 'higher',
      frequency: 'annual',
    })),
  ]

  const all = [
    ...nis.map((code) => ({ code, kind: 'designated' })),
    ...local.map((code) => ({ code, kind: 'local' })),
    ...mandatory.map((code) => ({ code, kind: 'mandatory' })),
  ]
  const targets: Row[] = all.map(({ code, kind }, i) => {
    // 23 placeholders: every other target of the first 46.
    const placeholder = i < 46 && i % 2 === 0
    return {
      indicator_code: code,
      kind,
      status: placeholder ? 'placeholder' : 'agreed',
      outcome_refs:
        i % 4 === 0 ? `${coveredRefs[i % 33]}; ${coveredRefs[(i + 7) % 33]}` : coveredRefs[i % 33]!,
      baseline_period: '2007/08',
      baseline_value: 40 + (i % 10),
      tolerance_percent: null,
      notes: placeholder ? 'Baseline from the 2008 Place Survey' : null,
    }
  })
  const trajectories: Row[] = all.flatMap(({ code }, i) => [
    { indicator_code: code, period: '2008/09', target_value: 41 + (i % 10) },
    { indicator_code: code, period: '2009/10', target_value: 42 + (i % 10) },
    { indicator_code: code, period: '2010/11', target_value: 43 + (i % 10) },
  ])
  return {
    Agreement: [
      { name: 'Local Area Agreement 2008-2011', start: '2008/09', end: '2010/11', status: 'signed' },
    ],
    Indicators: indicators,
    Targets: targets,
    Trajectories: trajectories,
  }
}
