/** What agreeing a target needs (issue #10 §3): without these it would sit "not rated" for ever. */
export interface AgreeableFacts {
  version: { baselinePeriod: string | null; baselineValue: unknown }
  indicator: { unit: string | null; polarity: string | null; frequency: string | null }
  trajectoryValues: number
  outcomes: number
}

/**
 * What a target still lacks before the government office can agree it, in reading order; empty
 * when it is complete: a baseline (period and value), at least one trajectory value, a link to an
 * outcome, and an indicator with unit, polarity and frequency.
 */
export function missingForAgreement(f: AgreeableFacts): string[] {
  const missing: string[] = []
  if (!f.version.baselinePeriod) missing.push('a baseline period')
  if (f.version.baselineValue === null || f.version.baselineValue === undefined)
    missing.push('a baseline value')
  if (f.trajectoryValues < 1) missing.push('a trajectory value')
  if (f.outcomes < 1) missing.push('a link to an outcome')
  const indicator = (['unit', 'polarity', 'frequency'] as const).filter((k) => !f.indicator[k])
  if (indicator.length) missing.push(`the indicator’s ${listed(indicator)}`)
  return missing
}

/** `a`, `a and b`, `a, b and c`. */
export function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}
