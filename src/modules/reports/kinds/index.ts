import type { ReportKind } from '../reports.model.ts'
import { boardKind } from './board.ts'
import { directoryKind } from './directory.ts'
import { evidenceKind } from './evidence.ts'
import { exceptionKind } from './exception.ts'
import type { KindDefinition } from './kind.ts'
import { progressKind } from './progress.ts'
import { rewardKind } from './reward.ts'
import { riskKind } from './risk.ts'
import { steeringKind } from './steering.ts'

/**
 * The registered kinds, in reports.md's order. `finance` is added by the finance issue; until
 * then asking for it is refused naming the field.
 */
export const KINDS: readonly KindDefinition[] = [
  steeringKind,
  boardKind,
  exceptionKind,
  progressKind,
  directoryKind,
  riskKind,
  rewardKind,
  evidenceKind,
]

export const kindOf = (kind: string, kinds: readonly KindDefinition[] = KINDS): KindDefinition | undefined =>
  kinds.find((k) => k.kind === (kind as ReportKind))
