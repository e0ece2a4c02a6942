import { exportFigure, formatMoney, formatShare } from '../../../lib/numbers.ts'
import type { TargetLine } from '../../dashboard/dashboard.service.ts'
import type { Block, Cell, Section } from '../reports.model.ts'
import { moneyCell, penceOf } from './common.ts'
import type { KindDefinition } from './kind.ts'
import { figureCell, targetName } from './steering.blocks.ts'
import { readSteering } from './steering.read.ts'

/**
 * The reward (stretch) targets (002 §5, assessment.md): each one's performance expected without
 * the reward, its stretch, its latest value, the share of the stretch achieved and the grant it
 * earns, with the total payable. Money is added up in whole pence and carried as exact strings.
 */
export function rewardBlocks(lines: TargetLine[]): Block[] {
  const rewards = lines.filter((l) => l.target.kind === 'reward')
  const payable = rewards.reduce((s, l) => s + penceOf(l.row?.rewardPayable), 0)
  const max = rewards.reduce((s, l) => s + penceOf(l.target.rewardGrant), 0)
  const rows: Cell[][] = rewards.map((l) => {
    const r = l.row
    const share = r?.rewardShare
    return [
      targetName(l),
      r?.period ?? 'No figures yet',
      figureCell(l, l.target.withoutRewardValue),
      figureCell(l, l.target.stretchValue),
      figureCell(l, r?.value, r?.provisional ? ' (provisional)' : ''),
      share === null || share === undefined ? null : { text: formatShare(share), value: exportFigure(share) },
      r && r.rewardPayable !== null ? moneyCell(penceOf(r.rewardPayable)) : null,
      l.target.rewardGrant === null ? null : moneyCell(penceOf(l.target.rewardGrant)),
    ]
  })
  if (rewards.length) rows.push(['Total', '', null, null, null, null, moneyCell(payable), moneyCell(max)])
  return [
    {
      type: 'summary',
      items: [
        { label: 'Reward targets', value: String(rewards.length) },
        { label: 'Grant payable', value: formatMoney(payable / 100) },
        { label: 'Maximum grant', value: formatMoney(max / 100) },
      ],
    },
    {
      type: 'table',
      caption: 'Reward targets and the grant payable',
      columns: [
        { label: 'Target' },
        { label: 'Period' },
        { label: 'Without reward', numeric: true },
        { label: 'Stretch', numeric: true },
        { label: 'Latest value', numeric: true },
        { label: 'Share of the stretch', numeric: true },
        { label: 'Grant payable', numeric: true },
        { label: 'Maximum grant', numeric: true },
      ],
      rows,
      empty: 'No reward targets.',
    },
  ]
}

/** The reward section of the board and reward reports. */
export function rewardSection(lines: TargetLine[]): Section {
  return {
    id: 'reward',
    title: 'Reward targets',
    intro:
      'The grant a reward target earns is the share of the stretch achieved times its maximum grant, once the share reaches 60%, evaluated on its latest value.',
    blocks: rewardBlocks(lines),
  }
}

export const rewardKind: KindDefinition = {
  kind: 'reward',
  name: 'Reward report',
  audience: 'Board and Government Office',
  summary:
    'Reward targets: the performance expected without the reward, the stretch, the latest value, the share of the stretch achieved, the grant payable and the total.',
  themeCut: false,
  async build(ctx) {
    await ctx.progress(0.2, 'Reading the reward targets and their figures')
    const data = await readSteering(ctx)
    await ctx.progress(0.8, 'Adding up the grant payable')
    return [rewardSection(data.lines)]
  },
}
