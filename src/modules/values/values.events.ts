import { AppError } from '../../errors.ts'
import type { AuditEvent } from '../audit/mutation.ts'
import type * as q from './values.queries.ts'
import type { ValueAction } from './values.schema.ts'

/** Someone else changed the value first. Carries the value as it now stands, to show it. */
export class ValueConflictError extends AppError {
  constructor(
    readonly current: q.ValueRow,
    readonly by: string | null,
  ) {
    const shown = current.value === null ? 'no value' : String(current.value)
    super(
      'conflict',
      409,
      `Someone else saved this value while you were working on it: it is now ${shown} (${current.status}${by ? `, saved by ${by}` : ''}). Check it, then save again if yours should replace it.`,
      undefined,
      [
        `value: ${shown}`,
        `status: ${current.status}`,
        `version: ${current.version}`,
        ...(by ? [`savedBy: ${by}`] : []),
      ],
    )
  }
}

export const entityType = 'data_value'

/** The audit event of a change: a value's first version is its creation. */
export const changed = (before: q.ValueRow | null, after: q.ValueRow, action: ValueAction): AuditEvent => ({
  entityType,
  entityId: after.id,
  action: before ? action : 'create',
  before,
  after,
})
