import { expect, it } from 'vitest'
import { describeIntegration, system } from '../../../test/helpers/app.ts'
import {
  buildAgreement,
  buildIndicator,
  buildOrganisation,
  buildPartnership,
  buildPlace,
  buildRounds,
} from '../../../test/helpers/factories.ts'
import { systemActor } from '../auth/actor.ts'
import { targetCreate, targetRevision } from '../targets/targets.schema.ts'
import { settled } from './reports.fixtures.ts'
import { reportRequest } from './reports.schema.ts'

const PERIOD = '2008/09 Q2'
const tick = () => new Promise((r) => setTimeout(r, 25))
/** The report of record without the cover's two generation lines (who generated it, and when). */
const withoutGeneration = (html: string) => html.replace(/(data-qa="cover-generated-(?:at|by)">)[^<]*/g, '$1')

describeIntegration('reports are reproducible: regenerated as at the same moment after corrections', (t) => {
  /** Two targets of one outcome, their Q1 and Q2 values approved (so assessed) and commentary on each. */
  async function world() {
    const s = t().services
    const { partnership, slug } = await buildPartnership(s)
    const pid = partnership.id
    const area = await buildPlace(s, pid, { type: 'area' })
    await s.partnerships.update(system, await s.partnerships.resolve(system, slug), {
      name: partnership.name,
      kind: 'county',
      description: null,
      accountableBodyId: null,
      areaPlaceId: area.id,
    })
    const council = await buildOrganisation(s, pid, { name: 'County Council' })
    await s.strategy.startVersion(system, pid, { title: 'Strategy' })
    const theme = await s.strategyNodes.createNode(system, pid, 1, {
      kind: 'theme',
      title: 'Safer Communities',
      tagIds: [],
    })
    await s.strategyNodes.createNode(system, pid, 1, {
      kind: 'outcome',
      parentId: theme.id,
      ref: `${theme.ref}.1`,
      title: 'Less crime',
      tagIds: [],
    })
    const agreement = await buildAgreement(s, pid)
    const indicator = (title: string) =>
      buildIndicator(s, pid, {
        title,
        unit: 'percent',
        combine: 'none',
        responsibleOrganisationId: council.id,
      })
    const target = async (code: string) =>
      (
        await s.targets.create(
          system,
          pid,
          agreement.id,
          targetCreate.parse({
            indicatorCode: code,
            kind: 'designated',
            status: 'agreed',
            outcomeRefs: [`${theme.ref}.1`],
            trajectory: [{ period: '2008/09', value: 60 }],
          }),
        )
      ).target
    const safe = await indicator('People who feel safe')
    const solved = await indicator('Crimes solved')
    const targets = { safe: await target(safe.code), solved: await target(solved.code) }
    await buildRounds(s, pid, '2008/09')
    const approver = systemActor('approver')
    const saveApproved = async (indicatorId: string, period: string, value: number, version = 0) => {
      const saved = await s.values.save(
        system,
        pid,
        { indicatorId, placeId: area.id, period },
        { value, numerator: null, denominator: null, commentary: null, version, submit: true },
      )
      return s.values.approve(approver, pid, saved.value.id, saved.value.version)
    }
    await saveApproved(safe.id, '2008/09 Q1', 70)
    const safeQ2 = await saveApproved(safe.id, PERIOD, 40)
    await saveApproved(solved.id, '2008/09 Q1', 55)
    await saveApproved(solved.id, PERIOD, 58)
    const comment = (targetId: string, commentary: string) =>
      s.commentary.record(system, pid, targetId, {
        period: PERIOD,
        commentary,
        actions: null,
        supportNeeded: null,
      })
    await comment(targets.safe.id, 'Fear of crime rose after the summer incidents.')
    await comment(targets.solved.id, 'Detection rates held up.')
    return { s, pid, slug, area, theme, safe, solved, targets, safeQ2, saveApproved, comment }
  }

  it('gives the same content (hash and HTML but for who generated it when) after later corrections', async () => {
    const w = await world()
    const { s, pid } = w
    await tick()
    const T = new Date()
    await tick()
    const ask = (asAt?: Date) =>
      s.reports.request(
        system,
        pid,
        reportRequest.parse({ kind: 'steering', period: PERIOD, asAt, level: 'target' }),
      )
    const first = await settled(s.reports, system, pid, (await ask(T)).id, 120_000)
    expect(first.status, first.error ?? '').toBe('done')
    const html = async (id: string) => (await s.reports.file(system, pid, id, 'html')).data.toString('utf8')
    const firstHtml = await html(first.id)
    expect(firstHtml).toContain('Fear of crime rose after the summer incidents.')

    // After T: a value corrected (reopened, changed, approved again), a target revised, commentary rewritten.
    const reopened = await s.values.reopen(systemActor('approver'), pid, w.safeQ2.id, {
      reason: 'The survey was re-weighted',
    })
    await w.saveApproved(w.safe.id, PERIOD, 75, reopened.version)
    await s.targets.revise(
      system,
      pid,
      w.targets.solved.id,
      targetRevision.parse({
        kind: 'designated',
        outcomeRefs: [`${w.theme.ref}.1`],
        baselinePeriod: '2007/08',
        baselineValue: 52,
        reason: 'LAA refresh: the target was lowered',
        agreedBy: 'GOEM',
        agreedOn: '2009-03-31',
        trajectory: [{ period: '2008/09', value: 50 }],
      }),
    )
    await w.comment(w.targets.safe.id, 'Corrected: the survey now shows people feel safer.')

    // The corrections are real: as at now the figures moved; as at T they had not.
    const figures = async (at?: Date) =>
      (await s.dashboard.lines(system, pid, { period: PERIOD, ...(at ? { at } : {}) })).lines
        .map((l) => `${l.target.indicator.code} ${Number(l.row?.value)} of ${Number(l.row?.targetValue)}`)
        .sort()
    expect(await figures(T)).toEqual([`${w.safe.code} 40 of 60`, `${w.solved.code} 58 of 60`].sort())
    expect(await figures()).toEqual([`${w.safe.code} 75 of 60`, `${w.solved.code} 58 of 50`].sort())

    const again = await settled(s.reports, system, pid, (await ask(T)).id, 120_000)
    expect(again.status, again.error ?? '').toBe('done')
    expect(again.id).not.toBe(first.id)
    expect(again.contentHash).toBe(first.contentHash)
    const againHtml = await html(again.id)
    expect(withoutGeneration(againHtml)).toBe(withoutGeneration(firstHtml))
    expect(againHtml).not.toContain('Corrected: the survey now shows people feel safer.')

    // As at now the report tells the corrected story.
    const now = await settled(s.reports, system, pid, (await ask()).id, 120_000)
    expect(now.status, now.error ?? '').toBe('done')
    expect(now.contentHash).not.toBe(first.contentHash)
    expect(await html(now.id)).toContain('Corrected: the survey now shows people feel safer.')
  })
})
