import type { FastifyInstance } from 'fastify'
import type { AppConfig } from '../app.ts'
import { onSurface } from '../plugins/context.ts'
import type { Services } from '../services.ts'
import { agreementApi } from './agreements/agreements.api.ts'
import { agreementPages } from './agreements/agreements.pages.ts'
import { auditApi } from './audit/audit.api.ts'
import { auditPages } from './audit/audit.pages.ts'
import { authPages } from './auth/auth.pages.ts'
import { signInLinkPages } from './auth/sign-in-links.pages.ts'
import { oidcPages } from './auth/oidc.pages.ts'
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
import { outboxPages } from './outbox/outbox.pages.ts'
import { roundApi } from './rounds/rounds.api.ts'
import { roundPages } from './rounds/rounds.pages.ts'
import { valueApi } from './values/values.api.ts'
import { valuePages } from './values/values.pages.ts'
import { assessmentApi } from './assessments/assessments.api.ts'
import { changesApi } from './changes/changes.api.ts'
import { dashboardPages } from './dashboard/dashboard.pages.ts'
import { homePages } from './home/home.pages.ts'
import { helpPages } from './dashboard/help.pages.ts'
import { workbookApi } from './workbook/workbook.api.ts'
import { workbookPages } from './workbook/workbook.pages.ts'
import { improvementApi } from './improvement/improvement.api.ts'
import { improvementPages } from './improvement/improvement.pages.ts'
import { requestApi } from './requests/requests.api.ts'
import { requestPages } from './requests/requests.pages.ts'
import { escalationApi } from './escalations/escalations.api.ts'
import { escalationPages } from './escalations/escalations.pages.ts'
import { commentaryApi } from './commentary/commentary.api.ts'
import { commentaryPages } from './commentary/commentary.pages.ts'
import { riskApi } from './risks/risks.api.ts'
import { riskPages } from './risks/risks.pages.ts'
import { deliveryApi } from './delivery/delivery.api.ts'
import { deliveryPages } from './delivery/delivery.pages.ts'
import { reportApi } from './reports/reports.api.ts'
import { reportPages } from './reports/reports.pages.ts'
import { moneyApi } from './money/money.api.ts'
import { moneyPages } from './money/money.pages.ts'
import { publicPages } from './public/public.pages.ts'
import { residentsApi } from './residents/residents.api.ts'
import { residentsPages } from './residents/residents.pages.ts'

/**
 * Every module's routes, in two scopes: pages (HTML, sessions, CSRF-checked forms, the error
 * page) and the API (JSON, bearer tokens, JSON errors). A route knows which it is from the scope
 * that registered it (`config.surface`), not from its address. Routes that serve both (core,
 * the national catalogue) are registered at the root and mark their own. Later modules add a line.
 */
export async function registerModules(app: FastifyInstance, services: Services, config: AppConfig) {
  await coreRoutes(app, services, { sessionMaxAgeMs: config.sessionMaxAgeMs })
  await app.register(async (scope) => {
    onSurface(scope, 'page')
    await authPages(scope, services, { signInRateLimit: config.signInRateLimit, oidcName: config.oidc?.name })
    await oidcPages(scope, services, { oidc: config.oidc, signInRateLimit: config.signInRateLimit })
    await signInLinkPages(scope, services, { signInRateLimit: config.signInRateLimit })
    await partnershipPages(scope, services)
    await homePages(scope, services)
    await organisationPages(scope, services)
    await placePages(scope, services)
    await peoplePages(scope, services)
    await userPages(scope, services)
    await auditPages(scope, services)
    await workbookPages(scope, services, config)
    await indicatorPages(scope, services)
    await agreementPages(scope, services)
    await targetPages(scope, services)
    await coveragePages(scope, services)
    await strategyPages(scope, services)
    await strategyNodePages(scope, services)
    await directoryPages(scope, services)
    await timetablePages(scope, services)
    await consultationPages(scope, services)
    await residentsPages(scope, services)
    await valuePages(scope, services)
    await roundPages(scope, services)
    await outboxPages(scope, services)
    await dashboardPages(scope, services)
    await commentaryPages(scope, services)
    await deliveryPages(scope, services)
    await improvementPages(scope, services)
    await riskPages(scope, services)
    await requestPages(scope, services)
    await escalationPages(scope, services)
    await reportPages(scope, services)
    await moneyPages(scope, services)
    await publicPages(scope, services, { downloadsPerMinute: config.publicDownloadsPerMinute })
    await helpPages(scope)
  })
  await app.register(async (scope) => {
    onSurface(scope, 'api')
    await partnershipApi(scope, services)
    await organisationApi(scope, services)
    await placeApi(scope, services)
    await peopleApi(scope, services)
    await userApi(scope, services)
    await auditApi(scope, services)
    await workbookApi(scope, services, config)
    await indicatorApi(scope, services)
    await agreementApi(scope, services)
    await targetApi(scope, services)
    await strategyApi(scope, services)
    await strategyNodesApi(scope, services)
    await directoryApi(scope, services)
    await timetableApi(scope, services)
    await consultationApi(scope, services)
    await residentsApi(scope, services)
    await valueApi(scope, services)
    await roundApi(scope, services)
    await assessmentApi(scope, services)
    await changesApi(scope, services)
    await improvementApi(scope, services)
    await requestApi(scope, services)
    await escalationApi(scope, services)
    await commentaryApi(scope, services)
    await riskApi(scope, services)
    await deliveryApi(scope, services)
    await reportApi(scope, services)
    await moneyApi(scope, services)
  })
  await nationalIndicatorRoutes(app, services)
}
