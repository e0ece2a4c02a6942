import { systemActor, type Actor } from '../modules/auth/actor.ts'
import type { IndicatorInput } from '../modules/indicators/indicators.schema.ts'
import type { Services } from '../services.ts'
import { DEMO_AGREEMENT, demoLocalIndicators, demoTargets, type DemoMeta } from './agreement.data.ts'
import { demoComments, demoRevision } from './agreement-negotiation.ts'

const GO_EMAIL = 'julia.barnes@goem.example'
const OFFICER_EMAIL = 'priya.shah@leicestershire-together.example'

/** Act as a demo user (their comments carry their name and role), or as the demo loader. */
async function actorFor(services: Services, email: string, fallback: Actor) {
  const user = await services.users.findByEmail(email)
  return (user && (await services.auth.actorForUser(user.id))) || fallback
}

/**
 * The demo Local Area Agreement with its targets, trajectories, negotiation log and one
 * refreshed target. Idempotent: the catalogue is only completed where blank (national indicators
 * by the system, as their administrators would), and targets that
 * exist are left as they are.
 */
export async function loadAgreementDemo(services: Services, partnershipId: string) {
  const demo = systemActor('demo')
  const pid = partnershipId
  const orgs = await services.organisations.list(demo, pid)
  const orgId = (name?: string) => (name ? (orgs.find((o) => o.name === name)?.id ?? null) : null)

  // Record what the reference list leaves blank, as the partnership's officers would; never titles.
  const complete = async (code: string, meta: DemoMeta, extra: Partial<IndicatorInput> = {}) => {
    const i = await services.indicators.findByCode(demo, pid, code)
    const input: IndicatorInput = {
      code,
      title: i?.title ?? extra.title ?? null,
      set: (i?.set as IndicatorInput['set']) ?? extra.set ?? 'local',
      theme: i?.theme ?? null,
      definition: i?.definition ?? extra.definition ?? null,
      numerator: i?.numerator ?? null,
      denominator: i?.denominator ?? null,
      unit: (i?.unit as IndicatorInput['unit']) ?? meta.unit,
      ratePer: i?.ratePer ?? ((i?.unit ?? meta.unit) === 'rate' ? (meta.ratePer ?? null) : null),
      polarity: (i?.polarity as IndicatorInput['polarity']) ?? meta.polarity,
      frequency: (i?.frequency as IndicatorInput['frequency']) ?? meta.frequency,
      combine:
        i && i.combine !== 'none' ? (i.combine as IndicatorInput['combine']) : (meta.combine ?? 'none'),
      accumulation: (i?.accumulation as IndicatorInput['accumulation']) ?? meta.accumulation ?? null,
      decimals: i?.decimals ?? null,
      dataSource: i?.dataSource ?? meta.dataSource ?? null,
      lagMonths: i?.lagMonths ?? null,
      responsibleOrganisationId: i?.responsibleOrganisationId ?? orgId(meta.responsible),
    }
    if (!i) await services.indicators.create(demo, pid, input)
    // A national indicator may be complete already (another partnership's demo): this
    // partnership still records who reports it.
    else if (i.incomplete || (!i.responsibleOrganisationId && input.responsibleOrganisationId))
      await services.indicators.update(demo, pid, i.id, input)
  }
  for (const l of demoLocalIndicators)
    await complete(l.code, l, { title: l.title, set: 'local', definition: l.definition })
  for (const t of demoTargets) await complete(t.code, t.meta)

  const agreements = await services.agreements.list(demo, pid)
  let agreement = agreements.find((a) => a.name === DEMO_AGREEMENT.name)
  if (!agreement) {
    agreement = await services.agreements.create(demo, pid, {
      name: DEMO_AGREEMENT.name,
      start: DEMO_AGREEMENT.start,
      end: DEMO_AGREEMENT.end,
      description: DEMO_AGREEMENT.description,
    })
    agreement = await services.agreements.signOff(demo, pid, agreement.id, {
      signedOn: DEMO_AGREEMENT.signedOn,
      signedBy: DEMO_AGREEMENT.signedBy,
      signOffNotes: null,
    })
  }

  const officer = await actorFor(services, OFFICER_EMAIL, demo)
  const go = await actorFor(services, GO_EMAIL, demo)
  // Only outcomes the demo strategy has (it may not be loaded).
  const known = new Set((await services.strategy.currentNodes(demo, pid)).map((n) => n.ref))
  const existing = new Set(
    (await services.targets.list(demo, pid, agreement.id)).map((t) => t.indicator.code),
  )
  const added = new Map<string, string>()

  for (const t of demoTargets) {
    if (existing.has(t.code)) continue
    const { target } = await services.targets.create(officer, pid, agreement.id, {
      indicatorCode: t.code,
      kind: t.kind,
      status: t.status,
      placeholderElements: t.placeholder ?? null,
      outcomeRefs: t.outcomes.filter((r) => known.has(r)),
      placeGss: null,
      baselinePeriod: t.baseline?.[0] ?? null,
      baselineValue: t.baseline?.[1] ?? null,
      tolerancePercent: t.tolerance ?? 5,
      withoutRewardValue: t.reward?.without ?? null,
      stretchValue: t.reward?.stretch ?? null,
      rewardGrant: t.reward?.grant ?? null,
      notes: t.notes ?? null,
      trajectory: [
        ...(t.trajectory ?? []).map(([period, value]) => ({ period, value, placeGss: null })),
        ...Object.entries(t.places ?? {}).flatMap(([gss, rows]) =>
          rows.map(([period, value]) => ({ period, value, placeGss: gss })),
        ),
      ],
    })
    added.set(t.code, target.id)
  }

  for (const [code, who, body, evidenceUrl] of demoComments) {
    const id = added.get(code)
    if (id)
      await services.targets.comment(who === 'go' ? go : officer, pid, id, {
        body,
        evidenceUrl: evidenceUrl ?? null,
      })
  }

  const refreshed = added.get(demoRevision.code)
  if (refreshed) {
    const d = await services.targets.get(demo, pid, refreshed)
    await services.targets.revise(officer, pid, refreshed, {
      kind: d.version.kind as 'designated',
      status: 'agreed',
      placeholderElements: null,
      outcomeRefs: d.outcomes.flatMap((o) => (o.node ? [o.node.ref] : [])),
      placeGss: null,
      baselinePeriod: demoRevision.baseline[0],
      baselineValue: demoRevision.baseline[1],
      tolerancePercent: d.version.tolerancePercent,
      withoutRewardValue: null,
      stretchValue: null,
      rewardGrant: null,
      notes: d.version.notes,
      reason: demoRevision.reason,
      agreedBy: go.label === 'demo' ? 'Government Office for the East Midlands' : `${go.label}, GOEM`,
      agreedOn: demoRevision.agreedOn,
      trajectory: demoRevision.trajectory.map(([period, value]) => ({ period, value, placeGss: null })),
    })
  }
  return agreement
}
