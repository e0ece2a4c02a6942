import type { KindDefinition } from './kind.ts'

// Placeholder until the kind is built: the registry compiles, generation says so plainly.
export const steeringKind: KindDefinition = {
  kind: 'steering',
  name: 'steering report',
  audience: '',
  summary: '',
  themeCut: false,
  build: () => Promise.reject(new Error('the steering report is not built yet')),
}
