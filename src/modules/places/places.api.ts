import type { FastifyInstance } from 'fastify'
import { includeArchivedQuery } from '../../lib/api.ts'
import { crudApi } from '../../lib/crud-api.ts'
import type { Services } from '../../services.ts'
import { placePolicy } from './places.policy.ts'
import { presentPlace } from './places.presenter.ts'
import { placeDoc, placeInput } from './places.schema.ts'

export function placeApi(app: FastifyInstance, { places }: Services): Promise<void> {
  crudApi(app, {
    tags: ['Places'],
    base: '/api/v1/partnerships/:slug/places',
    noun: 'a place',
    summaries: {
      list: 'List places (shared geography), shallowest first',
      update: 'Replace a place’s details; a new parent moves everything inside it too',
      archive: 'Archive a place (soft delete); refused while places are inside it',
    },
    descriptions: {
      create: 'The parent must be of a higher kind (area → district → neighbourhood); GSS codes are unique.',
      update:
        'Places are shared. One that another partnership uses (its area, its targets’, trajectories’ or values’ place, one it created, or a place inside one of those) is read-only here: 403 `place_in_use` naming them, unless you are a system administrator, whose change is audited in every partnership that uses it. Saving a place unchanged is always accepted.',
      archive:
        'Refused with 403 `place_in_use`, naming the partnerships, when another partnership uses the place (system administrators excepted).',
    },
    doc: placeDoc,
    input: placeInput,
    querystring: includeArchivedQuery,
    policy: placePolicy,
    presenter: () => presentPlace,
    service: places,
  })
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
