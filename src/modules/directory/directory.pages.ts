import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { forbidden, notFound, type FieldErrors } from '../../errors.ts'
import { submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { versionStatusLabels, type VersionStatus } from '../strategy/strategy.schema.ts'
import { directoryCsv, directoryXlsx } from './directory.export.ts'
import { directoryPolicy } from './directory.policy.ts'
import { directoryInput, directoryRoleLabels, directoryRoles, roleFields } from './directory.schema.ts'
import type { DirectoryRow } from './directory.service.ts'

/** `?version=N`, or the current version. */
const versionQuery = (request: FastifyRequest) => {
  const raw = (request.query as { version?: string }).version
  return raw && /^\d{1,9}$/.test(raw) && Number(raw) > 0 ? Number(raw) : undefined
}

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
export async function directoryPages(app: FastifyInstance, { directory, strategy }: Services) {
  const ctx = (request: FastifyRequest) => request.partnershipContext!.partnership

  async function render(request: FastifyRequest, reply: FastifyReply, gapsOnly: boolean) {
    const pid = ctx(request).id
    const current = await strategy.current(request.actor, pid)
    if (!current)
      return reply.render('directory/views/index.njk', {
        title: 'Partnership Directory',
        noStrategy: true,
        gapsOnly,
      })
    const { version, rows } = gapsOnly
      ? await directory.gaps(request.actor, pid, versionQuery(request))
      : await directory.list(request.actor, pid, versionQuery(request))
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

  app.get('/p/:slug/directory', { config: { policy: directoryPolicy.read } }, async (request, reply) =>
    render(request, reply, false),
  )
  app.get('/p/:slug/directory/gaps', { config: { policy: directoryPolicy.read } }, async (request, reply) =>
    render(request, reply, true),
  )

  app.get('/p/:slug/directory.csv', { config: { policy: directoryPolicy.read } }, async (request, reply) => {
    const { version, rows } = await directory.list(request.actor, ctx(request).id, versionQuery(request))
    return reply
      .type('text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="${ctx(request).slug}-directory-v${version.number}.csv"`,
      )
      .send(directoryCsv(rows))
  })

  app.get('/p/:slug/directory.xlsx', { config: { policy: directoryPolicy.read } }, async (request, reply) => {
    const { version, rows } = await directory.list(request.actor, ctx(request).id, versionQuery(request))
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header(
        'content-disposition',
        `attachment; filename="${ctx(request).slug}-directory-v${version.number}.xlsx"`,
      )
      .send(
        await directoryXlsx(rows, `${ctx(request).name} Partnership Directory, version ${version.number}`),
      )
  })

  async function renderEdit(
    request: FastifyRequest,
    reply: FastifyReply,
    values?: Record<string, unknown>,
    errors?: FieldErrors,
  ) {
    const pid = ctx(request).id
    const { nodeId } = request.params as { nodeId: string }
    if (!z.uuid().safeParse(nodeId).success) throw notFound('Outcome')
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
      returnTo: (request.query as { from?: string }).from === 'gaps' || v.returnTo === 'gaps' ? 'gaps' : '',
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
    { config: { policy: directoryPolicy.editEntry } },
    async (request, reply) => renderEdit(request, reply),
  )

  app.post(
    '/p/:slug/directory/:nodeId',
    { config: { policy: directoryPolicy.editEntry } },
    async (request, reply) => {
      const { nodeId } = request.params as { nodeId: string }
      if (!z.uuid().safeParse(nodeId).success) throw notFound('Outcome')
      return submitForm(reply, {
        schema: directoryInput,
        body: request.body,
        invalid: (errors) => renderEdit(request, reply, request.body as Record<string, unknown>, errors),
        valid: async (input) => {
          const { row } = await directory.set(request.actor, ctx(request).id, nodeId, input)
          request.flash(
            'success',
            row.missing.length
              ? `The directory entry for ${row.ref} has been saved; ${row.missing.length} role${row.missing.length === 1 ? ' is' : 's are'} still to fill`
              : `The directory entry for ${row.ref} is complete`,
          )
          const back = (request.body as { returnTo?: string }).returnTo
          return reply.redirect(
            `/p/${ctx(request).slug}/directory${back === 'gaps' ? '/gaps' : ''}#r-${nodeId}`,
          )
        },
      })
    },
  )
}
