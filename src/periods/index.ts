export * from './periods.ts'
export * from './as-at.ts'
