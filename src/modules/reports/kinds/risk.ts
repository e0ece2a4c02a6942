import type { KindDefinition } from './kind.ts'

// Placeholder until the kind is built: the registry compiles, generation says so plainly.
export const riskKind: KindDefinition = {
  kind: 'risk',
  name: 'risk report',
  audience: '',
  summary: '',
  themeCut: false,
  build: () => Promise.reject(new Error('the risk report is not built yet')),
}
