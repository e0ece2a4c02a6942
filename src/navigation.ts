import type { FastifyRequest } from 'fastify'
import { agreementPolicy } from './modules/agreements/agreements.policy.ts'
import { assessmentPolicy } from './modules/assessments/assessments.policy.ts'
import type { Rule } from './modules/auth/policy.ts'
import { manager, member, roles } from './modules/auth/policy.ts'
import type { Role } from './modules/auth/roles.ts'
import { commentaryPolicy } from './modules/commentary/commentary.policy.ts'
import { consultationPolicy } from './modules/consultation/consultation.policy.ts'
import { directoryPolicy } from './modules/directory/directory.policy.ts'
import { escalationPolicy } from './modules/escalations/escalations.policy.ts'
import { deliveryPolicy } from './modules/delivery/delivery.policy.ts'
import { improvementPolicy } from './modules/improvement/improvement.policy.ts'
import { indicatorPolicy } from './modules/indicators/indicators.policy.ts'
import { moneyPolicy } from './modules/money/money.policy.ts'
import { reportPolicy } from './modules/reports/reports.policy.ts'
import { requestPolicy } from './modules/requests/requests.policy.ts'
import { riskPolicy } from './modules/risks/risks.policy.ts'
import { strategyPolicy } from './modules/strategy/strategy.policy.ts'
import { targetPolicy } from './modules/targets/targets.policy.ts'
import { timetablePolicy } from './modules/timetable/timetable.policy.ts'
import { valuePolicy } from './modules/values/values.policy.ts'

interface NavPage {
  text: string
  /** Path under /p/:slug. */
  path: string
  /** Other paths under /p/:slug whose pages belong to this one (e.g. a target under the agreement). */
  also?: string[]
  /** What the policy allows: the page is never shown to a role that would be refused. */
  rule: Rule
  /** Roles the policy lets in but who have no use for the page: keep it out of their way. */
  hideFrom?: Role[]
}

export interface NavGroup {
  id: string
  text: string
  pages: NavPage[]
}

/** Roles that enter figures and little else. */
const DATA_ONLY: Role[] = ['data_provider']

/**
 * The partnership's work, grouped. Each group is one item of the service navigation; its pages
 * are the section's sub-navigation. Delivery, Money and Reports sit between Agreement and
 * Administration; a group shows only to roles that see at least one of its pages.
 */
export const navigationGroups: NavGroup[] = [
  { id: 'home', text: 'Home', pages: [{ text: 'Home', path: '', rule: member }] },
  {
    id: 'performance',
    text: 'Performance',
    pages: [
      { text: 'Dashboard', path: '/dashboard', rule: assessmentPolicy.read },
      { text: 'My returns', path: '/returns', also: ['/values'], rule: valuePolicy.enterSome },
      { text: 'Rounds', path: '/rounds', rule: manager },
    ],
  },
  {
    id: 'strategy',
    text: 'Strategy',
    pages: [
      { text: 'Strategy', path: '/strategy', rule: strategyPolicy.read, hideFrom: DATA_ONLY },
      { text: 'Directory', path: '/directory', rule: directoryPolicy.read, hideFrom: DATA_ONLY },
      { text: 'Timetable', path: '/timetable', rule: timetablePolicy.read, hideFrom: DATA_ONLY },
      {
        text: 'Versions and consultation',
        path: '/strategy/versions',
        also: ['/consultation'],
        rule: consultationPolicy.read,
        hideFrom: DATA_ONLY,
      },
    ],
  },
  {
    id: 'agreement',
    text: 'Agreement',
    pages: [
      // Data providers read the definitions of what they supply.
      { text: 'Indicators', path: '/indicators', rule: indicatorPolicy.read },
      {
        text: 'Agreement',
        path: '/agreements',
        also: ['/targets'],
        rule: agreementPolicy.read,
        hideFrom: DATA_ONLY,
      },
      { text: 'Coverage', path: '/coverage', rule: targetPolicy.read, hideFrom: DATA_ONLY },
    ],
  },
  {
    id: 'delivery',
    text: 'Delivery',
    pages: [
      {
        text: 'Plans',
        path: '/delivery/plans',
        also: ['/delivery'],
        rule: deliveryPolicy.read,
        hideFrom: DATA_ONLY,
      },
      {
        text: 'Overdue actions',
        path: '/delivery/actions/overdue',
        rule: deliveryPolicy.read,
        hideFrom: DATA_ONLY,
      },
      {
        text: 'Improvement plans',
        path: '/improvement-plans',
        rule: improvementPolicy.read,
        hideFrom: DATA_ONLY,
      },
      { text: 'Commentary', path: '/commentary', rule: commentaryPolicy.read, hideFrom: DATA_ONLY },
      { text: 'Risks', path: '/risks', rule: riskPolicy.read, hideFrom: DATA_ONLY },
      { text: 'Requests', path: '/requests', rule: requestPolicy.read, hideFrom: DATA_ONLY },
      { text: 'Escalations', path: '/escalations', rule: escalationPolicy.read, hideFrom: DATA_ONLY },
    ],
  },
  {
    id: 'money',
    text: 'Money',
    pages: [
      {
        text: 'Funding streams',
        path: '/money/streams',
        also: ['/money/allocations'],
        rule: moneyPolicy.read,
        hideFrom: DATA_ONLY,
      },
      // Recipients sign the protocol and enter their own organisation's spend.
      { text: 'Financial protocol', path: '/money/protocol', rule: moneyPolicy.read },
      { text: 'Spend returns', path: '/money/spend', rule: moneyPolicy.read },
      { text: 'Variance', path: '/money/variance', rule: moneyPolicy.read, hideFrom: DATA_ONLY },
      {
        text: 'Commissioning',
        path: '/money/commissioning',
        rule: moneyPolicy.read,
        hideFrom: DATA_ONLY,
      },
      { text: 'Value for money', path: '/money/value', rule: moneyPolicy.read, hideFrom: DATA_ONLY },
    ],
  },
  {
    id: 'reports',
    text: 'Reports',
    pages: [
      { text: 'Reports', path: '/reports', rule: reportPolicy.read, hideFrom: DATA_ONLY },
      {
        text: 'Report definitions',
        path: '/reports/definitions',
        rule: reportPolicy.read,
        hideFrom: DATA_ONLY,
      },
    ],
  },
  {
    id: 'administration',
    text: 'Administration',
    pages: [
      { text: 'Organisations', path: '/organisations', rule: manager },
      { text: 'People', path: '/people', rule: manager },
      { text: 'Places', path: '/places', rule: manager },
      { text: 'Users', path: '/users', rule: roles('admin') },
      { text: 'Audit', path: '/audit', rule: roles('admin') },
      { text: 'Outbox', path: '/outbox', rule: manager },
      // Data providers upload their values here too.
      { text: 'Import and export', path: '/workbook', rule: valuePolicy.enterSome },
      { text: 'Settings', path: '/settings', rule: roles('admin') },
    ],
  },
]

export interface NavLink {
  text: string
  href: string
  /** In the current group (service navigation) or on the current page (sub-navigation). */
  active: boolean
}

export interface Navigation {
  /** The service navigation: one link per group the role uses. */
  groups: (NavLink & { current: boolean })[]
  /** The current group's pages, when it has more than one to choose from. */
  section: { label: string; items: NavLink[] } | null
}

const none: Navigation = { groups: [], section: null }

/** The paths a page answers for, longest first wins. */
const pathsOf = (p: NavPage) => [p.path, ...(p.also ?? [])]

/** Which page of which group the path (under /p/:slug) belongs to: the longest matching prefix. */
export function locate(rest: string): { group: string; page: NavPage } | undefined {
  let best: { group: string; page: NavPage; length: number } | undefined
  for (const group of navigationGroups)
    for (const page of group.pages)
      for (const p of pathsOf(page)) {
        const hit =
          p === '' ? rest === '' : rest === p || rest.startsWith(p + '/') || rest.startsWith(p + '.')
        if (hit && (!best || p.length > best.length)) best = { group: group.id, page, length: p.length }
      }
  return best && { group: best.group, page: best.page }
}

export function navigationFor(request: FastifyRequest): Navigation {
  const ctx = request.partnershipContext
  const actor = request.actor
  if (!ctx || !actor) return none
  const base = `/p/${ctx.partnership.slug}`
  const current = (request.url.split('?')[0] ?? '').replace(/\/$/, '')
  const rest = current.startsWith(base) ? current.slice(base.length) : ''
  const here = locate(rest)
  const role = ctx.role
  const shown = (p: NavPage) => p.rule(actor, ctx.partnership.id) && !(role && p.hideFrom?.includes(role))

  const groups: Navigation['groups'] = []
  let section: Navigation['section'] = null
  for (const group of navigationGroups) {
    const pages = group.pages.filter(shown)
    if (pages.length === 0) continue
    const inGroup = here?.group === group.id
    const href = base + pages[0]!.path
    groups.push({ text: group.text, href, active: inGroup, current: current === href })
    if (inGroup && pages.length > 1)
      section = {
        label: group.text,
        items: pages.map((p) => ({ text: p.text, href: base + p.path, active: here?.page === p })),
      }
  }
  return { groups, section }
}
