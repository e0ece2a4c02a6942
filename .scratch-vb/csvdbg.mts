import { CsvParser } from '../src/workbook/csv.ts'
const text = '"say ""hi""",\n'
for (let i = 0; i <= text.length; i++) for (let j = i; j <= text.length; j++) {
  const p = new CsvParser(); const r = [...p.push(text.slice(0,i)), ...p.push(text.slice(i,j)), ...p.push(text.slice(j)), ...p.end()]
  if (r[0]?.[0] !== 'say "hi"') console.log(i, j, JSON.stringify([text.slice(0,i), text.slice(i,j), text.slice(j)]), JSON.stringify(r))
}
