import type { FastifyRequest } from 'fastify'
import type { Services } from '../../services.ts'
import type { DirectoryRow } from '../directory/directory.service.ts'
import { buildTree, flatten, type TreeNode } from './strategy-tree.ts'
import {
  nodeKindLabels,
  versionStatuses,
  versionStatusLabels,
  type VersionStatus,
} from './strategy.schema.ts'
import type { NodeRow, VersionView } from './strategy.service.ts'

export const statusTagClass: Record<VersionStatus, string> = {
  draft_1: 'govuk-tag--grey',
  draft_2: 'govuk-tag--grey',
  penultimate: 'govuk-tag--yellow',
  final: 'govuk-tag--blue',
  signed_off: 'govuk-tag--green',
}

/** Labels and classes every strategy template uses. */
export const strategyLocals = {
  statusLabels: versionStatusLabels,
  statusTagClass,
  kindLabels: nodeKindLabels,
  statuses: versionStatuses,
}

export type DocNode = TreeNode<NodeRow & { tags: { id: string; name: string }[] }> & {
  directory?: DirectoryRow
  related: { id: string; ref: string; title: string }[]
}

/**
 * Everything the document, the outline and the directory show of one version: the tree with
 * tags, each node's directory row and the outcomes it is linked to.
 */
export async function versionModel(services: Services, request: FastifyRequest, version: VersionView) {
  const pid = version.partnershipId
  const actor = request.actor
  const [nodes, dir, links] = await Promise.all([
    services.strategyNodes.listNodes(actor, pid, version.number),
    services.directory.list(actor, pid, version.number),
    services.strategyLinks.listLinks(actor, pid, version.id),
  ])
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const rows = new Map(dir.rows.map((r) => [r.nodeId, r]))
  const related = new Map<string, { id: string; ref: string; title: string }[]>()
  for (const l of links) {
    for (const [a, b] of [
      [l.fromNodeId, l.toNodeId],
      [l.toNodeId, l.fromNodeId],
    ] as const) {
      const other = byId.get(b)
      if (other)
        related.set(a, [...(related.get(a) ?? []), { id: other.id, ref: other.ref, title: other.title }])
    }
  }
  const tree = buildTree(nodes) as DocNode[]
  const flat = flatten(tree) as DocNode[]
  for (const n of flat) {
    const row = rows.get(n.id)
    if (row) n.directory = row
    n.related = related.get(n.id) ?? []
  }
  return {
    tree,
    flat,
    counts: {
      themes: flat.filter((n) => n.kind === 'theme').length,
      outcomes: flat.filter((n) => n.kind === 'outcome').length,
      subOutcomes: flat.filter((n) => n.kind === 'sub_outcome').length,
    },
    gaps: dir.rows.filter((r) => r.missing.length > 0).length,
  }
}

/** Options for a "where does it sit" select: every live node, indented by depth. */
export function parentItems(
  flat: DocNode[],
  selected: string | null | undefined,
  exclude = new Set<string>(),
) {
  return flat
    .filter((n) => !exclude.has(n.id))
    .map((n) => ({
      value: n.id,
      text: `${'\u2003'.repeat(n.depth)}${n.ref} ${n.title} (${nodeKindLabels[n.kind as keyof typeof nodeKindLabels]})`,
      selected: n.id === selected,
    }))
}
