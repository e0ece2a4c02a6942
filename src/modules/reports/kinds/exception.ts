import type { KindDefinition } from './kind.ts'

// Placeholder until the kind is built: the registry compiles, generation says so plainly.
export const exceptionKind: KindDefinition = {
  kind: 'exception',
  name: 'exception report',
  audience: '',
  summary: '',
  themeCut: false,
  build: () => Promise.reject(new Error('the exception report is not built yet')),
}
