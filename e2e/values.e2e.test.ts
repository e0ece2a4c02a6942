import { describe, it } from 'vitest'
import { DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { browserAvailable, poll, useE2E } from './harness.ts'
import { signedIn } from './pages/sign-in.ts'
import { Layout } from './pages/layout.ts'
import { type EntryFields, OutboxPage, ReturnsPage, RoundPage, RoundsPage } from './pages/values.ts'

/** The police's data provider, and the partnership's performance officer who approves. */
const SARAH = 'sarah.okafor@leicestershire-together.example'
const PRIYA = 'priya.shah@leicestershire-together.example'
const POLICE = 'Leicestershire Constabulary'
/** The demo round still owed by the police, under a late-entry exception. */
const PERIOD = '2009/10 Q4'
const REASON = 'Blaby looks low against the iQuanta extract: please check it includes shed burglaries.'

interface Cell {
  code: string
  place: string
  fields: EntryFields
}
/** The police figures this spec enters: NI 16 for the county from its parts, Blaby and Charnwood, and NI 20. */
const COUNTY: Cell = {
  code: 'NI 16',
  place: 'Leicestershire',
  fields: {
    value: '',
    numerator: '2,150',
    denominator: '640,000',
    commentary: 'Burglary down after the winter campaign.',
  },
}
const BLABY: Cell = {
  code: 'NI 16',
  place: 'Blaby',
  fields: { value: '3.05', commentary: 'Quarterly recorded crime extract.' },
}
const CHARNWOOD: Cell = {
  code: 'NI 16',
  place: 'Charnwood',
  fields: { value: '4.12', commentary: 'Quarterly recorded crime extract.' },
}
const NI20: Cell = {
  code: 'NI 20',
  place: 'Leicestershire',
  fields: { numerator: '890', denominator: '640000' },
}
/** The values the officer approves; Blaby is returned. */
const APPROVED = [COUNTY, CHARNWOOD, NI20]

describe.skipIf(!browserAvailable)('quarterly returns in the browser', () => {
  const e2e = useE2E()
  const asSarah = () => signedIn(e2e(), SARAH)
  const asPriya = () => signedIn(e2e(), PRIYA)
  const returns = async () => ReturnsPage.open(await asSarah(), DEMO_SLUG)

  // Each test brings the values it needs to the state it needs, through the browser as the
  // provider and the officer would; a value already there (from a test before) is left as it is.

  /** As the provider: the value has been submitted (entered and sent, or a draft sent). */
  async function submitted(cell: Cell) {
    const mine = await returns()
    const status = await mine.status(cell.code, cell.place)
    if (status?.includes('Not started')) {
      const entry = await mine.enter(cell.code, cell.place)
      await entry.fill(cell.fields)
      await entry.saveAndSubmit()
      await entry.saved()
    } else if (status?.includes('Draft')) {
      const value = await mine.view(cell.code, cell.place)
      await value.submit()
      await poll(() => value.status()).toContain('Submitted')
    }
  }

  /** As the officer: the submitted value has been returned with REASON, or approved. */
  async function decided(cell: Cell, decision: 'returned' | 'approved') {
    await submitted(cell)
    const status = await (await returns()).status(cell.code, cell.place)
    if (!status?.includes('Submitted')) return
    const value = await (
      await RoundPage.open(await asPriya(), DEMO_SLUG, PERIOD)
    ).openAwaiting(cell.code, cell.place)
    if (decision === 'returned') await value.returnWith(REASON)
    else await value.approve()
    await poll(() => value.status()).toContain(decision === 'returned' ? 'Returned' : 'Approved')
  }

  it('shows the provider an accessible home page', async () => {
    await (await Layout.open(await asSarah(), `/p/${DEMO_SLUG}`, 'Leicestershire Together')).checkAccessible()
  })

  it('lists what the provider owes, under a late-entry exception, accessibly', async () => {
    const mine = await returns()
    await mine.checkAccessible()
    await poll(() => mine.heading().textContent()).toContain('My returns')
    await poll(() => mine.status('NI 16', 'Leicestershire')).toContain('Not started')
    await poll(() => mine.roundWindow().textContent()).toContain('late entry allowed')
  })

  it('refuses a value that is not a number, with an accessible error summary', async () => {
    const entry = await (await returns()).enter(COUNTY.code, COUNTY.place)
    await entry.checkAccessible()
    await entry.fill({ value: 'about 3', commentary: 'Burglary down after the winter campaign.' })
    await entry.saveAndSubmit()
    await poll(() => entry.errorSummary().textContent()).toContain('Enter the value as a number')
    await entry.checkAccessible()
  })

  it('submits a value worked out from its numerator and denominator, marked late, accessibly', async () => {
    const entry = await (await returns()).enter(COUNTY.code, COUNTY.place)
    await entry.fill(COUNTY.fields)
    await entry.saveAndSubmit()
    const county = await entry.saved()
    await poll(() => county.flash().textContent()).toContain('submitted for approval')
    await poll(() => county.status()).toContain('Submitted')
    await poll(() => county.late().textContent()).toContain('Late')
    await county.checkAccessible()
  })

  it('saves a draft, then submits it from its page', async () => {
    const entry = await (await returns()).enter(NI20.code, NI20.place)
    await entry.fill(NI20.fields)
    await entry.saveDraft()
    const ni20 = await entry.saved()
    await poll(() => ni20.status()).toContain('Draft')
    await ni20.submit()
    await poll(() => ni20.status()).toContain('Submitted')
    await poll(() => ni20.historyRows().count()).toBe(2)
  })

  it('lists a submitted value as submitted in My returns', async () => {
    await submitted(NI20)
    const mine = await returns()
    await poll(() => mine.status(NI20.code, NI20.place)).toContain('Submitted')
  })

  it('shows the officer the round’s completeness: the provider’s values submitted, and late, accessibly', async () => {
    for (const cell of [COUNTY, BLABY, CHARNWOOD, NI20]) await submitted(cell)
    const rounds = await RoundsPage.open(await asPriya(), DEMO_SLUG)
    await rounds.checkAccessible()
    const round = await rounds.openPeriod(PERIOD)
    await round.checkAccessible()
    await poll(() => round.completeness(POLICE, 'submitted')).toBe('4')
    await poll(() => round.completeness(POLICE, 'late')).toBe('4')
  })

  it('refuses to return a value without a reason, with an accessible error summary', async () => {
    await submitted(BLABY)
    const blaby = await (
      await RoundPage.open(await asPriya(), DEMO_SLUG, PERIOD)
    ).openAwaiting(BLABY.code, BLABY.place)
    await blaby.checkAccessible()
    await blaby.returnWith('')
    await poll(() => blaby.errorSummary().textContent()).toContain('Enter the reason')
    await blaby.checkAccessible()
  })

  it('returns a value to the provider with a reason', async () => {
    await submitted(BLABY)
    const blaby = await (
      await RoundPage.open(await asPriya(), DEMO_SLUG, PERIOD)
    ).openAwaiting(BLABY.code, BLABY.place)
    await blaby.returnWith(REASON)
    await poll(() => blaby.status()).toContain('Returned')
  })

  it('approves submitted values', async () => {
    for (const cell of APPROVED) {
      await submitted(cell)
      const round = await RoundPage.open(await asPriya(), DEMO_SLUG, PERIOD)
      const value = await round.openAwaiting(cell.code, cell.place)
      await value.approve()
      await poll(() => value.status()).toContain('Approved')
    }
  })

  it('counts the round’s approved and returned values', async () => {
    await decided(BLABY, 'returned')
    for (const cell of APPROVED) await decided(cell, 'approved')
    const round = await RoundPage.open(await asPriya(), DEMO_SLUG, PERIOD)
    await poll(() => round.completeness(POLICE, 'approved')).toBe('3')
    await poll(() => round.completeness(POLICE, 'returned')).toBe('1')
  })

  it('tells the provider through the outbox when a value is returned (no mail server here), accessibly', async () => {
    await decided(BLABY, 'returned')
    const outbox = await OutboxPage.open(await asPriya(), DEMO_SLUG)
    await outbox.checkAccessible()
    await poll(() => outbox.messages('returned').first().textContent()).toContain(SARAH)
  })

  it('shows the provider a returned value with the reason', async () => {
    await decided(BLABY, 'returned')
    const mine = await returns()
    await poll(() => mine.status(BLABY.code, BLABY.place)).toContain('Returned')
    const returned = await mine.view(BLABY.code, BLABY.place)
    await poll(() => returned.statusReason().textContent()).toContain('shed burglaries')
  })

  it('lets the provider correct a returned value and submit it again, accessibly', async () => {
    await decided(BLABY, 'returned')
    const returned = await (await returns()).view(BLABY.code, BLABY.place)
    const fix = await returned.change()
    await fix.checkAccessible()
    await fix.fill({ value: '3.41', commentary: 'Corrected: shed burglaries now included.' })
    await fix.saveAndSubmit()
    const resubmitted = await fix.saved()
    await poll(() => resubmitted.status()).toContain('Submitted')
    await poll(() => resubmitted.historyRows().count()).toBe(3)
    await resubmitted.checkAccessible()
  })
})
