import { iso } from '../partnerships/partnerships.presenter.ts'
import type { LinkRow } from './strategy-links.service.ts'
import type { NodeKind, NodeRow, VersionView } from './strategy.service.ts'
import type { VersionStatus } from './strategy.schema.ts'

export function presentVersion(v: VersionView) {
  return {
    id: v.id,
    number: v.number,
    title: v.title,
    status: v.status as VersionStatus,
    vision: v.vision,
    narrative: v.narrative,
    basedOnId: v.basedOnId,
    isCurrent: v.isCurrent,
    editable: v.editable,
    statusChangedAt: v.statusChangedAt.toISOString(),
    signedOffAt: iso(v.signedOffAt),
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
    archivedAt: iso(v.archivedAt),
  }
}

export function presentNode(n: NodeRow, tags: { name: string }[] = []) {
  return {
    id: n.id,
    key: n.key,
    versionId: n.versionId,
    parentId: n.parentId,
    kind: n.kind as NodeKind,
    ref: n.ref,
    position: n.position,
    title: n.title,
    statement: n.statement,
    rationale: n.rationale,
    tags: tags.map((t) => t.name),
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
    archivedAt: iso(n.archivedAt),
  }
}

export function presentLink(l: LinkRow, refs: Map<string, string>) {
  return {
    id: l.id,
    fromNodeId: l.fromNodeId,
    toNodeId: l.toNodeId,
    fromRef: refs.get(l.fromNodeId) ?? '',
    toRef: refs.get(l.toNodeId) ?? '',
    note: l.note,
  }
}
