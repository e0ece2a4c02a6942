import type { KindDefinition } from './kind.ts'

// Placeholder until the kind is built: the registry compiles, generation says so plainly.
export const directoryKind: KindDefinition = {
  kind: 'directory',
  name: 'directory report',
  audience: '',
  summary: '',
  themeCut: false,
  build: () => Promise.reject(new Error('the directory report is not built yet')),
}
