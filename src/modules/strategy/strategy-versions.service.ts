import type { DbOrTx } from '../../db/client.ts'
import { notFound } from '../../errors.ts'
import { assertEditable, editability, loadVersion, openToPublicOn } from './strategy.rules.ts'
import * as q from './strategy.queries.ts'

export type { NodeKind, NodeRow, VersionRow } from './strategy.queries.ts'

/**
 * The strategy's versions and their nodes, as the modules that hang off a version read them
 * (directory, timetable, consultation). They call from inside their own use-case, which has
 * authorised, so nothing here authorises; every read takes the caller's transaction (or the
 * database) first. It depends on no other service: those modules depend on it, while the
 * strategy's own use-cases (strategy.service.ts) depend on them.
 */
export function createStrategyVersionsService() {
  return {
    /** The version by number; 404 when there is none or it is archived. */
    get: (tx: DbOrTx, partnershipId: string, number: number) => loadVersion(tx, partnershipId, number),

    /** The version by number, archived or not, or undefined. */
    findByNumber: (tx: DbOrTx, partnershipId: string, number: number) =>
      q.findVersionByNumber(tx, partnershipId, number),

    /** The version by id, archived or not, or undefined. */
    find: (tx: DbOrTx, partnershipId: string, id: string) => q.findVersion(tx, partnershipId, id),

    /** The partnership's current version (the latest not archived), or undefined. */
    current: (tx: DbOrTx, partnershipId: string) => q.currentVersion(tx, partnershipId),

    /** The version by number, or else the current one; 404 when there is none. */
    async resolve(tx: DbOrTx, partnershipId: string, number?: number) {
      if (number) return loadVersion(tx, partnershipId, number)
      const v = await q.currentVersion(tx, partnershipId)
      if (!v) throw notFound('Strategy')
      return v
    },

    /** Why the version can no longer change (signed off, superseded), or null while it can. */
    editability: (tx: DbOrTx, version: q.VersionRow) => editability(tx, version),

    /** Refuses (409) a change to a version that can no longer change. */
    assertEditable: (tx: DbOrTx, version: q.VersionRow) => assertEditable(tx, version),

    /** The live nodes of a version, in outline order. */
    nodes: (tx: DbOrTx, versionId: string) => q.listNodes(tx, versionId),

    /** A node of the partnership (of any version, archived or not), or undefined. */
    findNode: (tx: DbOrTx, partnershipId: string, id: string) => q.findNode(tx, partnershipId, id),

    /**
     * Set (or, with nulls, clear) the days residents may comment on a draft on the public site
     * (dates in England, inclusive). The caller authorises and audits (residents module).
     */
    setPublicWindow: (
      tx: DbOrTx,
      versionId: string,
      window: { opensOn: string | null; closesOn: string | null },
    ) => q.updateVersion(tx, versionId, { publicOpensOn: window.opensOn, publicClosesOn: window.closesOn }),

    /** The current version when it is a draft open to residents on `today` (YYYY-MM-DD), or undefined. */
    async openToPublic(tx: DbOrTx, partnershipId: string, today: string) {
      const v = await q.currentVersion(tx, partnershipId)
      return v && openToPublicOn(v, today) ? v : undefined
    },
  }
}

export type StrategyVersionsService = ReturnType<typeof createStrategyVersionsService>
