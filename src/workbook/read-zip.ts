import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Transform, type Readable, type TransformCallback } from 'node:stream'

/**
 * Guards for reading an .xlsx (a zip of XML parts) from someone else: a part may claim a small
 * size and inflate to gigabytes. Every part is read through {@link guardEntry}, which counts the
 * bytes as they are inflated and stops the read as soon as a limit is passed, before they pile
 * up in memory.
 */
export const UNPACK_LIMITS = {
  /** More entries than any workbook has: the central directory itself is held in memory. */
  entries: 10_000,
  /** Workbook structure, relationships and styles, each. */
  partBytes: 50 * 1024 * 1024,
  /** The shared-strings table is held in memory whole while the sheets are read. */
  sharedStringsBytes: 64 * 1024 * 1024,
  sharedStrings: 1_000_000,
  /** A worksheet streams a row at a time, but one row (or one cell's text) is held whole. */
  sheetBytes: 4 * 1024 * 1024 * 1024,
  rowBytes: 16 * 1024 * 1024,
  /** Text between two tags: a cell holds at most 32,767 characters. */
  textBytes: 1024 * 1024,
  /** Real parts inflate 5 to 30 times; a bomb, thousands. Checked past the first megabyte. */
  ratio: 200,
  ratioGrace: 1024 * 1024,
}

export type UnpackLimits = typeof UNPACK_LIMITS

export class UnpackError extends Error {}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`

/** `Workbook: <what> is too large when unpacked (…)`: the message an import reports. */
export function tooLargeUnpacked(what: string, why: string) {
  return new UnpackError(
    `Workbook: ${what} is too large when unpacked (${why}), so it was not read. Check the file is a workbook saved by a spreadsheet program, or split a very large one into several files`,
  )
}

export type PartKind = 'part' | 'sharedStrings' | 'sheet'

export interface GuardedEntry {
  path: string
  compressedSize?: number
  uncompressedSize?: number
}

const LT = 0x3c
const GT = 0x3e
const ROW = Buffer.from('<row')

/**
 * The inflated bytes of one zip entry, checked as they pass: the size of the part, its ratio to
 * the compressed size, the longest run of text between tags, and for a worksheet the size of a
 * row, for shared strings their number. The first limit passed ends the stream with an
 * {@link UnpackError}.
 */
export function guardEntry(
  entry: GuardedEntry,
  stream: Readable,
  kind: PartKind,
  limits: UnpackLimits = UNPACK_LIMITS,
  /** The shared strings read so far (the parser's table grows as the bytes pass). */
  stringsRead?: () => number,
): Readable {
  const what = kind === 'sheet' ? `the worksheet ${entry.path}` : `the part ${entry.path}`
  const maxBytes =
    kind === 'sheet'
      ? limits.sheetBytes
      : kind === 'sharedStrings'
        ? limits.sharedStringsBytes
        : limits.partBytes
  const declared = entry.uncompressedSize ?? 0
  let bytes = 0
  let run = 0
  let rowBytes = 0
  const guard = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      bytes += chunk.length
      if (bytes > maxBytes) return done(tooLargeUnpacked(what, `over ${mb(maxBytes)}`))
      const packed = entry.compressedSize ?? 0
      if (bytes > limits.ratioGrace && packed > 0 && bytes > packed * limits.ratio)
        return done(tooLargeUnpacked(what, `over ${limits.ratio} times its packed size`))
      const runs = textRuns(chunk, run, limits.textBytes)
      run = runs.tail
      if (runs.longest > limits.textBytes)
        return done(tooLargeUnpacked(what, `a text over ${mb(limits.textBytes)}`))
      if (kind === 'sheet') {
        const last = chunk.lastIndexOf(ROW)
        rowBytes = last >= 0 ? chunk.length - last : rowBytes + chunk.length
        if (rowBytes > limits.rowBytes)
          return done(tooLargeUnpacked(what, `a row over ${mb(limits.rowBytes)}`))
      } else if (stringsRead && stringsRead() > limits.sharedStrings) {
        return done(
          tooLargeUnpacked(what, `over ${limits.sharedStrings.toLocaleString('en-GB')} shared strings`),
        )
      }
      done(null, chunk)
    },
  })
  if (declared > maxBytes) {
    stream.destroy()
    queueMicrotask(() => guard.destroy(tooLargeUnpacked(what, `over ${mb(maxBytes)}`)))
    return guard
  }
  stream.once('error', (err) => guard.destroy(err))
  guard.once('close', () => stream.destroy())
  return stream.pipe(guard)
}

/**
 * The stretches without a tag (`<` or `>`) in a chunk, given the one the chunk before ended
 * with: the longest (a text node or attribute the XML parser holds whole) and the one it ends
 * with. A stretch inside the chunk is measured only when the chunk alone could pass `limit`.
 */
function textRuns(chunk: Buffer, before: number, limit: number): { longest: number; tail: number } {
  const lt = chunk.indexOf(LT)
  const gt = chunk.indexOf(GT)
  if (lt < 0 && gt < 0) return { longest: before + chunk.length, tail: before + chunk.length }
  const first = lt < 0 ? gt : gt < 0 ? lt : Math.min(lt, gt)
  const last = Math.max(chunk.lastIndexOf(LT), chunk.lastIndexOf(GT))
  const tail = chunk.length - 1 - last
  let longest = Math.max(before + first, tail)
  if (last - first > limit) {
    let run = 0
    for (let i = first + 1; i < last; i++) {
      const c = chunk[i]
      if (c === LT || c === GT) run = 0
      else if (++run > longest) longest = run
    }
  }
  return { longest, tail }
}

/**
 * The number of entries a zip's end record claims, checked before the zip reader lists them
 * (it makes room for as many as claimed). Throws an {@link UnpackError} past the limit, and a
 * plain Error when the file has no end record (not a zip).
 */
export async function checkZipDirectory(file: string, limits: UnpackLimits = UNPACK_LIMITS) {
  const fh = await fs.promises.open(file, 'r')
  try {
    const { size } = await fh.stat()
    const tailLength = Math.min(size, 22 + 0xffff)
    const tail = Buffer.alloc(tailLength)
    await fh.read(tail, 0, tailLength, size - tailLength)
    const at = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
    if (at < 0 || at + 22 > tail.length) throw new Error('not a zip')
    let entries = BigInt(tail.readUInt16LE(at + 10))
    // ZIP64: the count is in the ZIP64 end record, which the locator just before points at.
    if (entries === 0xffffn && at >= 20 && tail.readUInt32LE(at - 20) === 0x07064b50) {
      const offset = tail.readBigUInt64LE(at - 20 + 8)
      const record = Buffer.alloc(56)
      if (offset + 56n > BigInt(size)) throw new Error('not a zip')
      await fh.read(record, 0, 56, Number(offset))
      if (record.readUInt32LE(0) !== 0x06064b50) throw new Error('not a zip')
      entries = record.readBigUInt64LE(32)
    }
    if (entries > BigInt(limits.entries))
      throw tooLargeUnpacked('the file', `over ${limits.entries.toLocaleString('en-GB')} parts`)
  } finally {
    await fh.close()
  }
}

/**
 * Uploads are copied here while they are read (a zip is read from its directory at the end),
 * each process in its own `<pid>-…` folder, removed when the read ends.
 */
export const uploadTempRoot = () => path.join(os.tmpdir(), 'goldthread-uploads')

export async function makeUploadTempDir(): Promise<string> {
  const root = uploadTempRoot()
  await fs.promises.mkdir(root, { recursive: true, mode: 0o700 })
  return fs.promises.mkdtemp(path.join(root, `${process.pid}-`))
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Remove the temp copies left by a process that died mid-read (`kill -9`, out of memory): run at
 * start. Folders of processes still running (another server on this machine) are left alone.
 */
export async function cleanStaleUploads(root = uploadTempRoot()): Promise<number> {
  let names: string[]
  try {
    names = await fs.promises.readdir(root)
  } catch {
    return 0
  }
  let removed = 0
  for (const name of names) {
    const pid = Number(/^(\d+)-/.exec(name)?.[1])
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) continue
    await fs.promises.rm(path.join(root, name), { recursive: true, force: true }).catch(() => {})
    removed++
  }
  return removed
}
