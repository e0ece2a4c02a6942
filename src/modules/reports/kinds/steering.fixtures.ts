/**
 * For the steering, board and reward kinds' tests: a partnership with an area, two themes each
 * with an outcome, percentage targets that are red (slipped from green), amber and green in
 * 2008/09 Q2, two reward targets, commentary, and the 2008/09 rounds (long closed).
 */
import {
  buildAgreement,
  buildIndicator,
  buildOrganisation,
  buildPartnership,
  buildPlace,
  buildRounds,
  system,
} from '../../../../test/helpers/factories.ts'
import type { Services } from '../../../services.ts'
import { targetCreate } from '../../targets/targets.schema.ts'

export const PERIOD = '2008/09 Q2'

export async function reportWorld(s: Services) {
  const { partnership, slug } = await buildPartnership(s)
  const pid = partnership.id
  const area = await buildPlace(s, pid, { type: 'area' })
  const ctx = await s.partnerships.resolve(system, slug)
  await s.partnerships.update(system, ctx, {
    name: partnership.name,
    kind: 'county',
    description: null,
    accountableBodyId: null,
    areaPlaceId: area.id,
  })
  const council = await buildOrganisation(s, pid, { name: 'County Council' })
  await s.strategy.startVersion(system, pid, { title: 'Strategy' })
  const node = (input: { kind: 'theme' | 'outcome'; title: string; parentId?: string; ref?: string }) =>
    s.strategyNodes.createNode(system, pid, 1, { tagIds: [], ...input })
  const safer = await node({ kind: 'theme', title: 'Safer Communities' })
  const healthier = await node({ kind: 'theme', title: 'Healthier Communities' })
  await node({ kind: 'outcome', parentId: safer.id, ref: `${safer.ref}.1`, title: 'Less crime' })
  await node({ kind: 'outcome', parentId: healthier.id, ref: `${healthier.ref}.1`, title: 'Longer lives' })
  const agreement = await buildAgreement(s, pid)

  const indicator = (title: string) =>
    buildIndicator(s, pid, { title, unit: 'percent', combine: 'none', responsibleOrganisationId: council.id })
  const target = async (
    code: string,
    outcomeRef: string,
    extra: {
      kind?: 'designated' | 'reward'
      withoutRewardValue?: number
      stretchValue?: number
      rewardGrant?: number
    } = {},
  ) =>
    (
      await s.targets.create(
        system,
        pid,
        agreement.id,
        targetCreate.parse({
          indicatorCode: code,
          kind: extra.kind ?? 'designated',
          status: 'agreed',
          outcomeRefs: [outcomeRef],
          trajectory: [{ period: '2008/09', value: 60 }],
          ...extra,
        }),
      )
    ).target
  const ind = {
    red: await indicator('People who feel safe'),
    green: await indicator('Crimes solved'),
    amber: await indicator('Adults who smoke less'),
    rewardA: await indicator('Reward A'),
    rewardB: await indicator('Reward B'),
    missing: await indicator('Nobody returned this'),
  }
  const t = {
    red: await target(ind.red.code, `${safer.ref}.1`),
    green: await target(ind.green.code, `${safer.ref}.1`),
    amber: await target(ind.amber.code, `${healthier.ref}.1`),
    rewardA: await target(ind.rewardA.code, `${healthier.ref}.1`, {
      kind: 'reward',
      withoutRewardValue: 50,
      stretchValue: 60,
      rewardGrant: 1000.1,
    }),
    rewardB: await target(ind.rewardB.code, `${healthier.ref}.1`, {
      kind: 'reward',
      withoutRewardValue: 50,
      stretchValue: 60,
      rewardGrant: 2000.2,
    }),
    missing: await target(ind.missing.code, `${healthier.ref}.1`),
  }
  const rounds = await buildRounds(s, pid, '2008/09')
  const save = (indicatorId: string, period: string, value: number, version = 0) =>
    s.values.save(
      system,
      pid,
      { indicatorId, placeId: area.id, period },
      { value, numerator: null, denominator: null, commentary: null, version, submit: true },
    )
  await save(ind.red.id, '2008/09 Q1', 70)
  const red = await save(ind.red.id, PERIOD, 40)
  await save(ind.green.id, PERIOD, 70)
  await save(ind.amber.id, PERIOD, 58)
  // Both reward targets reach the stretch: the whole grant, exactly £1,000.10 + £2,000.20.
  const rewardA = await save(ind.rewardA.id, PERIOD, 60)
  await save(ind.rewardB.id, PERIOD, 61)
  const comment = (targetId: string, commentary: string) =>
    s.commentary.record(system, pid, targetId, {
      period: PERIOD,
      commentary,
      actions: null,
      supportNeeded: null,
    })
  await comment(t.red.id, 'Fear of crime rose after the summer incidents.')
  await comment(t.green.id, 'Detection rates held up.')
  return {
    pid,
    slug,
    area,
    themes: { safer, healthier },
    ind,
    t,
    rounds,
    redValue: red.value,
    rewardAValue: rewardA.value,
    save,
    comment,
  }
}

export type ReportWorld = Awaited<ReturnType<typeof reportWorld>>
