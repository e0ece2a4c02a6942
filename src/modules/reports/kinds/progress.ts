import type { KindDefinition } from './kind.ts'

// Placeholder until the kind is built: the registry compiles, generation says so plainly.
export const progressKind: KindDefinition = {
  kind: 'progress',
  name: 'progress report',
  audience: '',
  summary: '',
  themeCut: false,
  build: () => Promise.reject(new Error('the progress report is not built yet')),
}
