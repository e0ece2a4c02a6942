import type { KindDefinition } from './kind.ts'

// Placeholder until the kind is built: the registry compiles, generation says so plainly.
export const rewardKind: KindDefinition = {
  kind: 'reward',
  name: 'reward report',
  audience: '',
  summary: '',
  themeCut: false,
  build: () => Promise.reject(new Error('the reward report is not built yet')),
}
