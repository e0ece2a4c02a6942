import { createServices } from '../src/services.ts'
import { freshDatabase } from '../test/helpers/db.ts'
import { seedValuesWorld } from '../src/modules/values/values.bulk.fixtures.ts'
import { expectedForPeriod } from '../src/modules/rounds/rounds.queries.ts'
import { targetTrajectories } from '../src/db/schema/index.ts'
const database = await freshDatabase('pglite')
const s = createServices(database.db, { engine: 'pglite' })
const w = await seedValuesWorld(s, 'dbg')
console.log(w.area, w.districts)
console.log(await database.db.select().from(targetTrajectories))
console.log((await expectedForPeriod(database.db, w.partnershipId, '2008/09 Q3')).map((e) => [e.indicatorId, e.placeId]))
await database.close()
