import type { DirectoryRow, Party } from '../../directory/directory.service.ts'
import { directoryRoleLabels, directoryRoles, type DirectoryRole } from '../../directory/directory.schema.ts'
import { partyText } from '../../directory/directory.presenter.ts'
import { versionStatusLabels, type VersionStatus } from '../../strategy/strategy.schema.ts'
import type { Block, Cell, Section, SummaryBlock, TableBlock } from '../reports.model.ts'
import { targetLines } from './common.ts'
import type { KindContext, KindDefinition } from './kind.ts'

/*
 * The Partnership Directory (003 §9) as it stood at the report's moment: who leads each outcome
 * and sub-outcome, the targets it serves, and the gaps members are asked to fill (003 §10,
 * recommendation a). At `theme` level a table per theme; at any finer level each outcome in full,
 * with its people's contact details.
 */

/** Rows grouped under their theme, in document order (as the directory page groups them). */
function byTheme(rows: DirectoryRow[]) {
  const groups: { key: string; theme: string; rows: DirectoryRow[] }[] = []
  for (const r of rows) {
    const last = groups[groups.length - 1]
    if (last && last.key === r.themeKey) last.rows.push(r)
    else groups.push({ key: r.themeKey, theme: r.theme, rows: [r] })
  }
  return groups
}

const outcomeName = (r: DirectoryRow) => `${r.ref} ${r.title}`
const missingText = (r: DirectoryRow) => r.missing.map((m) => directoryRoleLabels[m]).join(', ')
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'none'

/** The codes of the targets serving each outcome (by its key), as at the report's moment. */
async function targetsByOutcome(ctx: KindContext) {
  const { lines } = await targetLines(ctx)
  const out = new Map<string, string[]>()
  for (const l of lines)
    for (const key of l.target.outcomeKeys) out.set(key, [...(out.get(key) ?? []), l.target.indicator.code])
  return out
}

function themeTable(rows: DirectoryRow[], targets: Map<string, string[]>, theme: string): TableBlock {
  return {
    type: 'table',
    caption: `Directory of ${theme}`,
    columns: [
      { label: 'Outcome' },
      ...directoryRoles.map((role) => ({ label: directoryRoleLabels[role] })),
      { label: 'Targets' },
    ],
    rows: rows.map((r): Cell[] => [
      outcomeName(r),
      ...directoryRoles.map((role) => partyText(r.roles[role]) || 'Not yet named'),
      (targets.get(r.key) ?? []).join(', '),
    ]),
    empty: 'No outcomes under this theme.',
  }
}

const partyValue = (p: Party | null) => (p ? partyText(p, true) : 'Not yet named')

function outcomeBlocks(r: DirectoryRow, targets: Map<string, string[]>): Block[] {
  const items: SummaryBlock['items'] = directoryRoles.map((role: DirectoryRole) => ({
    label: directoryRoleLabels[role],
    value: partyValue(r.roles[role]),
  }))
  items.push({ label: 'Targets', value: (targets.get(r.key) ?? []).join(', ') || 'None linked' })
  items.push({ label: 'Gaps', value: r.missing.length ? missingText(r) : 'None' })
  return [
    { type: 'heading', level: r.kind === 'outcome' ? 3 : 4, text: outcomeName(r) },
    { type: 'summary', items },
  ]
}

function summarySection(
  ctx: KindContext,
  version: { number: number; status: string } | undefined,
  rows: DirectoryRow[],
): Section {
  const withGaps = rows.filter((r) => r.missing.length).length
  return {
    id: 'summary',
    title: 'Summary',
    intro: ctx.theme
      ? `The directory of theme ${ctx.theme.ref} ${ctx.theme.title}.`
      : 'The directory of every theme of the strategy.',
    blocks: [
      {
        type: 'summary',
        items: [
          {
            label: 'Strategy version',
            value: version
              ? `Version ${version.number} (${versionStatusLabels[version.status as VersionStatus] ?? version.status})`
              : 'None at this date',
          },
          { label: 'Outcomes and sub-outcomes', value: String(rows.length) },
          { label: 'With every role filled', value: String(rows.length - withGaps) },
          { label: 'With a role to fill', value: String(withGaps) },
        ],
      },
      {
        type: 'table',
        caption: 'Roles not yet filled',
        columns: [{ label: 'Role' }, { label: 'Outcomes without one', numeric: true }],
        rows: directoryRoles.map((role) => [
          directoryRoleLabels[role],
          rows.filter((r) => r.missing.includes(role)).length,
        ]),
      },
    ],
  }
}

function gapsSection(rows: DirectoryRow[], grouped: boolean): Section {
  const gaps = rows.filter((r) => r.missing.length)
  return {
    id: 'gaps',
    title: 'Gaps to fill',
    intro: 'Outcomes and sub-outcomes with a role no one yet fills: members are asked to fill them.',
    blocks: [
      {
        type: 'table',
        caption: 'Outcomes with roles not yet filled',
        columns: grouped
          ? [{ label: 'Outcome' }, { label: 'Theme' }, { label: 'Roles not yet filled' }]
          : [{ label: 'Outcome' }, { label: 'Roles not yet filled' }],
        rows: gaps.map((r) =>
          grouped ? [outcomeName(r), r.theme, missingText(r)] : [outcomeName(r), missingText(r)],
        ),
        empty: 'Every outcome and sub-outcome has all four roles filled.',
      },
    ],
  }
}

export const directoryKind: KindDefinition = {
  kind: 'directory',
  name: 'Partnership Directory',
  audience: 'Members of the partnership',
  summary:
    'Who leads each outcome and sub-outcome (lead partnership, board champion, executive officer, outcome lead), the targets it serves, and the gaps to fill.',
  themeCut: true,

  async build(ctx) {
    await ctx.progress(0.1, 'Reading the directory')
    const { version, rows: all } = await ctx.sources.directory.listAt(ctx.actor, ctx.partnershipId, ctx.at)
    const rows = ctx.theme ? all.filter((r) => r.themeKey === ctx.theme!.key) : all
    await ctx.progress(0.5, 'Reading the targets of each outcome')
    const targets = rows.length ? await targetsByOutcome(ctx) : new Map<string, string[]>()
    await ctx.progress(0.8, 'Laying out the directory')

    const sections: Section[] = [summarySection(ctx, version, rows)]
    const groups = byTheme(rows)
    if (groups.length === 0)
      sections.push({
        id: 'directory',
        title: 'Directory',
        blocks: [
          {
            type: 'text',
            text: version
              ? 'The strategy had no outcomes at this date, so the directory is empty.'
              : 'The partnership had no strategy at this date, so there is no directory.',
          },
        ],
      })
    const used = new Set(['summary', 'gaps', 'directory'])
    for (const g of groups) {
      let id = `theme-${slug(g.theme.split(' ')[0] ?? g.key)}`
      while (used.has(id)) id = `${id}-x`
      used.add(id)
      sections.push({
        id,
        title: g.theme,
        intro:
          ctx.spec.level === 'theme'
            ? `The ${g.rows.length} outcome${g.rows.length === 1 ? '' : 's'} and sub-outcomes of this theme and who leads each.`
            : 'Each outcome and sub-outcome of this theme: who leads it, with contact details, its targets and its gaps.',
        blocks:
          ctx.spec.level === 'theme'
            ? [themeTable(g.rows, targets, g.theme)]
            : g.rows.flatMap((r) => outcomeBlocks(r, targets)),
      })
    }
    sections.push(gapsSection(rows, !ctx.theme))
    await ctx.progress(1, 'Directory laid out')
    return sections
  },
}
