import type { FastifyInstance } from 'fastify'
import { includeArchivedQuery } from '../../lib/api.ts'
import { crudApi } from '../../lib/crud-api.ts'
import type { Services } from '../../services.ts'
import { organisationPolicy } from './organisations.policy.ts'
import { presentOrganisation } from './organisations.presenter.ts'
import { organisationDoc, organisationInput } from './organisations.schema.ts'

export function organisationApi(app: FastifyInstance, { organisations }: Services): Promise<void> {
  crudApi(app, {
    tags: ['Organisations'],
    base: '/api/v1/partnerships/:slug/organisations',
    noun: 'an organisation',
    summaries: { list: 'List partner organisations' },
    doc: organisationDoc,
    input: organisationInput,
    querystring: includeArchivedQuery,
    policy: organisationPolicy,
    presenter: () => presentOrganisation,
    service: organisations,
  })
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
