/**
 * The demo's quarterly returns: two years (2008/09 and 2009/10) of values for the demo targets,
 * at the county and at the districts with their own trajectories, with the rounds that collected
 * them. Most were approved on time; some came in late under an exception, some were returned
 * and corrected, some are amber or red against the trajectory. In the latest quarter the police
 * figures are still owed, under a running exception, for the demo data provider to enter.
 */
import { isAppError } from '../errors.ts'
import {
  financialYearOf,
  formatPeriod,
  monthsOf,
  parsePeriod,
  quartersOf,
  shiftPeriod,
  type Period,
} from '../periods/index.ts'
import { accumulationOf, cumulativeTarget } from '../modules/assessments/rules/accumulation.ts'
import { type Polarity } from '../modules/assessments/rules/engine.ts'
import { systemActor, type Actor } from '../modules/auth/actor.ts'
import type { IndicatorRow } from '../modules/indicators/indicators.service.ts'
import { addDays } from '../modules/rounds/rounds.rules.ts'
import type { RoundRow } from '../modules/rounds/rounds.service.ts'
import type { Services } from '../services.ts'
import {
  commentaryFor,
  currentExceptionReason,
  householdWasteTonnes,
  lateReason,
  population,
  returnReasons,
  type Outcome,
} from './values.data.ts'

const YEARS = ['2008/09', '2009/10']
const LATEST = new Set(['2009/10 Q4', '2009/10'])
const OFFICER = 'priya.shah@leicestershire-together.example'
const PROVIDERS: Record<string, string> = {
  'Leicestershire Constabulary': 'sarah.okafor@leicestershire-together.example',
  'Leicestershire County and Rutland Primary Care Trust': 'david.chen@leicestershire-together.example',
}
const POLICE = 'Leicestershire Constabulary'
/** Two reds in a row: the improvement-plan flag has something to show. */
const FORCED: Record<string, Outcome> = {
  'NI 135|E10000018|2009/10 Q2': 'red',
  'NI 135|E10000018|2009/10 Q3': 'red',
  'NI 16|E10000018|2008/09 Q3': 'amber',
}

/** Deterministic pseudo-random number in [0, 1) from a key (FNV-1a), so the demo is the same every time. */
function rnd(key: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  // Murmur3's finaliser: keys that differ in their last character must not give neighbouring numbers.
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b) >>> 0
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35) >>> 0
  h ^= h >>> 16
  return (h >>> 0) / 2 ** 32
}

const at = (isoDate: string, days: number, hour = 10) =>
  new Date(`${addDays(isoDate, days)}T${String(hour).padStart(2, '0')}:00:00Z`)

/** A figure near `reference`: better, slightly worse (within tolerance) or worse, by polarity. */
function figure(reference: number, outcome: Outcome, polarity: Polarity, tolerance: number, r: number) {
  const better = polarity === 'lower' ? -1 : 1
  const shift =
    outcome === 'green'
      ? 0.005 + r * 0.05
      : outcome === 'amber'
        ? -(tolerance / 100) * (0.3 + r * 0.55)
        : -(tolerance / 100) * (1.5 + r * 1.5)
  return reference * (1 + (polarity === 'neither' ? (r - 0.5) * 0.06 : better * shift))
}

function rounded(value: number, unit: string | null) {
  if (unit === 'count' || unit === 'money') return Math.max(0, Math.round(value))
  if (unit === 'percent') return Math.min(100, Math.max(0, Math.round(value * 10) / 10))
  return Math.max(0, Math.round(value * 100) / 100)
}

interface Step {
  action: 'entered' | 'submitted' | 'approved' | 'returned'
  at: Date
  who: { id: string | null; label: string }
  value: number
  numerator: number | null
  denominator: number | null
  commentary: string
  reason?: string
  status: string
}

type HistoryLoad = Parameters<Services['values']['loadHistory']>[2]
type Target = NonNullable<Awaited<ReturnType<Services['values']['targetFor']>>>

/**
 * Load the demo's rounds and values once; does nothing when the partnership already has values.
 * `areaPlaceId` is the partnership's area (the county), where one value is returned for correction.
 */
export async function loadValuesDemo(
  services: Services,
  { id: partnershipId, areaPlaceId: area }: { id: string; areaPlaceId: string | null },
) {
  const demo = systemActor('demo')
  if (await services.values.anyFor(demo, partnershipId, '2008/09 Q1')) return
  for (const year of YEARS) {
    try {
      await services.rounds.generateYear(demo, partnershipId, { year, dueWeeks: 6 })
    } catch (e) {
      // No targets (the agreement demo did not load): nothing to collect.
      if (isAppError(e) && e.status === 422) return
      throw e
    }
  }
  const orgs = new Map((await services.organisations.list(demo, partnershipId)).map((o) => [o.id, o.name]))
  const users = new Map<string, { id: string; label: string } | null>()
  const userOf = async (email: string) => {
    if (!users.has(email)) {
      const u = await services.users.findByEmail(email)
      users.set(email, u ? { id: u.id, label: u.name } : null)
    }
    return users.get(email)!
  }
  const officer = (await userOf(OFFICER)) ?? { id: null, label: 'demo' }
  const providerFor = async (orgId: string | null) => {
    const name = orgId ? orgs.get(orgId) : undefined
    const email = name ? PROVIDERS[name] : undefined
    return (
      (email && (await userOf(email))) || {
        id: null,
        label: name ? `${name} performance team` : officer.label,
      }
    )
  }
  const rounds = (await services.rounds.list(demo, partnershipId)).filter((r) =>
    YEARS.includes(formatPeriod(financialYearOf(r.period))),
  )

  const values: HistoryLoad['values'] = []
  const histories: Step[][] = []
  const lateOrgs = new Map<string, { round: RoundRow; organisationId: string }>()
  let policeOwed = false
  const targets = new Map<string, Target | undefined>()
  const indicators = new Map<string, IndicatorRow>()

  for (const round of rounds) {
    const { expected } = await services.rounds.items(partnershipId, round.period)
    for (const item of expected) {
      const key = `${item.code}|${item.placeGss}|${round.period}`
      const orgName = item.organisationId ? orgs.get(item.organisationId) : undefined
      if (LATEST.has(round.period) && orgName === POLICE) {
        policeOwed = true
        continue
      }
      const tKey = `${item.indicatorId}|${item.placeId}|${financialYearOf(round.period).year}`
      if (!targets.has(tKey))
        targets.set(
          tKey,
          await services.values.targetFor(demo, partnershipId, {
            indicatorId: item.indicatorId,
            placeId: item.placeId,
            period: round.period,
          }),
        )
      const t = targets.get(tKey)
      if (!t) continue
      if (!indicators.has(item.indicatorId))
        indicators.set(item.indicatorId, await services.indicators.get(demo, partnershipId, item.indicatorId))
      const ind = indicators.get(item.indicatorId)!
      const polarity = (ind.polarity ?? 'neither') as Polarity
      const outcomeOf = (k: string): Outcome => {
        const r = rnd(k)
        return FORCED[k] ?? (r < 0.62 ? 'green' : r < 0.83 ? 'amber' : 'red')
      }
      const outcome = outcomeOf(key)
      const exactOf = (period: string) => t.trajectory.find((r) => r.period === period)?.value
      const yearly = exactOf(formatPeriod(financialYearOf(round.period)))
      let raw: number
      if (accumulationOf(ind.unit, ind.accumulation) === 'cumulative' && round.periodType !== 'year') {
        // Rated on the year to date: aim the year to date at its outcome, and enter the period's
        // part of it (the year to date aimed at now less the one aimed at a period before).
        const inYear = round.periodType === 'quarter' ? 4 : 12
        const aim = (period: Period, k: number) => {
          const text = formatPeriod(period)
          const annual = yearly ?? t.version.baselineValue
          const ytd = cumulativeTarget(exactOf(text), annual, k, inYear)
          const pKey = `${item.code}|${item.placeGss}|${text}`
          return ytd === null
            ? null
            : figure(ytd, outcomeOf(pKey), polarity, t.version.tolerancePercent, rnd(pKey + 'd'))
        }
        const period = parsePeriod(round.period)
        const end = financialYearOf(period)
        const first = round.periodType === 'quarter' ? quartersOf(end)[0]! : monthsOf(end)[0]!
        const k = periodsBetween(first, period) + 1
        const now = aim(period, k)
        if (now === null) continue // a placeholder: awaiting its baseline
        raw = now - (k > 1 ? (aim(shiftPeriod(period, -1), k - 1) ?? 0) : 0)
      } else {
        // Quarterly figures of an indicator profiled per quarter are per-quarter rates, not annual ones.
        const perQuarter = t.profiled
        const reference =
          exactOf(round.period) ??
          (yearly !== undefined
            ? yearly / (perQuarter && round.periodType === 'quarter' ? 4 : 1)
            : undefined) ??
          t.version.baselineValue
        if (reference === null || reference === undefined) continue // a placeholder: awaiting its baseline
        raw = figure(reference, outcome, polarity, t.version.tolerancePercent, rnd(key + 'd'))
      }
      let value = rounded(raw, ind.unit)
      let numerator: number | null = null
      let denominator: number | null = null
      if (ind.combine === 'ratio' && ind.unit === 'rate' && population[item.placeGss]) {
        denominator = population[item.placeGss]!
        numerator = Math.round((value * denominator) / (ind.ratePer ?? 1))
        value = Math.round((numerator / denominator) * (ind.ratePer ?? 1) * 100) / 100
      } else if (ind.combine === 'ratio' && ind.unit === 'percent') {
        denominator = householdWasteTonnes
        numerator = Math.round((value / 100) * denominator)
        value = Math.round((numerator / denominator) * 1000) / 10
      }
      const commentary = commentaryFor(item.code, outcome, rnd(key + 'c'))
      const provider = await providerFor(item.organisationId)
      const late = !LATEST.has(round.period) && rnd(key + 'late') < 0.07
      const entered = late
        ? at(round.dueOn, 2 + Math.floor(rnd(key + 'e') * 10))
        : at(round.opensOn, 3 + Math.floor(rnd(key + 'e') * 30))
      const base = { value, numerator, denominator, commentary }
      const steps: Step[] = [{ ...base, action: 'entered', at: entered, who: provider, status: 'draft' }]
      const submit = (when: Date, fields = base) =>
        steps.push({ ...fields, action: 'submitted', at: when, who: provider, status: 'submitted' })
      const hour = (d: Date, h: number) => new Date(d.getTime() + h * 3600_000)
      submit(hour(entered, 2))
      const returned = round.period === '2009/10 Q4' && item.code === 'NI 192' && item.placeId === area
      const reason = returnReasons[Math.floor(rnd(key + 'why') * returnReasons.length)]!
      if (returned) {
        steps.push({
          ...base,
          action: 'returned',
          at: hour(entered, 50),
          who: officer,
          status: 'returned',
          reason,
        })
      } else if (!LATEST.has(round.period) && rnd(key + 'ret') < 0.1) {
        steps.push({
          ...base,
          action: 'returned',
          at: hour(entered, 26),
          who: officer,
          status: 'returned',
          reason,
        })
        const corrected = {
          ...base,
          value: rounded(value * (1 + (rnd(key + 'fix') - 0.5) * 0.02), ind.unit),
          numerator: null,
          denominator: null,
          commentary: `${commentary} Corrected after review.`,
        }
        steps.push({ ...corrected, action: 'entered', at: hour(entered, 70), who: provider, status: 'draft' })
        submit(hour(entered, 71), corrected)
      }
      const final = steps.at(-1)!
      const stillOpen = LATEST.has(round.period)
      const settle = stillOpen ? rnd(key + 's') : 0
      if (!returned && (!stillOpen || settle < 0.45))
        steps.push({
          ...final,
          action: 'approved',
          at: at(round.dueOn, 3 + Math.floor(rnd(key + 'a') * 8)),
          who: officer,
          status: 'approved',
        })
      if (stillOpen && !returned && settle >= 0.85) steps.splice(1) // left as a draft
      if (late && item.organisationId)
        lateOrgs.set(`${round.id}|${item.organisationId}`, { round, organisationId: item.organisationId })

      const last = steps.at(-1)!
      values.push({
        indicatorId: item.indicatorId,
        placeId: item.placeId,
        period: round.period,
        periodType: round.periodType,
        roundId: round.id,
        organisationId: item.organisationId,
        value: last.value,
        numerator: last.numerator,
        denominator: last.denominator,
        commentary: last.commentary,
        status: last.status,
        statusReason: last.status === 'returned' ? (last.reason ?? null) : null,
        late,
        version: steps.length,
        updatedByUserId: last.who.id,
        createdAt: steps[0]!.at,
        updatedAt: last.at,
      })
      histories.push(steps)
    }
  }

  const loader: Actor = { ...demo, label: 'demo (values loaded)' }
  await services.values.loadHistory(loader, partnershipId, {
    values,
    histories: histories.map((steps) =>
      steps.map((s) => ({
        value: s.value,
        numerator: s.numerator,
        denominator: s.denominator,
        commentary: s.commentary,
        status: s.status,
        action: s.action,
        reason: s.reason ?? null,
        recordedAt: s.at,
        recordedByUserId: s.who.id,
        recordedBy: s.who.label,
      })),
    ),
    exceptions: [...lateOrgs.values()].map(({ round, organisationId }) => ({
      roundId: round.id,
      organisationId,
      grantedUntil: addDays(round.dueOn, 21),
      reason: lateReason,
      grantedByUserId: officer.id,
    })),
  })

  // The police figures for the latest quarter are still owed: a running exception lets them in.
  const policeId = [...orgs].find(([, n]) => n === POLICE)?.[0]
  if (policeOwed && policeId) {
    const until = addDays(services.rounds.today(), 60)
    for (const round of rounds.filter((r) => LATEST.has(r.period)))
      await services.rounds.grantException(demo, partnershipId, round.id, {
        organisationId: policeId,
        grantedUntil: until,
        reason: currentExceptionReason,
      })
  }
}

/** How many periods of the same type `to` is after `from` (0 for the same one). */
function periodsBetween(from: Period, to: Period): number {
  const n = (p: Period) =>
    p.type === 'quarter' ? p.year * 4 + p.quarter : p.type === 'month' ? p.year * 12 + p.month : p.year
  return n(to) - n(from)
}
