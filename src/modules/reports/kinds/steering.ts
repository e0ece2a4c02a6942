import type { Section } from '../reports.model.ts'
import type { KindContext, KindDefinition } from './kind.ts'
import { changesTables, countsChart, overdueBlocks, themeGroups } from './steering.blocks.ts'
import { outcomeSections, placeSections, targetSections, themeSection } from './steering.levels.ts'
import { readOverdue, readSteering, type SteeringData } from './steering.read.ts'

/** The summary both the steering and board reports open with: targets by status per theme. */
export function summarySection(ctx: KindContext, data: SteeringData): Section {
  const groups = themeGroups(data, !!ctx.theme)
  return {
    id: 'summary',
    title: 'Summary',
    intro: `The ${data.lines.length} target${data.lines.length === 1 ? '' : 's'}${
      ctx.theme ? ` of ${ctx.theme.ref} ${ctx.theme.title}` : ''
    } by status for ${ctx.spec.period}, per theme.`,
    blocks: [countsChart('Targets by status, per theme', groups, data.lines)],
  }
}

/** What improved and what slipped since the period before the one each target shows. */
export function changesSection(data: SteeringData): Section {
  return {
    id: 'changes',
    title: 'What changed since the last quarter',
    intro: 'Targets whose status moved between the period before and the period reported, worst moves first.',
    blocks: changesTables(data),
  }
}

/**
 * The quarterly performance report to the steering group (002 §23): every target's status,
 * direction, forecast and value against target with its commentary, at the chosen level; counts
 * per theme; what changed since the last quarter; overdue returns.
 */
export const steeringKind: KindDefinition = {
  kind: 'steering',
  name: 'Steering group report',
  audience: 'Steering group, each quarter',
  summary:
    'Every target’s status, direction, forecast and value against target with its commentary; counts per theme; what changed since the last quarter; overdue returns.',
  themeCut: true,
  async build(ctx) {
    await ctx.progress(0.1, 'Reading the targets, their figures and commentary')
    const data = await readSteering(ctx)
    await ctx.progress(0.5, 'Reading the overdue returns')
    const overdue = await readOverdue(ctx, data.lines)
    await ctx.progress(0.7, `Laying out ${data.lines.length} targets`)
    const level = ctx.spec.level
    const detail =
      level === 'place'
        ? await placeSections(ctx, data)
        : level === 'theme'
          ? [themeSection(ctx, data)]
          : level === 'outcome'
            ? outcomeSections(ctx, data)
            : targetSections(ctx, data, { trend: true })
    await ctx.progress(0.9, 'Report laid out')
    return [
      summarySection(ctx, data),
      changesSection(data),
      ...detail,
      {
        id: 'overdue-returns',
        title: 'Overdue returns',
        intro: 'Returns for the period not submitted by the round’s due date, by organisation.',
        blocks: overdueBlocks(overdue),
      },
    ]
  },
}
