import { inject } from 'vitest'
import { cheapPasswordsForTests } from '../../src/modules/auth/passwords.ts'

// Hands the global setup's templates to `freshDatabase` (test/helpers/db.ts), which cannot import
// vitest itself: benchmarks use it outside the test runner.
const pglite = inject('pgliteTemplate')
const postgres = inject('postgresTemplate')
if (pglite) process.env.GOLDTHREAD_TEST_PGLITE_TEMPLATE = pglite
if (postgres) process.env.GOLDTHREAD_TEST_POSTGRES_TEMPLATE = postgres

// argon2 at its production cost is the slow part of seeding a user; tests only need a real hash.
cheapPasswordsForTests()
