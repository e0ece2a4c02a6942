import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import nunjucks from 'nunjucks'
import { errorList } from '../lib/forms.ts'
import { scrollableTables } from '../lib/tables.ts'
import { roleLabel } from '../modules/auth/roles.ts'
import { navigationFor } from '../navigation.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '..', '..')

export type Locals = Record<string, unknown>

declare module 'fastify' {
  interface FastifyReply {
    /** Render a Nunjucks template inside the GOV.UK layout with the request's common locals. */
    render(template: string, locals?: Locals): FastifyReply
  }
  interface FastifyRequest {
    flash(type: 'success' | 'important', text: string): void
  }
}

const ukDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
})
const ukDateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
})

export function createViewEnvironment() {
  const env = nunjucks.configure(
    [
      path.join(root, 'src', 'views'),
      path.join(root, 'src', 'modules'),
      path.join(root, 'node_modules', 'govuk-frontend', 'dist'),
      path.join(root, 'node_modules', '@ministryofjustice', 'frontend'),
    ],
    { autoescape: true, throwOnUndefined: false, noCache: process.env.NODE_ENV === 'development' },
  )
  env.addFilter('ukDate', (d: Date | string | null | undefined) => (d ? ukDate.format(new Date(d)) : ''))
  env.addFilter('ukDateTime', (d: Date | string | null | undefined) =>
    d ? ukDateTime.format(new Date(d)) : '',
  )
  env.addFilter('roleLabel', (r: string) => roleLabel(r))
  env.addFilter('json', (v: unknown) => JSON.stringify(v, null, 2))
  /** The layout's: every table in a region that scrolls sideways by itself (src/lib/tables.ts). */
  env.addFilter('scrollableTables', (html: unknown) => scrollableTables(String(html)))
  return env
}

export function registerViews(app: FastifyInstance) {
  const env = createViewEnvironment()

  app.decorateRequest('flash', function (this: FastifyRequest, type: 'success' | 'important', text: string) {
    this.session.set('flash', { type, text })
  })

  app.decorateReply('render', function (this: FastifyReply, template: string, locals: Locals = {}) {
    const request = this.request
    const flash = request.session?.get('flash')
    if (flash) request.session.set('flash', undefined)
    const ctx = request.partnershipContext
    const errors = locals.errors as Record<string, string> | undefined
    const html = env.render(template, {
      serviceName: 'Goldthread',
      cspNonce: this.cspNonce?.script,
      csrfToken: () => this.generateCsrf(),
      actor: request.actor,
      signedIn: request.actor?.kind === 'user',
      userPartnerships: request.userPartnerships ?? [],
      partnership: ctx?.partnership,
      role: ctx?.role,
      navigation: navigationFor(request),
      currentPath: request.url.split('?')[0],
      flash,
      errorList: errorList(errors),
      ...locals,
    })
    return this.type('text/html; charset=utf-8').send(html)
  })
}
