import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { Actor } from '../modules/auth/actor.ts'
import type { Rule } from '../modules/auth/policy.ts'
import { errorResponses, listOf, one, slugIdParams, slugParams } from './api.ts'

/** Who acts, and in which partnership (the one `:slug` names). */
export interface Scope {
  actor: Actor
  partnershipId: string
}

type Present<Row, Doc extends z.ZodType> = (row: Row) => z.output<Doc>
type Summaries = { list: string; create?: string; get?: string; update?: string; archive?: string }

/**
 * A partnership's collection in the API: list, create (201), get, replace and archive, each behind
 * its policy rule at the door (403 before the body is validated) and again in the service.
 */
export interface CrudApi<
  Row,
  Doc extends z.ZodType,
  Input extends z.ZodType,
  Update extends z.ZodType,
  Query extends z.ZodType,
> {
  tags: string[]
  /** The collection, e.g. `/api/v1/partnerships/:slug/people`; a record is `${base}/:id`. */
  base: string
  /** A record with its article, for the usual summaries: `a person` → `Get a person`. */
  noun: string
  /**
   * The list's summary, and any that differ from `Add …`, `Get …`, `Replace …’s details` and
   * `Archive … (soft delete; history kept)`.
   */
  summaries: Summaries
  descriptions?: Partial<Summaries>
  /** The record as the API shows it. */
  doc: Doc
  /** The body of create, and of replace unless `update` says otherwise. */
  input: Input
  update?: Update
  /** The list's query string, passed to `service.list` as parsed (without one, `undefined`). */
  querystring?: Query
  policy: { read: Rule; create: Rule; update: Rule; archive: Rule }
  /**
   * The presenter for a request, made after the service has answered, so it may look something up
   * once (which agreement is current); most are `() => presentThing`.
   */
  presenter: (scope: Scope) => Present<Row, Doc> | Promise<Present<Row, Doc>>
  service: {
    list: (actor: Actor, partnershipId: string, query: z.output<Query>) => Promise<NoInfer<Row>[]>
    get: (actor: Actor, partnershipId: string, id: string) => Promise<NoInfer<Row>>
    /** Without it, no create route is registered (the module adds its own, e.g. users' invitations). */
    create?: (actor: Actor, partnershipId: string, input: z.output<Input>) => Promise<NoInfer<Row>>
    update: (
      actor: Actor,
      partnershipId: string,
      id: string,
      input: z.output<Update>,
    ) => Promise<NoInfer<Row>>
    archive: (actor: Actor, partnershipId: string, id: string) => Promise<NoInfer<Row>>
  }
}

/**
 * What a route's schema made of the request: fastify has validated (and transformed) params, query
 * and body with the route's zod schemas before the handler runs. The zod type provider cannot type
 * them when the schemas are type parameters, as here.
 */
const validated = <S extends z.ZodType>(value: unknown) => value as z.output<S>

/** Registers the five routes of a collection; a module adds any others itself. */
export function crudApi<
  Row,
  Doc extends z.ZodType,
  Input extends z.ZodType,
  Update extends z.ZodType = Input,
  Query extends z.ZodType = z.ZodUndefined,
>(app: FastifyInstance, api: CrudApi<Row, Doc, Input, Update, Query>): void {
  const { base, noun, doc, input, update = input, querystring, policy, service } = api
  const summaries: Required<Summaries> = {
    create: `Add ${noun}`,
    get: `Get ${noun}`,
    update: `Replace ${noun}’s details`,
    archive: `Archive ${noun} (soft delete; history kept)`,
    ...api.summaries,
  }
  const route = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    op: keyof Summaries,
    rule: Rule,
    schema: {
      params: z.ZodType
      querystring?: z.ZodType
      body?: z.ZodType
      response: Record<number, z.ZodType>
    },
    handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
  ) => {
    const description = api.descriptions?.[op]
    app.route({
      method,
      url: op === 'list' || op === 'create' ? base : `${base}/:id`,
      config: { policy: rule },
      schema: {
        tags: api.tags,
        summary: summaries[op],
        ...(description ? { description } : {}),
        ...schema,
        response: { ...schema.response, ...errorResponses },
      },
      handler,
    })
  }
  const scope = (request: FastifyRequest): Scope => ({
    actor: request.actor,
    partnershipId: request.partnershipContext!.partnership.id,
  })
  const idOf = (request: FastifyRequest) => validated<typeof slugIdParams>(request.params).id
  const present = async (at: Scope, row: Row) => ({ data: (await api.presenter(at))(row) })

  const listSchema = {
    params: slugParams,
    ...(querystring ? { querystring } : {}),
    response: { 200: listOf(doc) },
  }
  route('GET', 'list', policy.read, listSchema, async (request) => {
    const at = scope(request)
    const query = validated<Query>(querystring ? request.query : undefined)
    const rows = await service.list(at.actor, at.partnershipId, query)
    const presentRow = await api.presenter(at)
    return { data: rows.map((row) => presentRow(row)) }
  })

  const createSchema = { params: slugParams, body: input, response: { 201: one(doc) } }
  const create = service.create
  if (create)
    route('POST', 'create', policy.create, createSchema, async (request, reply) => {
      const at = scope(request)
      const row = await create(at.actor, at.partnershipId, validated<Input>(request.body))
      return reply.status(201).send(await present(at, row))
    })

  route('GET', 'get', policy.read, { params: slugIdParams, response: { 200: one(doc) } }, async (request) => {
    const at = scope(request)
    return present(at, await service.get(at.actor, at.partnershipId, idOf(request)))
  })

  const updateSchema = { params: slugIdParams, body: update, response: { 200: one(doc) } }
  route('PUT', 'update', policy.update, updateSchema, async (request) => {
    const at = scope(request)
    const body = validated<Update>(request.body)
    return present(at, await service.update(at.actor, at.partnershipId, idOf(request), body))
  })

  const archiveSchema = { params: slugIdParams, response: { 200: one(doc) } }
  route('DELETE', 'archive', policy.archive, archiveSchema, async (request) => {
    const at = scope(request)
    return present(at, await service.archive(at.actor, at.partnershipId, idOf(request)))
  })
}
