import type { FastifyInstance } from 'fastify'
import type { AppConfig } from '../app.ts'
import type { Services } from '../services.ts'
import { agreementApi } from './agreements/agreements.api.ts'
import { agreementPages } from './agreements/agreements.pages.ts'
import { auditApi } from './audit/audit.api.ts'
import { auditPages } from './audit/audit.pages.ts'
import { authPages } from './auth/auth.pages.ts'
import { signInLinkPages } from './auth/sign-in-links.pages.ts'
import { coreRoutes } from './core/core.routes.ts'
import { consultationApi } from './consultation/consultation.api.ts'
import { consultationPages } from './consultation/consultation.pages.ts'
import { directoryApi } from './directory/directory.api.ts'
import { directoryPages } from './directory/directory.pages.ts'
import { strategyNodesApi } from './strategy/strategy-nodes.api.ts'
import { strategyNodePages } from './strategy/strategy-nodes.pages.ts'
import { strategyApi } from './strategy/strategy.api.ts'
import { strategyPages } from './strategy/strategy.pages.ts'
import { timetableApi } from './timetable/timetable.api.ts'
import { timetablePages } from './timetable/timetable.pages.ts'
import { indicatorApi } from './indicators/indicators.api.ts'
import { nationalIndicatorRoutes } from './indicators/indicators.national.ts'
import { indicatorPages } from './indicators/indicators.pages.ts'
import { organisationApi } from './organisations/organisations.api.ts'
import { organisationPages } from './organisations/organisations.pages.ts'
import { partnershipApi } from './partnerships/partnerships.api.ts'
import { partnershipPages } from './partnerships/partnerships.pages.ts'
import { peopleApi } from './people/people.api.ts'
import { peoplePages } from './people/people.pages.ts'
import { placeApi } from './places/places.api.ts'
import { placePages } from './places/places.pages.ts'
import { coveragePages } from './targets/coverage.pages.ts'
import { targetApi } from './targets/targets.api.ts'
import { targetPages } from './targets/targets.pages.ts'
import { userApi } from './users/users.api.ts'
import { userPages } from './users/users.pages.ts'
import { userLinkPages } from './users/users.links.pages.ts'
import { outboxPages } from './outbox/outbox.pages.ts'
import { roundApi } from './rounds/rounds.api.ts'
import { roundPages } from './rounds/rounds.pages.ts'
import { valueApi } from './values/values.api.ts'
import { valuePages } from './values/values.pages.ts'
import { assessmentApi } from './assessments/assessments.api.ts'
import { dashboardPages } from './dashboard/dashboard.pages.ts'
import { helpPages } from './dashboard/help.pages.ts'
import { workbookApi } from '../workbook/workbook.api.ts'
import { workbookPages } from '../workbook/workbook.pages.ts'

/** Every module's routes. Later modules add a line here. */
export async function registerModules(app: FastifyInstance, services: Services, config: AppConfig) {
  await coreRoutes(app, services, { sessionMaxAgeMs: config.sessionMaxAgeMs })
  await authPages(app, services, { signInRateLimit: config.signInRateLimit })
  await signInLinkPages(app, services, { signInRateLimit: config.signInRateLimit })
  await partnershipPages(app, services)
  await partnershipApi(app, services)
  await organisationPages(app, services)
  await organisationApi(app, services)
  await placePages(app, services)
  await placeApi(app, services)
  await peoplePages(app, services)
  await peopleApi(app, services)
  await userPages(app, services)
  await userLinkPages(app, services)
  await userApi(app, services)
  await auditPages(app, services)
  await auditApi(app, services)
  await workbookPages(app, services, config)
  await workbookApi(app, services, config)
  await indicatorPages(app, services)
  await indicatorApi(app, services)
  await nationalIndicatorRoutes(app, services)
  await agreementPages(app, services)
  await agreementApi(app, services)
  await targetPages(app, services)
  await coveragePages(app, services)
  await targetApi(app, services)
  await strategyPages(app, services)
  await strategyNodePages(app, services)
  await strategyApi(app, services)
  await strategyNodesApi(app, services)
  await directoryPages(app, services)
  await directoryApi(app, services)
  await timetablePages(app, services)
  await timetableApi(app, services)
  await consultationPages(app, services)
  await consultationApi(app, services)
  await valuePages(app, services)
  await valueApi(app, services)
  await roundPages(app, services)
  await roundApi(app, services)
  await outboxPages(app, services)
  await dashboardPages(app, services)
  await assessmentApi(app, services)
  await helpPages(app)
}
