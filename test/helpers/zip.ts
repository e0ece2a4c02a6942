import zlib from 'node:zlib'

/** A part of a hand-built zip: its content, or a chunk repeated to inflate to far more. */
export interface ZipPart {
  path: string
  /** Written before the repeated chunk, then after it. */
  head?: string
  repeat?: { chunk: string; times: number }
  tail?: string
  /** The inflated size the zip claims, when it should lie. */
  declaredSize?: number
}

/** Deflate one piece so it can be followed by more (a sync flush ends it on a byte boundary). */
const piece = (text: string) =>
  zlib.deflateRawSync(Buffer.from(text, 'utf8'), { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH })

/**
 * A zip archive built by hand, each part deflated. A repeated chunk is deflated once and its
 * flushed blocks repeated (each copy refers only to itself), so a part inflating to gigabytes
 * takes kilobytes and no time to make: a "zip bomb".
 */
export function buildZip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const part of parts) {
    const name = Buffer.from(part.path, 'utf8')
    const head = part.head ?? ''
    const tail = part.tail ?? ''
    const times = part.repeat?.times ?? 0
    const chunk = Buffer.from(part.repeat?.chunk ?? '', 'utf8')
    const chunkDeflated = times ? piece(part.repeat!.chunk) : Buffer.alloc(0)
    const data = Buffer.concat([
      piece(head),
      ...Array.from({ length: times }, () => chunkDeflated),
      zlib.deflateRawSync(Buffer.from(tail, 'utf8')),
    ])
    let crc = zlib.crc32(head)
    for (let i = 0; i < times; i++) crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    const size = Buffer.byteLength(head) + chunk.length * times + Buffer.byteLength(tail)
    if (size > 0xffffffff) throw new Error('zip64 is not built here')
    const claimed = part.declaredSize ?? size
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0, 6)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(0, 10)
    local.writeUInt32LE(crc >>> 0, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(claimed, 22)
    local.writeUInt16LE(name.length, 26)
    local.writeUInt16LE(0, 28)
    const dir = Buffer.alloc(46)
    dir.writeUInt32LE(0x02014b50, 0)
    dir.writeUInt16LE(20, 4)
    dir.writeUInt16LE(20, 6)
    dir.writeUInt16LE(0, 8)
    dir.writeUInt16LE(8, 10)
    dir.writeUInt32LE(0, 12)
    dir.writeUInt32LE(crc >>> 0, 16)
    dir.writeUInt32LE(data.length, 20)
    dir.writeUInt32LE(claimed, 24)
    dir.writeUInt16LE(name.length, 28)
    dir.writeUInt32LE(offset, 42)
    locals.push(local, name, data)
    central.push(dir, name)
    offset += local.length + name.length + data.length
  }
  const dirBytes = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(parts.length, 8)
  end.writeUInt16LE(parts.length, 10)
  end.writeUInt32LE(dirBytes.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, dirBytes, end])
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'

/**
 * A minimal .xlsx: one sheet of the given name whose first row is `headers` (as shared strings),
 * then `rows` of shared strings; the shared-strings part may carry a repeated `bomb` chunk of
 * `<si>` items after the real ones.
 */
export function minimalXlsx(opts: {
  sheet: string
  headers: string[]
  rows?: string[][]
  bomb?: { chunk: string; times: number; declaredSize?: number }
  sheetBomb?: { chunk: string; times: number }
}): Buffer {
  const strings: string[] = []
  const idx = (s: string) => {
    const i = strings.indexOf(s)
    return i >= 0 ? i : strings.push(s) - 1
  }
  const col = (i: number) => String.fromCharCode(65 + i)
  const rowXml = (cells: string[], r: number) =>
    `<row r="${r}">${cells.map((c, i) => `<c r="${col(i)}${r}" t="s"><v>${idx(c)}</v></c>`).join('')}</row>`
  const sheetRows = [opts.headers, ...(opts.rows ?? [])].map((cells, i) => rowXml(cells, i + 1)).join('')
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')
  return buildZip([
    {
      path: '[Content_Types].xml',
      head: `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
    },
    {
      path: '_rels/.rels',
      head: `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      path: 'xl/workbook.xml',
      head: `${XML}<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="${esc(opts.sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      path: 'xl/_rels/workbook.xml.rels',
      head: `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    },
    {
      path: 'xl/worksheets/sheet1.xml',
      head: `${XML}<worksheet xmlns="${NS}"><sheetData>${sheetRows}`,
      ...(opts.sheetBomb ? { repeat: opts.sheetBomb } : {}),
      tail: '</sheetData></worksheet>',
    },
    {
      path: 'xl/sharedStrings.xml',
      head: `${XML}<sst xmlns="${NS}">${strings.map((s) => `<si><t>${esc(s)}</t></si>`).join('')}`,
      ...(opts.bomb ? { repeat: opts.bomb } : {}),
      ...(opts.bomb?.declaredSize !== undefined ? { declaredSize: opts.bomb.declaredSize } : {}),
      tail: '</sst>',
    },
  ])
}
