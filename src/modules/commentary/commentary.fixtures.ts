import { buildAgreement, buildIndicator, buildRounds } from '../../../test/helpers/factories.ts'
import { bearer, seedPartnership, system, type TestContext } from '../../../test/helpers/app.ts'
import { directoryInput } from '../directory/directory.schema.ts'
import { targetCreate } from '../targets/targets.schema.ts'

/**
 * For commentary tests: a partnership with an outcome (1.7) led by its outcome lead's person
 * record, a target serving it and one serving nothing, and the 2008/09 rounds (all long closed).
 */
export async function commentaryWorld({ app, services }: TestContext) {
  const seeded = await seedPartnership(services, [
    'admin',
    'performance_officer',
    'outcome_lead',
    'board_member',
    'scrutiny',
  ])
  const pid = seeded.partnership.id
  await services.strategy.startVersion(system, pid, { title: 'Strategy' })
  const theme = await services.strategyNodes.createNode(system, pid, 1, {
    kind: 'theme',
    title: 'Older People',
    tagIds: [],
  })
  const outcome = await services.strategyNodes.createNode(system, pid, 1, {
    kind: 'outcome',
    parentId: theme.id,
    ref: '1.7',
    title: 'More older people are able to lead independent lives',
    tagIds: [],
  })
  const lead = (await services.people.list(system, pid)).find(
    (p) => p.email === seeded.users.outcome_lead!.email,
  )!
  await services.directory.set(system, pid, outcome.id, directoryInput.parse({ outcomeLeadId: lead.id }))
  const agreement = await buildAgreement(services, pid)
  const ind = await buildIndicator(services, pid)
  const other = await buildIndicator(services, pid)
  const mk = (code: string, outcomeRefs: string[]) =>
    services.targets.create(
      system,
      pid,
      agreement.id,
      targetCreate.parse({
        indicatorCode: code,
        kind: 'designated',
        status: 'agreed',
        outcomeRefs,
        trajectory: [{ period: '2008/09', value: 10 }],
      }),
    )
  const target = (await mk(ind.code, ['1.7'])).target
  const unled = (await mk(other.code, [])).target
  const rounds = await buildRounds(services, pid, '2008/09')
  const call = (
    method: 'GET' | 'PUT' | 'POST',
    path: string,
    role: keyof typeof seeded.users,
    payload?: object,
  ) =>
    app.inject({
      method,
      url: `/api/v1/partnerships/${seeded.slug}${path}`,
      headers: bearer(seeded.users[role]!.token),
      ...(payload ? { payload } : {}),
    })
  return { ...seeded, app, services, pid, outcome, lead, target, unled, ind, other, rounds, call }
}
