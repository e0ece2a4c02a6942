import type { DbOrTx } from '../../db/client.ts'
import { conflict, notFound } from '../../errors.ts'
import { compareVersions, type ComparableNode } from './strategy.compare.ts'
import { listLinks, tagsOfNodes } from './strategy-links.queries.ts'
import * as q from './strategy.queries.ts'
import { versionLabel } from './strategy.schema.ts'

/** Whether a version is a draft open to residents on `today` (YYYY-MM-DD, inclusive days). */
export function openToPublicOn(v: q.VersionRow, today: string) {
  if (v.status === 'final' || v.status === 'signed_off') return false
  const { publicOpensOn: from, publicClosesOn: to } = v
  return !!from && !!to && from <= today && today <= to
}

export async function loadVersion(db: DbOrTx, partnershipId: string, number: number) {
  const v = await q.findVersionByNumber(db, partnershipId, number)
  if (!v || v.archivedAt) throw notFound('Strategy version')
  return v
}

/**
 * A version can be changed while it is the current one and not signed off. A signed-off strategy
 * is the record of what partners agreed; changes go into a new version (which copies the tree).
 */
export async function editability(db: DbOrTx, version: q.VersionRow): Promise<string | null> {
  if (version.status === 'signed_off')
    return `${versionLabel(version)} is signed off and cannot be changed. Start a new version to make changes.`
  const current = await q.currentVersion(db, version.partnershipId)
  if (current && current.number !== version.number)
    return `${versionLabel(version)} has been superseded by version ${current.number}. Make changes there.`
  return null
}

export async function assertEditable(db: DbOrTx, version: q.VersionRow) {
  const problem = await editability(db, version)
  if (problem) throw conflict(problem)
}

/** Everything compared between versions, one entry per live node. */
export async function comparable(db: DbOrTx, versionId: string): Promise<ComparableNode[]> {
  const nodes = await q.listNodes(db, versionId)
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const tags = await tagsOfNodes(
    db,
    nodes.map((n) => n.id),
  )
  const links = new Map<string, string[]>()
  for (const l of await listLinks(db, versionId)) {
    const a = byId.get(l.fromNodeId)
    const b = byId.get(l.toNodeId)
    if (!a || !b) continue
    links.set(a.id, [...(links.get(a.id) ?? []), b.ref])
    links.set(b.id, [...(links.get(b.id) ?? []), a.ref])
  }
  return nodes.map((n) => ({
    key: n.key,
    ref: n.ref,
    kind: n.kind as q.NodeKind,
    title: n.title,
    statement: n.statement,
    rationale: n.rationale,
    parentRef: n.parentId ? (byId.get(n.parentId)?.ref ?? null) : null,
    tags: (tags.get(n.id) ?? []).map((t) => t.name),
    links: links.get(n.id) ?? [],
  }))
}

export async function compare(db: DbOrTx, from: q.VersionRow, to: q.VersionRow) {
  const result = compareVersions(await comparable(db, from.id), await comparable(db, to.id))
  return { from: from.number, to: to.number, ...result }
}
