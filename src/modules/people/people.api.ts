import type { FastifyInstance } from 'fastify'
import { includeArchivedQuery } from '../../lib/api.ts'
import { crudApi } from '../../lib/crud-api.ts'
import type { Services } from '../../services.ts'
import { personPolicy } from './people.policy.ts'
import { presentPerson } from './people.presenter.ts'
import { personDoc, personInput } from './people.schema.ts'

export function peopleApi(app: FastifyInstance, { people }: Services): Promise<void> {
  crudApi(app, {
    tags: ['People'],
    base: '/api/v1/partnerships/:slug/people',
    noun: 'a person',
    summaries: {
      list: 'List the partnership’s people',
      archive: 'Archive a person (soft delete; does not remove sign-in access)',
    },
    descriptions: { create: 'Email addresses are unique within a partnership.' },
    doc: personDoc,
    input: personInput,
    querystring: includeArchivedQuery,
    policy: personPolicy,
    presenter: () => presentPerson,
    service: people,
  })
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
