import type { FastifyRequest } from 'fastify'
import type { Rule } from './modules/auth/policy.ts'
import { manager, member, roles } from './modules/auth/policy.ts'
import { valuePolicy } from './modules/values/values.policy.ts'

interface NavEntry {
  text: string
  /** Path under /p/:slug */
  path: string
  rule: Rule
}

/**
 * The partnership's sections, in order. Later issues add theirs here; each shows only to roles
 * whose policy allows it.
 */
export const partnershipSections: NavEntry[] = [
  { text: 'Overview', path: '', rule: member },
  { text: 'Dashboard', path: '/dashboard', rule: member },
  { text: 'Organisations', path: '/organisations', rule: member },
  { text: 'People', path: '/people', rule: member },
  { text: 'Places', path: '/places', rule: member },
  { text: 'Strategy', path: '/strategy', rule: member },
  { text: 'Directory', path: '/directory', rule: member },
  { text: 'Timetable', path: '/timetable', rule: member },
  { text: 'Indicators', path: '/indicators', rule: member },
  { text: 'Agreement', path: '/agreements', rule: member },
  { text: 'Coverage', path: '/coverage', rule: member },
  { text: 'My returns', path: '/returns', rule: valuePolicy.enterSome },
  { text: 'Rounds', path: '/rounds', rule: manager },
  { text: 'Outbox', path: '/outbox', rule: manager },
  { text: 'Users', path: '/users', rule: roles('admin') },
  // Data providers upload their values here too.
  { text: 'Import and export', path: '/workbook', rule: valuePolicy.enterSome },
  { text: 'Audit', path: '/audit', rule: roles('admin') },
]

export function navigationFor(request: FastifyRequest) {
  const ctx = request.partnershipContext
  if (!ctx || !request.actor) return []
  const base = `/p/${ctx.partnership.slug}`
  const current = request.url.split('?')[0] ?? ''
  return partnershipSections
    .filter((s) => s.rule(request.actor, ctx.partnership.id))
    .map((s) => {
      const href = base + s.path
      const active = s.path === '' ? current === base : current === href || current.startsWith(href + '/')
      return { text: s.text, href, active }
    })
}
