import type { Db, DbOrTx } from '../../db/client.ts'
import { AppError, forbidden, validationError } from '../../errors.ts'
import { parseInput } from './money.input.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { MoneyDeps } from './money.deps.ts'
import { financeOfficer, moneyPolicy } from './money.policy.ts'
import {
  protocolPublish,
  protocolSign,
  type ProtocolPublishInput,
  type ProtocolSignInput,
} from './money.protocol.schema.ts'
import * as q from './money.protocol.queries.ts'

export type { ProtocolSignatureRow, ProtocolVersionRow } from './money.protocol.queries.ts'

/** Where an organisation stands with the financial protocol: the current version, and whether it has signed it. */
export interface ProtocolStanding {
  /** The current version's number; null when none has been published. */
  version: number | null
  signed: boolean
}

/** Whether an organisation has signed the partnership's current financial protocol (none published: not signed). */
export async function protocolStanding(tx: DbOrTx, partnershipId: string, organisationId: string) {
  const current = await q.currentVersion(tx, partnershipId)
  if (!current) return { version: null, signed: false } satisfies ProtocolStanding
  const signature = await q.findSignature(tx, current.id, organisationId)
  return { version: current.version, signed: !!signature } satisfies ProtocolStanding
}

/**
 * The refusal when a recipient has not signed (release of funds, spend returns): 422, naming the
 * recipient field and the version to sign.
 */
export function notSignedError(organisationName: string, standing: ProtocolStanding, field = 'recipientId') {
  const message =
    standing.version === null
      ? `${organisationName} has not signed the financial protocol: none has been published yet`
      : `${organisationName} has not signed the financial protocol (version ${standing.version})`
  return new AppError('protocol_not_signed', 422, message, { [field]: message })
}

/**
 * The financial protocol (002 §24): versioned text that first-level funding recipients sign
 * before any funds are released to them. Who signed (by name, and the user who recorded it), for
 * which organisation, which version, when.
 */
export function createProtocolUseCases(db: Db, deps: MoneyDeps) {
  return {
    /** For sheets, inside the import's transaction (they have authorised): where an organisation stands with the protocol. */
    protocolStandingTx: (tx: DbOrTx, partnershipId: string, organisationId: string) =>
      protocolStanding(tx, partnershipId, organisationId),

    /** The current version with its signatures (organisation, who, when); null before the first is published. */
    async protocol(actor: Actor, partnershipId: string) {
      authorize(moneyPolicy.read, actor, partnershipId)
      const current = await q.currentVersion(db, partnershipId)
      if (!current) return null
      return { ...current, signatures: await q.signaturesOf(db, current.id) }
    },

    /** Every version of the protocol, newest first. */
    async protocolVersions(actor: Actor, partnershipId: string) {
      authorize(moneyPolicy.read, actor, partnershipId)
      return q.listVersions(db, partnershipId)
    },

    /** The signatures of the current version: who, for which organisation, when. */
    async signatories(actor: Actor, partnershipId: string) {
      authorize(moneyPolicy.read, actor, partnershipId)
      const current = await q.currentVersion(db, partnershipId)
      return current ? q.signaturesOf(db, current.id) : []
    },

    /**
     * Publish a new version (the next number) with its text. Signatures of earlier versions stay
     * on record, but recipients must sign the new one before more funds are released.
     */
    async publishProtocol(actor: Actor, partnershipId: string, input: ProtocolPublishInput) {
      authorize(moneyPolicy.write, actor, partnershipId)
      const { text } = parseInput(protocolPublish, input)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const current = await q.currentVersion(tx, partnershipId)
        const row = await q.insertVersion(tx, {
          partnershipId,
          version: (current?.version ?? 0) + 1,
          text,
          publishedAt: deps.clock(),
          publishedBy: actor.label,
        })
        return {
          result: row,
          audit: { entityType: 'protocol_version', entityId: row.id, action: 'publish', after: row },
        }
      })
    },

    /**
     * Record an organisation's signature of the current version. Finance officers and
     * administrators record it for any organisation of the partnership; a data provider for the
     * organisation they act for. Signing again is a no-op (no second row, no audit).
     */
    async signProtocol(actor: Actor, partnershipId: string, input: ProtocolSignInput) {
      authorize(moneyPolicy.sign, actor, partnershipId)
      const data = parseInput(protocolSign, input)
      if (
        !financeOfficer(actor, partnershipId) &&
        actor.organisations?.get(partnershipId) !== data.organisationId
      )
        throw forbidden('You may sign the financial protocol only for the organisation you act for')
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const current = await q.currentVersion(tx, partnershipId)
        if (!current) throw validationError({ version: 'There is no financial protocol to sign yet' })
        if (data.version !== null && data.version !== current.version)
          throw validationError({
            version: `Only the current version (version ${current.version}) of the financial protocol can be signed`,
          })
        const org = await deps.organisations.find(tx, partnershipId, data.organisationId)
        if (!org || org.archivedAt)
          throw validationError({ organisationId: 'Choose an organisation of this partnership' })
        const existing = await q.findSignature(tx, current.id, org.id)
        if (existing) return { result: existing, audit: null }
        const row = await q.insertSignature(tx, {
          partnershipId,
          protocolVersionId: current.id,
          organisationId: org.id,
          signedByName: data.signedByName,
          signedByUserId: actor.userId,
          signedAt: deps.clock(),
        })
        return {
          result: row,
          audit: {
            entityType: 'protocol_signature',
            entityId: row.id,
            action: 'sign',
            after: { ...row, version: current.version },
          },
        }
      })
    },

    /** For release and spend (they have authorised), in their transaction: has it signed the current version? */
    async hasSignedCurrent(tx: DbOrTx, partnershipId: string, organisationId: string) {
      return (await protocolStanding(tx, partnershipId, organisationId)).signed
    },

    /** For release and spend, in their transaction: the current version's number and whether it signed it. */
    protocolStanding: (tx: DbOrTx, partnershipId: string, organisationId: string) =>
      protocolStanding(tx, partnershipId, organisationId),
  }
}
