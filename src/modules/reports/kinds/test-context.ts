/**
 * For the kinds' integration tests: a KindContext built from the services, so a test calls
 * `kind.build(ctx)` directly. Reads as the system; progress is recorded (not shown) so a test may
 * look at it.
 */
import { systemActor } from '../../auth/actor.ts'
import type { Services } from '../../../services.ts'
import type { ReportSpec } from '../reports.model.ts'
import type { KindContext } from './kind.ts'

export type TestSpec = Pick<ReportSpec, 'kind' | 'period'> & Partial<ReportSpec>

/**
 * The context a kind builds from: `spec.asAt` defaults to now, `level` to `target`, no theme.
 * `spec.themeKey` may be the theme's key or its ref ("1"); the spec keeps the key.
 */
export async function kindContext(
  services: Services,
  partnershipId: string,
  spec: TestSpec,
): Promise<KindContext & { notes: { fraction: number; note: string }[] }> {
  const actor = systemActor('test')
  const p = await partnershipOf(services, partnershipId)
  let theme: KindContext['theme'] = null
  if (spec.themeKey) {
    const nodes = await services.strategy.currentNodes(actor, partnershipId)
    const node = nodes.find((n) => n.kind === 'theme' && (n.key === spec.themeKey || n.ref === spec.themeKey))
    if (!node) throw new Error(`kindContext: no theme ${spec.themeKey} in the current strategy`)
    theme = { key: node.key, id: node.id, ref: node.ref, title: node.title }
  }
  const asAt = spec.asAt ?? new Date().toISOString()
  const full: ReportSpec = {
    kind: spec.kind,
    period: spec.period,
    asAt,
    level: spec.level ?? 'target',
    themeKey: theme?.key ?? null,
  }
  const notes: { fraction: number; note: string }[] = []
  return {
    spec: full,
    at: new Date(asAt),
    partnershipId,
    partnership: p,
    theme,
    actor,
    sources: {
      assessments: services.assessments,
      commentary: services.commentary,
      dashboard: services.dashboard,
      delivery: services.delivery,
      directory: services.directory,
      escalations: services.escalations,
      improvement: services.improvement,
      indicators: services.indicators,
      money: services.money,
      organisations: services.organisations,
      people: services.people,
      places: services.places,
      risks: services.risks,
      rounds: services.rounds,
      strategy: services.strategy,
      targets: services.targets,
      values: services.values,
    },
    notes,
    progress: (fraction, note) => {
      notes.push({ fraction, note })
      return Promise.resolve()
    },
  }
}

async function partnershipOf(services: Services, partnershipId: string) {
  const all = await services.partnerships.listForActor(systemActor('test'))
  const found = all.find((r) => r.partnership.id === partnershipId)
  if (!found) throw new Error(`kindContext: no partnership ${partnershipId}`)
  return { name: found.partnership.name, slug: found.partnership.slug }
}
