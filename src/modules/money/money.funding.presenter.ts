import type { FastifyReply } from 'fastify'
import { isAppError, type AppError, type FieldErrors } from '../../errors.ts'
import { formatPounds } from '../../lib/money.ts'
import type { Services } from '../../services.ts'
import type { Actor } from '../auth/actor.ts'
import type { StreamNode } from './money.streams.service.ts'
import { spendTypes, streamKinds, streamPurposes } from './money.streams.schema.ts'

type Item = { value: string; text: string; selected?: boolean }

/** Amounts in pence as `£1,234.56`, for the views (null: a dash in words). */
export const pounds = (pence: number | null | undefined) => (pence == null ? '—' : formatPounds(pence))

/** Pence back into what a form field holds (`1234.56`), for editing. */
export const poundsValue = (pence: number | null | undefined) =>
  pence == null ? '' : formatPounds(pence).replace(/[£,]/g, '')

export const streamLabels = (s: { kind: string; spendType: string | null; purpose: string | null }) => ({
  kindLabel: streamKinds[s.kind as keyof typeof streamKinds] ?? s.kind,
  spendTypeLabel: s.spendType ? spendTypes[s.spendType as keyof typeof spendTypes] : 'Revenue or capital',
  purposeLabel: s.purpose ? streamPurposes[s.purpose as keyof typeof streamPurposes] : null,
})

/** Every financial year in the tree, oldest first. */
export function yearsOf(roots: StreamNode[]): string[] {
  const years = new Set<string>()
  const walk = (n: StreamNode) => {
    n.years.forEach((y) => years.add(y.year))
    n.children.forEach(walk)
  }
  roots.forEach(walk)
  return [...years].sort()
}

/** The financial year a date falls in (April to March), spelt `2008/09`. */
export function financialYearOf(d: Date) {
  const y = d.getUTCMonth() >= 3 ? d.getUTCFullYear() : d.getUTCFullYear() - 1
  return `${y}/${String((y + 1) % 100).padStart(2, '0')}`
}

/** The year a page shows unless told: this financial year if it has money, else the latest with any. */
export function defaultYear(years: string[], now = new Date()) {
  const current = financialYearOf(now)
  return years.includes(current) ? current : (years.at(-1) ?? current)
}

/** The tree as rows, each component stream indented under its parent, with one year's money. */
export function streamRows(roots: StreamNode[], year: string) {
  const rows: ReturnType<typeof row>[] = []
  const row = (n: StreamNode, depth: number) => {
    const y = n.years.find((x) => x.year === year)
    return {
      id: n.id,
      ref: n.ref,
      name: n.name,
      source: n.source,
      ringFenced: n.ringFenced,
      accountableName: n.accountableName,
      depth,
      ...streamLabels(n),
      hasBudget: y?.hasBudget ?? false,
      budget: y?.budget ?? 0,
      allocated: y?.allocated ?? 0,
      unallocated: y?.unallocated ?? 0,
      rewardEarned: n.purpose ? n.rewardEarned : null,
      purpose: n.purpose,
    }
  }
  const walk = (n: StreamNode, depth: number) => {
    rows.push(row(n, depth))
    n.children.forEach((c) => walk(c, depth + 1))
  }
  roots.forEach((r) => walk(r, 0))
  return rows
}

/** Select items for the partnership's organisations. */
export const organisationItems = (
  orgs: { id: string; name: string }[],
  chosen: unknown,
  blank = 'Choose an organisation',
): Item[] => [
  { value: '', text: blank, selected: !chosen },
  ...orgs.map((o) => ({ value: o.id, text: o.name, selected: chosen === o.id })),
]

/** What an allocation may pay for: the targets, the current strategy's themes and outcomes, and actions. */
export async function paysForChoices(services: Services, actor: Actor, pid: string) {
  const [targets, nodes, plans] = await Promise.all([
    services.risks.targetChoices(actor, pid),
    services.strategy.currentNodes(actor, pid),
    services.delivery.list(actor, pid),
  ])
  const actions: { id: string; label: string }[] = []
  for (const p of plans) {
    const plan = await services.delivery.get(actor, pid, p.id)
    for (const a of plan.actions) actions.push({ id: a.id, label: `${a.ref} ${a.title} (${p.title})` })
  }
  return [
    ...targets.map((t) => ({ value: `target:${t.id}`, text: `Target: ${t.code} ${t.title ?? ''}`.trim() })),
    ...nodes.map((n) => ({ value: `outcome:${n.key}`, text: `Outcome: ${n.ref} ${n.title} (${n.kind})` })),
    ...actions.map((a) => ({ value: `action:${a.id}`, text: `Action: ${a.label}` })),
  ]
}

export const paysForItems = (choices: { value: string; text: string }[], chosen: unknown): Item[] => [
  { value: '', text: 'Nothing linked yet', selected: !chosen },
  ...choices.map((c) => ({ ...c, selected: c.value === chosen })),
]

/**
 * Run a use-case; any refusal the person can act on (4xx: a field error, a conflict, a refused
 * release) re-renders the page with the error summary, at the refusal's status, nothing written.
 */
export async function attempt(
  reply: FastifyReply,
  run: () => Promise<FastifyReply>,
  invalid: (errors: FieldErrors, error: AppError) => FastifyReply | Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    return await run()
  } catch (e) {
    if (isAppError(e) && e.status >= 400 && e.status < 500 && e.status !== 404 && e.status !== 403) {
      reply.status(e.status)
      return invalid(e.fields && Object.keys(e.fields).length ? e.fields : { _form: e.message }, e)
    }
    throw e
  }
}
