/** Shared set-up for the targets tests: a strategy, completed catalogue entries, an agreement. */
import { systemActor } from '../auth/actor.ts'
import type { Services } from '../../services.ts'

const system = systemActor('test')

/** A strategy whose themes hold the given numbers of outcomes; returns the outcome refs per theme. */
export async function seedStrategy(s: Services, partnershipId: string, outcomesPerTheme: number[]) {
  const version = await s.strategy.startVersion(system, partnershipId, {
    title: 'Sustainable Community Strategy',
    copyFrom: 0,
  })
  const refs: string[][] = []
  for (const [i, n] of outcomesPerTheme.entries()) {
    const theme = await s.strategyNodes.createNode(system, partnershipId, version.number, {
      kind: 'theme',
      parentId: null,
      ref: undefined,
      title: `Theme ${i + 1}`,
      statement: null,
      rationale: null,
      tagIds: [],
    })
    const list: string[] = []
    for (let j = 0; j < n; j++) {
      const o = await s.strategyNodes.createNode(system, partnershipId, version.number, {
        kind: 'outcome',
        parentId: theme.id,
        ref: undefined,
        title: `Outcome ${i + 1}.${j + 1}`,
        statement: null,
        rationale: null,
        tagIds: [],
      })
      list.push(o.ref)
    }
    refs.push(list)
  }
  return refs
}

/** Record the metadata a target needs on catalogue entries (as an officer would). */
export async function completeIndicators(
  s: Services,
  partnershipId: string,
  codes: string[],
  meta: {
    unit?: 'percent' | 'count'
    polarity?: 'higher' | 'lower'
    frequency?: 'annual' | 'quarterly' | 'monthly'
  } = {},
) {
  for (const code of codes) {
    const i = await s.indicators.findByCode(system, partnershipId, code)
    const base = {
      code,
      title: i?.title ?? `Local indicator ${code}`,
      set: (i?.set ?? 'local') as 'nis' | 'local' | 'other',
      theme: i?.theme ?? null,
      definition: null,
      numerator: null,
      denominator: null,
      unit: meta.unit ?? 'percent',
      ratePer: null,
      polarity: meta.polarity ?? 'higher',
      frequency: meta.frequency ?? 'annual',
      combine: 'none',
      dataSource: null,
      lagMonths: null,
      responsibleOrganisationId: null,
    } as const
    if (i) await s.indicators.update(system, partnershipId, i.id, base)
    else await s.indicators.create(system, partnershipId, base)
  }
}

/** Local indicator codes L 01 … L nn, created complete. */
export async function localIndicators(
  s: Services,
  partnershipId: string,
  n: number,
  meta: Parameters<typeof completeIndicators>[3] = {},
) {
  const codes = Array.from({ length: n }, (_, i) => `L ${String(i + 1).padStart(2, '0')}`)
  await completeIndicators(s, partnershipId, codes, meta)
  return codes
}

export async function seedAgreement(
  s: Services,
  partnershipId: string,
  name = 'Local Area Agreement 2008-2011',
) {
  return s.agreements.create(system, partnershipId, { name, start: 2008, end: 2010, description: null })
}
