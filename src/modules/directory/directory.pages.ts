import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { forbidden, type FieldErrors } from '../../errors.ts'
import { slugParams, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { versionStatusLabels, type VersionStatus } from '../strategy/strategy.schema.ts'
import { directoryCsv, directoryXlsx } from './directory.export.ts'
import { directoryPolicy } from './directory.policy.ts'
import {
  directoryEntryPageParams,
  directoryEntryPageQuery,
  directoryInput,
  directoryPageQuery,
  directoryRoleLabels,
  directoryRoles,
  roleFields,
} from './directory.schema.ts'
import type { DirectoryRow } from './directory.service.ts'

/** Rows grouped under their theme, in document order. */
function byTheme(rows: DirectoryRow[]) {
  const groups: { theme: string; rows: DirectoryRow[] }[] = []
  for (const r of rows) {
    const last = groups[groups.length - 1]
    if (last && last.theme === r.theme) last.rows.push(r)
    else groups.push({ theme: r.theme, rows: [r] })
  }
  return groups
}

/** The Partnership Directory (003 §9): printable page, gaps, downloads and the edit form. */
export function directoryPages(fastify: FastifyInstance, { directory, strategy }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const page = { params: slugParams, querystring: directoryPageQuery }
  const entryPage = { params: directoryEntryPageParams, querystring: directoryEntryPageQuery }

  /** The directory of version `number` (default: the current one), or only its gaps. */
  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    number: number | undefined,
    gapsOnly: boolean,
  ) {
    const pid = request.partnership.id
    const current = await strategy.current(request.actor, pid)
    if (!current)
      return reply.render('directory/views/index.njk', {
        title: 'Partnership Directory',
        noStrategy: true,
        gapsOnly,
      })
    const { version, rows } = gapsOnly
      ? await directory.gaps(request.actor, pid, number)
      : await directory.list(request.actor, pid, number)
    const all = gapsOnly ? (await directory.list(request.actor, pid, version.number)).rows : rows
    const qs = version.number === current.number ? '' : `?version=${version.number}`
    return reply.render('directory/views/index.njk', {
      title: gapsOnly ? 'Gaps in the Partnership Directory' : 'Partnership Directory',
      gapsOnly,
      version,
      statusLabel: versionStatusLabels[version.status as VersionStatus],
      isCurrent: version.number === current.number,
      groups: byTheme(rows),
      total: all.length,
      withGaps: all.filter((r) => r.missing.length).length,
      missingByRole: directoryRoles.map((role) => ({
        label: directoryRoleLabels[role],
        count: all.filter((r) => r.missing.includes(role)).length,
      })),
      roleLabels: directoryRoleLabels,
      qs,
      canEdit:
        directoryPolicy.edit(request.actor, pid) &&
        version.status !== 'signed_off' &&
        version.number === current.number,
    })
  }

  app.get(
    '/p/:slug/directory',
    { schema: page, config: { policy: directoryPolicy.read } },
    async (request, reply) => render(request, reply, request.query.version, false),
  )
  app.get(
    '/p/:slug/directory/gaps',
    { schema: page, config: { policy: directoryPolicy.read } },
    async (request, reply) => render(request, reply, request.query.version, true),
  )

  app.get(
    '/p/:slug/directory.csv',
    { schema: page, config: { policy: directoryPolicy.read } },
    async (request, reply) => {
      const { version, rows } = await directory.list(
        request.actor,
        request.partnership.id,
        request.query.version,
      )
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="${request.partnership.slug}-directory-v${version.number}.csv"`,
        )
        .send(directoryCsv(rows))
    },
  )

  app.get(
    '/p/:slug/directory.xlsx',
    { schema: page, config: { policy: directoryPolicy.read } },
    async (request, reply) => {
      const { version, rows } = await directory.list(
        request.actor,
        request.partnership.id,
        request.query.version,
      )
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="${request.partnership.slug}-directory-v${version.number}.xlsx"`,
        )
        .send(
          await directoryXlsx(
            rows,
            `${request.partnership.name} Partnership Directory, version ${version.number}`,
          ),
        )
    },
  )

  /** The entry form of outcome `nodeId`; `from` is where it was opened from (`gaps`). */
  async function renderEdit(
    request: FastifyRequest,
    reply: FastifyReply,
    { nodeId, from }: { nodeId: string; from?: string | undefined },
    values?: Record<string, unknown>,
    errors?: FieldErrors,
  ) {
    const pid = request.partnership.id
    const { version, row } = await directory.row(request.actor, pid, nodeId)
    if (!(await directory.mayEdit(request.actor, pid, nodeId))) throw forbidden()
    const c = await directory.candidates(request.actor, pid)
    const v =
      values ??
      Object.fromEntries(
        directoryRoles.map((role) => {
          const p = row.roles[role]
          return [roleFields[role], p ? (role === 'lead_partnership' ? `${p.type}:${p.id}` : p.id) : '']
        }),
      )
    const people = (field: string) => [
      { value: '', text: 'Not yet named' },
      ...c.people.map((p) => ({
        value: p.id,
        text: p.organisation ? `${p.name} (${p.organisation})` : p.name,
        selected: p.id === v[field],
      })),
    ]
    return reply.render('directory/views/edit.njk', {
      title: `Directory entry for ${row.ref}`,
      returnTo: from === 'gaps' || v.returnTo === 'gaps' ? 'gaps' : '',
      version,
      row,
      errors,
      roleLabels: directoryRoleLabels,
      leadItems: [
        { value: '', text: 'Not yet named' },
        ...c.partnerships.map((p) => ({
          value: `partnership:${p.id}`,
          text: `${p.name} (partnership)`,
          selected: `partnership:${p.id}` === v.leadPartnership,
        })),
        ...c.organisations.map((o) => ({
          value: `organisation:${o.id}`,
          text: o.name,
          selected: `organisation:${o.id}` === v.leadPartnership,
        })),
      ],
      boardChampionItems: people('boardChampionId'),
      executiveOfficerItems: people('executiveOfficerId'),
      outcomeLeadItems: people('outcomeLeadId'),
    })
  }

  app.get(
    '/p/:slug/directory/:nodeId/edit',
    { schema: entryPage, config: { policy: directoryPolicy.editEntry } },
    async (request, reply) => renderEdit(request, reply, { ...request.params, ...request.query }),
  )

  app.post(
    '/p/:slug/directory/:nodeId',
    { schema: entryPage, config: { policy: directoryPolicy.editEntry } },
    async (request, reply) => {
      const { nodeId } = request.params
      return submitForm(reply, {
        schema: directoryInput,
        body: request.body,
        invalid: (errors) =>
          renderEdit(
            request,
            reply,
            { nodeId, from: request.query.from },
            request.body as Record<string, unknown>,
            errors,
          ),
        valid: async (input) => {
          const { row } = await directory.set(request.actor, request.partnership.id, nodeId, input)
          request.flash(
            'success',
            row.missing.length
              ? `The directory entry for ${row.ref} has been saved; ${row.missing.length} role${row.missing.length === 1 ? ' is' : 's are'} still to fill`
              : `The directory entry for ${row.ref} is complete`,
          )
          const back = (request.body as { returnTo?: string }).returnTo
          return reply.redirect(
            `/p/${request.partnership.slug}/directory${back === 'gaps' ? '/gaps' : ''}#r-${nodeId}`,
          )
        },
      })
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
