import type { Db } from '../../db/client.ts'
import { notFound } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { archiveOnce, mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'
import type { KindDefinition } from './kinds/kind.ts'
import { checkKindAndTheme } from './reports.shared.ts'
import { reportPolicy } from './reports.policy.ts'
import * as q from './reports.queries.ts'
import type { DefinitionInput } from './reports.schema.ts'

const entityType = 'report_definition'

/**
 * Saved report definitions: a report the partnership uses every quarter (kind, level, theme),
 * optionally scheduled after each collection round closes and sent to a distribution list.
 */
export function createDefinitionUseCases(
  db: Db,
  deps: {
    clock: Clock
    strategy: Pick<StrategyService, 'findCurrentNodes'>
    kinds: readonly KindDefinition[]
  },
) {
  async function columns(partnershipId: string, input: DefinitionInput) {
    const { theme } = await checkKindAndTheme(db, deps, deps.kinds, partnershipId, input)
    return {
      name: input.name,
      kind: input.kind,
      level: input.level,
      themeKey: theme?.key ?? null,
      schedule: input.schedule ?? null,
      distribution: input.distribution,
    }
  }

  async function live(actor: Actor, partnershipId: string, id: string) {
    authorize(reportPolicy.read, actor, partnershipId)
    const row = await q.findDefinition(db, partnershipId, id)
    if (!row || row.archivedAt) throw notFound('Report definition')
    return row
  }

  return {
    /** The partnership's live definitions, by name. */
    async list(actor: Actor, partnershipId: string) {
      authorize(reportPolicy.read, actor, partnershipId)
      return q.listDefinitions(db, partnershipId)
    },

    get: live,

    async create(actor: Actor, partnershipId: string, input: DefinitionInput) {
      authorize(reportPolicy.manageDefinitions, actor, partnershipId)
      const values = await columns(partnershipId, input)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const now = deps.clock()
        // Its schedule runs for rounds closing from now on (the clock's now, as tests fix it).
        const row = await q.insertDefinition(tx, { partnershipId, ...values, createdAt: now, updatedAt: now })
        return { result: row, audit: { entityType, entityId: row.id, action: 'create', after: row } }
      })
    },

    async update(actor: Actor, partnershipId: string, id: string, input: DefinitionInput) {
      authorize(reportPolicy.manageDefinitions, actor, partnershipId)
      const before = await live(actor, partnershipId, id)
      const values = await columns(partnershipId, input)
      const same =
        before.name === values.name &&
        before.kind === values.kind &&
        before.level === values.level &&
        before.themeKey === values.themeKey &&
        JSON.stringify(before.schedule ?? null) === JSON.stringify(values.schedule) &&
        before.distribution.join('\n') === values.distribution.join('\n')
      if (same) return before
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const row = await q.updateDefinition(tx, id, { ...values, updatedAt: deps.clock() })
        return { result: row, audit: { entityType, entityId: id, action: 'update', before, after: row } }
      })
    },

    /** Archive (soft delete): it leaves the list and its schedule stops; its reports stay. */
    async archive(actor: Actor, partnershipId: string, id: string) {
      authorize(reportPolicy.manageDefinitions, actor, partnershipId)
      const before = await q.findDefinition(db, partnershipId, id)
      if (!before) throw notFound('Report definition')
      return archiveOnce(db, actor, { partnershipId, entityType, entityId: id }, before, (tx) =>
        q.updateDefinition(tx, id, { archivedAt: deps.clock() }),
      )
    },
  }
}
