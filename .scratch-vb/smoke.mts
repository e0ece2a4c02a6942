import { createServices } from '../src/services.ts'
import { freshDatabase } from '../test/helpers/db.ts'
import { seedValuesWorld, csvFile } from '../src/modules/values/values.bulk.fixtures.ts'
import { systemActor } from '../src/modules/auth/actor.ts'
for (const engine of ['pglite', 'postgres'] as const) {
  const database = await freshDatabase(engine)
  const s = createServices(database.db, { engine })
  const w = await seedValuesWorld(s, 'smoke' + engine)
  const sys = systemActor('smoke')
  const csv = `indicator_code,place_gss,period,value,numerator,denominator,commentary\nL P01,,2008/09 Q1,45.5,,,"ok, fine"\nL P01,${w.districts[0]!.gss},2008/09 Q1,,1,3,\nL C01,,2008/09 Q2,12,,,\n`
  try {
    console.log(engine, await s.workbook.import(sys, w.partnershipId, csvFile('Values.csv', csv), { onProgress: (r, p) => console.log('progress', r, p) }))
    console.log(engine, await s.workbook.import(sys, w.partnershipId, csvFile('Values.csv', csv)))
    const bad = `indicator_code,place_gss,period,value,numerator,denominator,commentary\nL P01,,2008/09 Q1,145.5,,,\nX 9,E99999999,2008/09,1,,,\nL C01,,2008/09,1.5,,,\nL P01,,2008/09 Q1,45.5,,,\n`
    await s.workbook.import(sys, w.partnershipId, csvFile('Values.csv', bad)).catch((e) => console.log(engine, e.message, e.details))
    const f = await s.workbook.export(sys, w.partnershipId, 'Values', 'csv')
    let out = ''; for await (const c of f.stream) out += c
    console.log(out)
  } finally { await database.close() }
}
