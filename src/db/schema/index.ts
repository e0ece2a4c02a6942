export * from './partnerships.ts'
export * from './auth.ts'
export * from './audit.ts'
