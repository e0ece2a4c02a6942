import type { FastifyInstance } from 'fastify'
import type { AppConfig } from '../app.ts'
import type { Services } from '../services.ts'
import { authPages } from './auth/auth.pages.ts'
import { coreRoutes } from './core/core.routes.ts'
import { organisationApi } from './organisations/organisations.api.ts'
import { organisationPages } from './organisations/organisations.pages.ts'
import { partnershipApi } from './partnerships/partnerships.api.ts'
import { partnershipPages } from './partnerships/partnerships.pages.ts'

/** Every module's routes. Later modules add a line here. */
export async function registerModules(app: FastifyInstance, services: Services, config: AppConfig) {
  await coreRoutes(app, services)
  await authPages(app, services, { signInRateLimit: config.signInRateLimit })
  await partnershipPages(app, services)
  await partnershipApi(app, services)
  await organisationPages(app, services)
  await organisationApi(app, services)
}
