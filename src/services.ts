import type { Config } from './config.ts'
import { systemClock, type Clock } from './lib/clock.ts'
import { createRenderCache } from './lib/render-cache.ts'
import type { Db, Engine } from './db/client.ts'
import { createAgreementsService } from './modules/agreements/agreements.service.ts'
import { createAuditService } from './modules/audit/audit.service.ts'
import { createAuthService } from './modules/auth/auth.service.ts'
import { createSignInLinksService } from './modules/auth/sign-in-links.service.ts'
import { createOidcService } from './modules/auth/oidc.service.ts'
import { createIndicatorsService } from './modules/indicators/indicators.service.ts'
import { createOrganisationsService } from './modules/organisations/organisations.service.ts'
import { createPartnershipsService } from './modules/partnerships/partnerships.service.ts'
import { createPeopleService } from './modules/people/people.service.ts'
import { createPlacesService } from './modules/places/places.service.ts'
import { createTargetsService } from './modules/targets/targets.service.ts'
import { createUsersService } from './modules/users/users.service.ts'
import { createInvitationsService } from './modules/users/invitations.service.ts'
import { createConsultationService } from './modules/consultation/consultation.service.ts'
import { createResidentsService } from './modules/residents/residents.service.ts'
import { createDirectoryService } from './modules/directory/directory.service.ts'
import { createStrategyLinksService } from './modules/strategy/strategy-links.service.ts'
import { createStrategyNodesService } from './modules/strategy/strategy-nodes.service.ts'
import { createStrategyService } from './modules/strategy/strategy.service.ts'
import { createStrategyVersionsService } from './modules/strategy/strategy-versions.service.ts'
import { createTimetableService } from './modules/timetable/timetable.service.ts'
import { createWorkbookService } from './modules/workbook/workbook.service.ts'
import { createMailer } from './modules/outbox/mailer.ts'
import { createOutboxService } from './modules/outbox/outbox.service.ts'
import { createRoundsService } from './modules/rounds/rounds.service.ts'
import { createValuesService } from './modules/values/values.service.ts'
import { createAssessmentsService } from './modules/assessments/assessments.service.ts'
import { createDashboardService } from './modules/dashboard/dashboard.service.ts'
import { createHomeService } from './modules/home/home.service.ts'
import { createCommentaryService } from './modules/commentary/commentary.service.ts'
import { createImprovementService } from './modules/improvement/improvement.service.ts'
import { createDeliveryService } from './modules/delivery/delivery.service.ts'
import { createRisksService } from './modules/risks/risks.service.ts'
import { createRequestsService } from './modules/requests/requests.service.ts'
import { createEscalationsService } from './modules/escalations/escalations.service.ts'
import { createThreadService } from './modules/thread/thread.service.ts'
import { createMoneyService } from './modules/money/money.service.ts'
import { createReportsService } from './modules/reports/reports.service.ts'

/** Every use-case, wired by hand from the database. No globals, no service locator. */
export function createServices(
  db: Db,
  opts: {
    engine: Engine
    config?: Pick<Config, 'uploadLimitBytes'> & Partial<Pick<Config, 'smtpUrl' | 'mailFrom' | 'baseUrl'>>
    /** The one clock every service reads "now" from (tests fix it). */
    clock?: Clock
  },
) {
  const clock = opts.clock ?? systemClock
  const auth = createAuthService(db, { clock })
  const organisations = createOrganisationsService(db, { clock })
  const places = createPlacesService(db, { clock })
  const partnerships = createPartnershipsService(db, { clock, organisations, places })
  const people = createPeopleService(db, { clock, organisations })
  const users = createUsersService(db, { clock, auth, organisations, people })
  const invitations = createInvitationsService(db, { clock, users, auth, organisations })
  const audit = createAuditService(db, { users })
  // The strategy's versions come first: the directory, timetable and consultation hang off a
  // version, and the strategy's own use-cases (starting, signing off) then use those modules.
  const strategyVersions = createStrategyVersionsService()
  const directory = createDirectoryService(db, { clock, strategy: strategyVersions })
  const timetable = createTimetableService(db, { clock, strategy: strategyVersions, organisations, people })
  const strategy = createStrategyService(db, { clock, directory, timetable })
  const strategyNodes = createStrategyNodesService(db, { clock, audit, directory })
  const strategyLinks = createStrategyLinksService(db, { clock })
  const consultation = createConsultationService(db, {
    clock,
    strategy: strategyVersions,
    directory,
    people,
    organisations,
  })
  const outbox = createOutboxService(db, {
    clock,
    mailer: createMailer({ smtpUrl: opts.config?.smtpUrl, mailFrom: opts.config?.mailFrom }),
  })
  const baseUrl = opts.config?.baseUrl ?? 'http://localhost:3000'
  const signInLinks = createSignInLinksService(db, { clock, outbox, baseUrl, partnerships, users })
  // Residents' comments on a draft strategy, from the public site (#16 §6).
  const residents = createResidentsService(db, {
    clock,
    strategy: strategyVersions,
    partnerships,
    outbox,
    baseUrl,
  })
  const oidc = createOidcService(db, { clock })
  const assessments = createAssessmentsService(db, { clock })
  const indicators = createIndicatorsService(db, { clock, organisations, assessments })
  const agreements = createAgreementsService(db, { clock })
  const targets = createTargetsService(db, {
    clock,
    agreements,
    indicators,
    strategy,
    places,
    partnerships,
    assessments,
  })
  // Freedoms and flexibilities requests, and escalations to the board (which may be about a request).
  const requests = createRequestsService(db, { clock, strategy })
  // Subjects of the modules made below are named (and checked to be the partnership's) when used.
  const escalations = createEscalationsService(db, {
    clock,
    targets,
    strategy,
    requests,
    resolvers: {
      risk: (tx, pid, id) => risks.subject(tx, pid, id),
      improvement_plan: (tx, pid, id) => improvement.subject(tx, pid, id),
      plan: (tx, pid, id) => delivery.planSubject(tx, pid, id),
      action: (tx, pid, id) => delivery.actionSubject(tx, pid, id),
    },
  })
  const rounds = createRoundsService(db, { outbox, clock, baseUrl, organisations })
  const values = createValuesService(db, {
    outbox,
    clock,
    rounds,
    organisations,
    indicators,
    places,
    assessments,
  })
  // The risk register (its Risks sheet is one of the workbook's).
  const risks = createRisksService(db, { clock, people, organisations, strategy, directory, targets })
  // Delivery plans and their actions (its Actions sheet is one of the workbook's).
  const delivery = createDeliveryService(db, { clock, people, organisations, directory, strategy, targets })
  const commentary = createCommentaryService(db, { clock, targets, directory, strategy, outbox, baseUrl })
  const dashboard = createDashboardService(db, { assessments, targets, strategy })
  // Money (#15): streams, budgets, allocations, the financial protocol; the reward grant earned via the dashboard.
  const money = createMoneyService(db, { clock, organisations, strategy, delivery, dashboard, rounds })
  // The workbook's sheets (money's Funding, Allocations, Budgets, Spend and Variance among them).
  const workbook = createWorkbookService(db, {
    clock,
    agreements,
    assessments,
    indicators,
    organisations,
    partnerships,
    places,
    rounds,
    strategy,
    strategyVersions,
    users,
    risks,
    delivery,
    money,
  })
  // Registers its follow-up on the assessments: plans open and close as targets are flagged.
  const improvement = createImprovementService(db, {
    clock,
    assessments,
    targets,
    directory,
    people,
    delivery,
  })
  const thread = createThreadService({ delivery, commentary, improvement, risks, escalations, requests })
  // Reports read the modules above as at a moment; generated in the background (reports.jobs.ts).
  const reports = createReportsService(db, {
    clock,
    outbox,
    baseUrl,
    partnerships,
    strategy,
    sources: {
      assessments,
      commentary,
      dashboard,
      delivery,
      directory,
      escalations,
      improvement,
      indicators,
      money,
      organisations,
      people,
      places,
      risks,
      rounds,
      strategy,
      targets,
      values,
    },
  })
  const home = createHomeService({
    places,
    organisations,
    strategy,
    indicators,
    agreements,
    targets,
    rounds,
    values,
    users,
    dashboard,
    directory,
    commentary,
    delivery,
    escalations,
  })
  return {
    engine: opts.engine,
    /** The clock the services read "now" from (caches keyed by today's date use it too). */
    clock,
    auth,
    partnerships,
    organisations,
    places,
    people,
    users,
    invitations,
    audit,
    strategy,
    strategyNodes,
    strategyLinks,
    directory,
    timetable,
    consultation,
    residents,
    indicators,
    agreements,
    targets,
    workbook,
    outbox,
    signInLinks,
    oidc,
    rounds,
    values,
    assessments,
    dashboard,
    home,
    commentary,
    improvement,
    requests,
    escalations,
    delivery,
    risks,
    thread,
    money,
    reports,
    /** Rendered home and dashboard content, keyed by the partnership's audit version. */
    renderCache: createRenderCache({ clock, version: (id) => audit.versionOf(id) }),
    /** Cheap round trip for /healthz. */
    async ping() {
      await db.execute('select 1')
    },
  }
}

export type Services = ReturnType<typeof createServices>
