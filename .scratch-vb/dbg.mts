import { createServices } from '../src/services.ts'
import { freshDatabase } from '../test/helpers/db.ts'
import { seedValuesWorld, csvFile } from '../src/modules/values/values.bulk.fixtures.ts'
const database = await freshDatabase('pglite')
const s = createServices(database.db, { engine: 'pglite' })
const w = await seedValuesWorld(s, 'dbg')
const H = 'indicator_code,place_gss,period,value,numerator,denominator,commentary\n'
const d1 = w.districts[0]!.gss
for (const [actor, text, opts] of [[w.actors.officer, H + `L P01,${d1},2008/09 Q3,40,,,\n`, { approve: true }], [w.actors.policeProvider, H + `L P01,,2009/10 Q1,50,,,\nL C01,,2009/10 Q1,7,,,\nL M01,,2009/10,100,,,\n`, {}]] as const)
  await s.workbook.import(actor, w.partnershipId, csvFile('Values.csv', text), opts).then(console.log, (e) => console.log(e.details))
await database.close()
