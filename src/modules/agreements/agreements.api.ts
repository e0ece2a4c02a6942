import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { errorResponses, includeArchivedQuery, one, slugIdParams } from '../../lib/api.ts'
import { crudApi, type Scope } from '../../lib/crud-api.ts'
import type { Services } from '../../services.ts'
import { agreementPolicy } from './agreements.policy.ts'
import { presentAgreement } from './agreements.presenter.ts'
import type { AgreementRow } from './agreements.service.ts'
import { agreementDoc, agreementInput, signOffInput, statusInput } from './agreements.schema.ts'

export function agreementApi(fastify: FastifyInstance, { agreements }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Agreements']
  const base = '/api/v1/partnerships/:slug/agreements'
  /** Which agreement is current is looked up after the change, which may have changed it. */
  const presenter = async ({ actor, partnershipId }: Scope) => {
    const current = await agreements.current(actor, partnershipId)
    return (row: AgreementRow) => presentAgreement(row, current?.id)
  }
  const present = async (request: FastifyRequest, row: AgreementRow) => ({
    data: (await presenter({ actor: request.actor, partnershipId: request.partnership.id }))(row),
  })

  crudApi(app, {
    tags,
    base,
    noun: 'an agreement',
    summaries: {
      list: 'List Local Area Agreements, latest first',
      create: 'Create an agreement (a draft)',
      update: 'Change an agreement’s name, years or description',
    },
    doc: agreementDoc,
    input: agreementInput,
    querystring: includeArchivedQuery,
    policy: agreementPolicy,
    presenter,
    service: agreements,
  })

  app.post(
    `${base}/:id/status`,
    {
      config: { policy: agreementPolicy.update },
      schema: {
        tags,
        summary: 'Move the agreement between draft, penultimate and final',
        params: slugIdParams,
        body: statusInput,
        response: { 200: one(agreementDoc), ...errorResponses },
      },
    },
    async (request) => {
      const { actor, params, body } = request
      return present(
        request,
        await agreements.changeStatus(actor, request.partnership.id, params.id, body.status),
      )
    },
  )

  app.post(
    `${base}/:id/new-draft`,
    {
      config: { policy: agreementPolicy.update },
      schema: {
        tags,
        summary: 'Issue a new draft (the draft number goes up)',
        params: slugIdParams,
        response: { 200: one(agreementDoc), ...errorResponses },
      },
    },
    async (request) =>
      present(request, await agreements.newDraft(request.actor, request.partnership.id, request.params.id)),
  )

  app.post(
    `${base}/:id/sign-off`,
    {
      config: { policy: agreementPolicy.signOff },
      schema: {
        tags,
        summary: 'Record the agreement’s sign-off',
        params: slugIdParams,
        body: signOffInput,
        response: { 200: one(agreementDoc), ...errorResponses },
      },
    },
    async (request) => {
      const { actor, params, body } = request
      return present(request, await agreements.signOff(actor, request.partnership.id, params.id, body))
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
