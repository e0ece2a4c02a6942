import type { ReportKind } from '../reports.model.ts'
import { boardKind } from './board.ts'
import { directoryKind } from './directory.ts'
import { evidenceKind } from './evidence.ts'
import { exceptionKind } from './exception.ts'
import { financeKind } from './finance.ts'
import type { KindDefinition } from './kind.ts'
import { progressKind } from './progress.ts'
import { rewardKind } from './reward.ts'
import { riskKind } from './risk.ts'
import { steeringKind } from './steering.ts'

/** The registered kinds, in reports.md's order. */
export const KINDS: readonly KindDefinition[] = [
  steeringKind,
  boardKind,
  exceptionKind,
  progressKind,
  directoryKind,
  riskKind,
  financeKind,
  rewardKind,
  evidenceKind,
]

export const kindOf = (kind: string, kinds: readonly KindDefinition[] = KINDS): KindDefinition | undefined =>
  kinds.find((k) => k.kind === (kind as ReportKind))
