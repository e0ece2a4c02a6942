import type { z } from 'zod'
import type { roundDoc } from './rounds.schema.ts'
import type { RoundWithState } from './rounds.service.ts'

export function presentRound(r: RoundWithState): z.output<typeof roundDoc> {
  return {
    id: r.id,
    period: r.period,
    periodType: r.periodType as 'year' | 'quarter' | 'month',
    opensOn: r.opensOn,
    dueOn: r.dueOn,
    state: r.state,
  }
}
