import type { Config } from './config.ts'
import type { Db, Engine } from './db/client.ts'
import { createAuditService } from './modules/audit/audit.service.ts'
import { createAuthService } from './modules/auth/auth.service.ts'
import { createOrganisationsService } from './modules/organisations/organisations.service.ts'
import { createPartnershipsService } from './modules/partnerships/partnerships.service.ts'
import { createPeopleService } from './modules/people/people.service.ts'
import { createPlacesService } from './modules/places/places.service.ts'
import { createUsersService } from './modules/users/users.service.ts'

/** Every use-case, wired by hand from the database. No globals, no service locator. */
export function createServices(db: Db, opts: { engine: Engine; config?: Pick<Config, 'uploadLimitBytes'> }) {
  const auth = createAuthService(db)
  const partnerships = createPartnershipsService(db)
  const organisations = createOrganisationsService(db)
  const places = createPlacesService(db)
  const people = createPeopleService(db)
  const users = createUsersService(db)
  const audit = createAuditService(db)
  return {
    engine: opts.engine,
    db,
    auth,
    partnerships,
    organisations,
    places,
    people,
    users,
    audit,
    /** Cheap round trip for /healthz. */
    async ping() {
      await db.execute('select 1')
    },
  }
}

export type Services = ReturnType<typeof createServices>
