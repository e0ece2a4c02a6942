import type { KindDefinition } from './kind.ts'

// Placeholder until the kind is built: the registry compiles, generation says so plainly.
export const boardKind: KindDefinition = {
  kind: 'board',
  name: 'board report',
  audience: '',
  summary: '',
  themeCut: false,
  build: () => Promise.reject(new Error('the board report is not built yet')),
}
