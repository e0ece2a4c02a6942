import type { KindDefinition } from './kind.ts'

// Placeholder until the kind is built: the registry compiles, generation says so plainly.
export const evidenceKind: KindDefinition = {
  kind: 'evidence',
  name: 'evidence report',
  audience: '',
  summary: '',
  themeCut: false,
  build: () => Promise.reject(new Error('the evidence report is not built yet')),
}
