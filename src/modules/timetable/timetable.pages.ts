import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { FieldErrors } from '../../errors.ts'
import { idParams, orShowErrors, slugParams, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { versionStatusLabels, type VersionStatus } from '../strategy/strategy.schema.ts'
import { isOverdue } from './timetable.presenter.ts'
import { timetablePolicy } from './timetable.policy.ts'
import {
  recordSignoff,
  signoffInput,
  stageInput,
  stageStatuses,
  stageStatusLabels,
} from './timetable.schema.ts'
import type { SignoffRow, StageRow } from './timetable.service.ts'

type Values = Record<string, unknown>

/** The development timetable: stages with dates and owners, and partner sign-offs per version. */
export function timetablePages(
  fastify: FastifyInstance,
  { timetable, strategy, people, organisations }: Services,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const home = (request: FastifyRequest) => `/p/${request.partnership.slug}/timetable`
  const page = { params: slugParams }
  const one = { params: idParams }

  app.get(
    '/p/:slug/timetable',
    { schema: page, config: { policy: timetablePolicy.read } },
    async (request, reply) => {
      const pid = request.partnership.id
      const today = timetable.today()
      const [stages, signoffs, versions] = await Promise.all([
        timetable.listStages(request.actor, pid),
        timetable.listSignoffs(request.actor, pid),
        strategy.listVersions(request.actor, pid),
      ])
      const byVersion = versions
        .map((v) => ({
          version: v,
          statusLabel: versionStatusLabels[v.status as VersionStatus],
          signoffs: signoffs.filter((s) => s.versionId === v.id),
        }))
        .filter((g) => g.signoffs.length || g.version.isCurrent)
      return reply.render('timetable/views/index.njk', {
        title: 'Development timetable',
        stages: stages.map((s) => ({ ...s, overdue: isOverdue(s, today) })),
        byVersion,
        statusLabels: stageStatusLabels,
        canEdit: timetablePolicy.edit(request.actor, pid),
      })
    },
  )

  async function renderStage(
    request: FastifyRequest,
    reply: FastifyReply,
    stage: StageRow | undefined,
    values: Values,
    errors?: FieldErrors,
  ) {
    const pid = request.partnership.id
    const [ps, orgs] = await Promise.all([
      people.list(request.actor, pid),
      organisations.list(request.actor, pid),
    ])
    return reply.render('timetable/views/stage-form.njk', {
      title: stage ? `Change ${stage.name}` : 'Add a stage',
      stage,
      values,
      errors,
      statusItems: stageStatuses.map((s) => ({
        value: s,
        text: stageStatusLabels[s],
        checked: s === (values.status ?? 'not_started'),
      })),
      ownerItems: [
        { value: '', text: 'No owner yet' },
        ...orgs.map((o) => ({
          value: `organisation:${o.id}`,
          text: o.name,
          selected: values.owner === `organisation:${o.id}`,
        })),
        ...ps.map((p) => ({
          value: `person:${p.id}`,
          text: `${p.name}${p.organisationName ? ` (${p.organisationName})` : ''}`,
          selected: values.owner === `person:${p.id}`,
        })),
      ],
    })
  }

  const stageValues = (s: StageRow): Values => ({
    ...s,
    owner: s.ownerPersonId
      ? `person:${s.ownerPersonId}`
      : s.ownerOrganisationId
        ? `organisation:${s.ownerOrganisationId}`
        : '',
  })

  app.get(
    '/p/:slug/timetable/stages/new',
    { schema: page, config: { policy: timetablePolicy.edit } },
    async (request, reply) => renderStage(request, reply, undefined, {}),
  )

  app.post(
    '/p/:slug/timetable/stages',
    { schema: page, config: { policy: timetablePolicy.edit } },
    async (request, reply) =>
      submitForm(reply, {
        schema: stageInput,
        body: request.body,
        invalid: (errors) => renderStage(request, reply, undefined, request.body as Values, errors),
        valid: async (input) => {
          const row = await timetable.createStage(request.actor, request.partnership.id, input)
          request.flash('success', `${row.name} has been added to the timetable`)
          return reply.redirect(home(request))
        },
      }),
  )

  app.get(
    '/p/:slug/timetable/stages/:id/edit',
    { schema: one, config: { policy: timetablePolicy.edit } },
    async (request, reply) => {
      const stage = await timetable.getStage(request.actor, request.partnership.id, request.params.id)
      return renderStage(request, reply, stage, stageValues(stage))
    },
  )

  app.post(
    '/p/:slug/timetable/stages/:id',
    { schema: one, config: { policy: timetablePolicy.edit } },
    async (request, reply) => {
      const stage = await timetable.getStage(request.actor, request.partnership.id, request.params.id)
      return submitForm(reply, {
        schema: stageInput,
        body: request.body,
        invalid: (errors) => renderStage(request, reply, stage, request.body as Values, errors),
        valid: async (input) => {
          const row = await timetable.updateStage(request.actor, request.partnership.id, stage.id, input)
          request.flash('success', `${row.name} has been updated`)
          return reply.redirect(home(request))
        },
      })
    },
  )

  app.post(
    '/p/:slug/timetable/stages/:id/archive',
    { schema: one, config: { policy: timetablePolicy.edit } },
    async (request, reply) => {
      const row = await timetable.archiveStage(request.actor, request.partnership.id, request.params.id)
      request.flash('success', `${row.name} has been removed from the timetable`)
      return reply.redirect(home(request))
    },
  )

  async function renderSignoff(
    request: FastifyRequest,
    reply: FastifyReply,
    signoff: SignoffRow | undefined,
    values: Values,
    errors?: FieldErrors,
  ) {
    const pid = request.partnership.id
    const [versions, orgs] = await Promise.all([
      strategy.listVersions(request.actor, pid),
      organisations.list(request.actor, pid),
    ])
    const wanted = values.versionNumber ?? versions.find((v) => v.isCurrent)?.number
    const chosen = typeof wanted === 'string' || typeof wanted === 'number' ? String(wanted) : ''
    return reply.render('timetable/views/signoff-form.njk', {
      title: signoff ? `Change the sign-off by ${signoff.body}` : 'Add a sign-off',
      signoff,
      values,
      errors,
      versionItems: versions
        .filter((v) => v.status !== 'signed_off')
        .map((v) => ({
          value: v.number,
          text: `Version ${v.number} (${versionStatusLabels[v.status as VersionStatus]})`,
          selected: String(v.number) === chosen,
        })),
      organisationItems: [
        { value: '', text: 'Not an organisation of the partnership' },
        ...orgs.map((o) => ({ value: o.id, text: o.name, selected: o.id === values.organisationId })),
      ],
    })
  }

  app.get(
    '/p/:slug/timetable/signoffs/new',
    { schema: page, config: { policy: timetablePolicy.edit } },
    async (request, reply) => renderSignoff(request, reply, undefined, {}),
  )

  app.post(
    '/p/:slug/timetable/signoffs',
    { schema: page, config: { policy: timetablePolicy.edit } },
    async (request, reply) =>
      submitForm(reply, {
        schema: signoffInput,
        body: request.body,
        invalid: (errors) => renderSignoff(request, reply, undefined, request.body as Values, errors),
        valid: async (input) => {
          const row = await timetable.createSignoff(request.actor, request.partnership.id, input)
          request.flash('success', `Sign-off by ${row.body} has been added`)
          return reply.redirect(home(request))
        },
      }),
  )

  app.get(
    '/p/:slug/timetable/signoffs/:id/edit',
    { schema: one, config: { policy: timetablePolicy.edit } },
    async (request, reply) => {
      const s = await timetable.getSignoff(request.actor, request.partnership.id, request.params.id)
      const v = (await strategy.listVersions(request.actor, request.partnership.id)).find(
        (x) => x.id === s.versionId,
      )
      return renderSignoff(request, reply, s, { ...s, versionNumber: v?.number })
    },
  )

  app.post(
    '/p/:slug/timetable/signoffs/:id',
    { schema: one, config: { policy: timetablePolicy.edit } },
    async (request, reply) => {
      const s = await timetable.getSignoff(request.actor, request.partnership.id, request.params.id)
      return submitForm(reply, {
        schema: signoffInput,
        body: request.body,
        invalid: (errors) => renderSignoff(request, reply, s, request.body as Values, errors),
        valid: async (input) => {
          const row = await timetable.updateSignoff(request.actor, request.partnership.id, s.id, input)
          request.flash('success', `Sign-off by ${row.body} has been updated`)
          return reply.redirect(home(request))
        },
      })
    },
  )

  const renderSign = (
    request: FastifyRequest,
    reply: FastifyReply,
    s: SignoffRow,
    values: Values,
    errors?: FieldErrors,
  ) =>
    reply.render('timetable/views/sign.njk', {
      title: `Record sign-off by ${s.body}`,
      signoff: s,
      values,
      errors,
    })

  app.get(
    '/p/:slug/timetable/signoffs/:id/sign',
    { schema: one, config: { policy: timetablePolicy.edit } },
    async (request, reply) => {
      const s = await timetable.getSignoff(request.actor, request.partnership.id, request.params.id)
      return renderSign(request, reply, s, { signedOn: s.signedOn ?? timetable.today() })
    },
  )

  app.post(
    '/p/:slug/timetable/signoffs/:id/sign',
    { schema: one, config: { policy: timetablePolicy.edit } },
    async (request, reply) => {
      const s = await timetable.getSignoff(request.actor, request.partnership.id, request.params.id)
      return submitForm(reply, {
        schema: recordSignoff,
        body: request.body,
        invalid: (errors) => renderSign(request, reply, s, request.body as Values, errors),
        valid: async ({ signedOn }) => {
          await timetable.recordSignoff(request.actor, request.partnership.id, s.id, signedOn)
          request.flash('success', `Sign-off by ${s.body} has been recorded`)
          return reply.redirect(home(request))
        },
      })
    },
  )

  app.post(
    '/p/:slug/timetable/signoffs/:id/archive',
    { schema: one, config: { policy: timetablePolicy.edit } },
    async (request, reply) => {
      const id = request.params.id
      return orShowErrors(
        reply,
        async () => {
          const row = await timetable.archiveSignoff(request.actor, request.partnership.id, id)
          request.flash('success', `Sign-off by ${row.body} has been removed`)
          return reply.redirect(home(request))
        },
        () => reply.redirect(home(request)),
      )
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
