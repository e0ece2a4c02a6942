import fs from 'node:fs'
const s = fs.readFileSync('/tmp/vb/values.csv', 'utf8')
for (let k = 0; k < 3; k++) {
const t0 = performance.now(); let c = 0
for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 44) c++
console.log('loop', c, (performance.now() - t0).toFixed(0))
const t1 = performance.now(); let rows = 0
const lines = s.split('\n'); for (const l of lines) { const f = l.split(','); rows += f.length }
console.log('split', rows, (performance.now() - t1).toFixed(0))
}
