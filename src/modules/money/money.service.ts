import type { Db } from '../../db/client.ts'
import { createAllocationUseCases } from './money.allocations.service.ts'
import { createCommissioningUseCases } from './money.commissioning.service.ts'
import { createFinanceReads } from './money.finance.reads.ts'
import type { MoneyDeps } from './money.deps.ts'
import { createProtocolUseCases } from './money.protocol.service.ts'
import { createSpendUseCases } from './money.spend.service.ts'
import { createStreamUseCases } from './money.streams.service.ts'
import { createVfmUseCases } from './money.vfm.ts'

export type { MoneyDeps } from './money.deps.ts'

/**
 * Money (#15): funding streams and budgets, allocations and onward allocations, the financial
 * protocol and release of funds; quarterly spend, variance, commissioning and value for money.
 * One service composed of parts, each in its own file; every part receives the same deps
 * (`money.deps.ts`: add what a part needs there, and wire it in src/services.ts).
 */
export function createMoneyService(db: Db, deps: MoneyDeps) {
  const protocol = createProtocolUseCases(db, deps)
  return {
    // ---- Streams and budgets; the protocol; allocations and release of funds (M1) ----
    ...createStreamUseCases(db, deps),
    ...protocol,
    ...createAllocationUseCases(db, deps),

    // ---- Spend returns and variance (M2) ----
    ...createSpendUseCases(db, deps),
    // ---- Commissioning decisions (M2) ----
    ...createCommissioningUseCases(db, deps),
    // ---- Value for money (M2) ----
    ...createVfmUseCases(db, deps),
    // ---- As at a moment, for the finance report ----
    ...createFinanceReads(db, deps),
  }
}

export type MoneyService = ReturnType<typeof createMoneyService>
