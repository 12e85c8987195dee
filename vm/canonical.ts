/**
 * The canonical value encoding: the one byte form of every value Inkstone stores, hashes or
 * signs (call arguments, return values, events, storage, transactions).
 *
 * Values: null, booleans, finite numbers, bigint, strings, Uint8Array, arrays, plain objects.
 * Rejected with a `TypeError`/`RangeError` naming the path: undefined, NaN/±Infinity, functions,
 * symbols, cycles, class instances and other non-plain objects, lone surrogates in strings.
 *
 * Layout (one tag byte, then):
 *   0x00 null · 0x01 false · 0x02 true
 *   0x03 number  8 bytes IEEE-754 float64 big-endian (-0 is written as 0)
 *   0x04 bigint  sign byte (0 = non-negative, 1 = negative) ‖ uvarint n ‖ n bytes |value| big-endian,
 *                minimal (no leading zero byte; zero is sign 0, n 0)
 *   0x05 string  uvarint n ‖ n bytes UTF-8
 *   0x06 bytes   uvarint n ‖ n bytes
 *   0x07 array   uvarint count ‖ items
 *   0x08 object  uvarint count ‖ (uvarint n ‖ UTF-8 key ‖ value)*, keys strictly ascending by
 *                their UTF-8 bytes (so no duplicates)
 * uvarint is unsigned LEB128, minimal. Decoding is strict: any byte string that is not exactly
 * what `encode` would produce for the decoded value is rejected, so every value has one encoding.
 */

import { bytesToHex, hexToBytes } from '../stdlib/crypto/hex.ts'
import { compareKeys } from './state.ts'

export type CanonicalValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | CanonicalValue[]
  | { [key: string]: CanonicalValue }

/** The tag byte of each kind of value (the layout above): hand-written canonical bytes use these too. */
export const TAG = {
  null: 0x00,
  false: 0x01,
  true: 0x02,
  number: 0x03,
  bigint: 0x04,
  string: 0x05,
  bytes: 0x06,
  array: 0x07,
  object: 0x08,
} as const

/** Writes `n` as unsigned LEB128 (minimal) into `buffer` at `at`; returns where it ends. */
export function writeUvarint(buffer: Uint8Array, at: number, n: number): number {
  while (n >= 0x80) {
    buffer[at++] = (n % 0x80) | 0x80
    n = Math.floor(n / 0x80)
  }
  buffer[at++] = n
  return at
}

/**
 * Writes `text` into `buffer` at `at` as far as it is ASCII (its UTF-8 is itself); returns how
 * many characters it wrote, `text.length` when all were. Short text by hand costs less than a
 * TextEncoder call; the caller encodes the rest of a text that is not ASCII.
 */
export function writeAscii(buffer: Uint8Array, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0x80) return i
    buffer[at + i] = code
  }
  return text.length
}

/** Nesting deeper than this is rejected: it keeps every walker off the host's stack limit. */
export const MAX_DEPTH = 64

const utf8Encoder = new TextEncoder()
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
/** Up to this many bytes, ASCII text is decoded by hand: a TextDecoder call costs more. */
const SHORT_TEXT = 128

/** Encodes a value to its canonical bytes. Throws `TypeError`/`RangeError` naming the offending path. */
export function encode(value: unknown): Uint8Array {
  return encodeWith((writer) => writer.value(value))
}

/**
 * Writes a value whose shape the caller knows piece by piece: containers announced with their
 * sizes, object keys given by the caller **in canonical order** (ascending UTF-8 bytes, well-formed),
 * everything else checked as `encode` checks it. The bytes are those `encode` gives for the same
 * value, without finding and sorting keys the caller knows (node/block.ts writes receipts so).
 */
export interface CanonicalWriter {
  array(length: number): void
  object(size: number): void
  key(key: string): void
  /** Any canonical value, checked (paths in errors start at it). */
  value(value: unknown): void
  /** A value's canonical bytes, as they are: the caller vouches for them (bytes the VM stored). */
  encoded(bytes: Uint8Array): void
}

/** The bytes `write` writes (see CanonicalWriter). */
export function encodeWith(write: (writer: CanonicalWriter) => void): Uint8Array {
  // One long-lived buffer: typed arrays over 64 bytes live outside V8's heap and cost ~2 µs each
  // to make. A getter that encodes while this runs (re-entry) gets an encoder of its own.
  const encoder = idleEncoder ?? new Encoder(4096)
  idleEncoder = null
  try {
    write(encoder)
    return encoder.finish()
  } finally {
    if (encoder.capacity <= MAX_IDLE_CAPACITY) idleEncoder = encoder.reset()
  }
}

const MAX_IDLE_CAPACITY = 1 << 20
/** Made on first use (the class is declared further down). */
let idleEncoder: Encoder | null = null

/** What the encoding takes as it is: null, a boolean, a number, a bigint, a string or bytes. */
type Leaf = null | boolean | number | bigint | string | Uint8Array

/** A value's parts as `walkCanonical` reports them, pre-order. */
interface CanonicalVisitor {
  /** null, a boolean, a finite number (-0 given as 0), a bigint, a well-formed string or bytes. */
  leaf(value: Leaf): void
  /** An array of `length` items: the items follow, then `end()`. */
  array(length: number): void
  /** A plain object of `size` entries: each entry's `key` then its value follow, then `end()`. */
  object(size: number): void
  /** An object key (well-formed); keys come in canonical order (ascending UTF-8 bytes). */
  key(key: string): void
  end(): void
}

/**
 * The one walk over a value as a canonical value: it checks everything the encoding requires
 * (depth, cycles, holes, plain objects only, finite numbers, well-formed strings) and reports the
 * value to `visit`. `encode` is built on it.
 */
function walkCanonical(value: unknown, visit: CanonicalVisitor): void {
  walk(value, visit, [], [])
}

/**
 * `path` holds the keys and indices leading to `value`; it is turned into text only for an error.
 * `open` holds the containers being walked (at most MAX_DEPTH + 1): a value among them is a cycle.
 */
function walk(value: unknown, visit: CanonicalVisitor, path: (string | number)[], open: object[]): void {
  if (path.length > MAX_DEPTH) throw new RangeError(`${pathText(path)}: nesting deeper than ${MAX_DEPTH}`)
  switch (typeof value) {
    case 'boolean':
    case 'bigint':
      return visit.leaf(value)
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${pathText(path)}: ${value} is not encodable (finite numbers only)`)
      return visit.leaf(value === 0 ? 0 : value)
    case 'string':
      if (!value.isWellFormed()) throw new TypeError(`${pathText(path)}: string contains a lone surrogate`)
      return visit.leaf(value)
    case 'object':
      break
    default:
      throw new TypeError(`${pathText(path)}: ${typeof value} is not encodable`)
  }
  if (value === null || value instanceof Uint8Array) return visit.leaf(value)
  if (open.includes(value)) throw new TypeError(`${pathText(path)}: cyclic value is not encodable`)
  open.push(value)
  if (Array.isArray(value)) {
    visit.array(value.length)
    for (let i = 0; i < value.length; i++) {
      path.push(i)
      if (!(i in value)) throw new TypeError(`${pathText(path)}: holes in arrays are not encodable`)
      walk(value[i], visit, path, open)
      path.pop()
    }
  } else if (isPlainObject(value)) {
    const keys = sortedKeys(value, path)
    visit.object(keys.length)
    for (const key of keys) {
      visit.key(key)
      path.push(key)
      walk(value[key], visit, path, open)
      path.pop()
    }
  } else {
    throw new TypeError(`${pathText(path)}: ${describe(value)} is not encodable (plain objects only)`)
  }
  visit.end()
  open.pop()
}

/** An object's own keys in canonical order; all must be well-formed. */
function sortedKeys(value: object, path: (string | number)[]): string[] {
  return sortKeys(Object.keys(value), () => {
    throw new TypeError(`${pathText(path)} key: string contains a lone surrogate`)
  })
}

/**
 * Sorts object keys in place into canonical order (ascending UTF-8 bytes); calls `loneSurrogate`
 * (which throws) when one is not well-formed.
 */
function sortKeys(keys: string[], loneSurrogate: () => never): string[] {
  // Keys below U+D800 (nearly all) are well-formed, and for them UTF-16 code unit order, the
  // default sort without comparator calls, is UTF-8 byte order. Above it, surrogate pairs must
  // sort after U+E000–U+FFFF, as compareKeys does.
  let sorted = true
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    if (SURROGATE_OR_ABOVE.test(key)) {
      for (const each of keys) if (!each.isWellFormed()) loneSurrogate()
      return keys.sort(compareKeys)
    }
    if (i > 0 && keys[i - 1]! > key) sorted = false
  }
  return sorted ? keys : keys.sort()
}
const SURROGATE_OR_ABOVE = /[\uD800-\uFFFF]/

/** `object[key] = value` as a data property: a "__proto__" key is data, never the prototype. */
function setEntry(object: Record<string, CanonicalValue>, key: string, value: CanonicalValue): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true })
  else object[key] = value
}

/** `$`, then `.key` or `[index]` per step, as error messages show paths. */
function pathText(path: (string | number)[]): string {
  return '$' + path.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('')
}

/**
 * Decodes canonical bytes. Throws `RangeError` for malformed or non-canonical input.
 * Byte strings in the value are copies, or with `views` views of `bytes` (no copy made: for a
 * caller that keeps `bytes` unchanged for as long as it uses the value). With `list`, the value
 * is an array of values each encoded on its own, so each may be nested MAX_DEPTH deep (an
 * event's name and data, a log line's arguments: vm/frames.ts).
 */
export function decode(bytes: Uint8Array, { views = false, list = false }: { views?: boolean; list?: boolean } = {}): CanonicalValue {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('canonical decode expects a Uint8Array')
  const reader = new ByteReader(bytes, views)
  if (list && bytes[0] !== TAG.array) throw new RangeError('canonical: expected an array')
  const value = readValue(reader, list ? -1 : 0)
  if (reader.offset !== bytes.length) {
    throw new RangeError(`canonical: ${bytes.length - reader.offset} trailing bytes after the value`)
  }
  return value
}

/** True when `value` is a plain object: its prototype is Object.prototype or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** Describes a value's kind for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (value instanceof Uint8Array) return 'Uint8Array'
  if (typeof value === 'object') {
    const name = Object.getPrototypeOf(value)?.constructor?.name
    return isPlainObject(value) ? 'object' : `${name ?? 'object'} instance`
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  return typeof value
}

function writeBigint(w: ByteWriter, value: bigint): void {
  const negative = value < 0n
  const magnitude = negative ? -value : value
  w.byte(negative ? 1 : 0)
  if (magnitude <= MAX_SAFE_BIGINT) {
    // Below 2⁵³ (amounts, counters) by arithmetic: no hex text between.
    let n = Number(magnitude)
    let length = 0
    for (let m = n; m > 0; m = Math.floor(m / 256)) length++
    w.uvarint(length)
    const at = w.claim(length)
    for (let i = length - 1; i >= 0; i--, n = Math.floor(n / 256)) w.set(at + i, n % 256)
    return
  }
  const hex = magnitude.toString(16)
  // Big-endian bytes of the magnitude, minimal: an odd digit count starts with a half byte.
  w.lengthPrefixed(hexToBytes(hex.length % 2 ? '0' + hex : hex))
}
const MAX_SAFE_BIGINT = BigInt(Number.MAX_SAFE_INTEGER)

function readValue(r: ByteReader, depth: number): CanonicalValue {
  if (depth > MAX_DEPTH) throw new RangeError(`canonical: nesting deeper than ${MAX_DEPTH}`)
  const tag = r.byte()
  switch (tag) {
    case TAG.null:
      return null
    case TAG.false:
      return false
    case TAG.true:
      return true
    case TAG.number: {
      const n = r.float64()
      if (!Number.isFinite(n)) throw new RangeError('canonical: non-finite number')
      if (Object.is(n, -0)) throw new RangeError('canonical: -0 must be encoded as 0')
      return n
    }
    case TAG.bigint: {
      const sign = r.byte()
      const magnitude = r.bytes.subarray(r.span(), r.offset)
      if (sign > 1) throw new RangeError('canonical: bigint sign byte must be 0 or 1')
      if (magnitude.length > 0 && magnitude[0] === 0) throw new RangeError('canonical: bigint has a leading zero byte')
      if (magnitude.length === 0 && sign === 1) throw new RangeError('canonical: negative zero bigint')
      if (magnitude.length === 0) return 0n
      const value = magnitude.length <= 6 ? BigInt(smallMagnitude(magnitude)) : BigInt('0x' + bytesToHex(magnitude))
      return sign ? -value : value
    }
    case TAG.string: {
      const start = r.span()
      return r.text(start)
    }
    case TAG.bytes: {
      const start = r.span()
      return r.views ? r.bytes.subarray(start, r.offset) : r.bytes.slice(start, r.offset)
    }
    case TAG.array: {
      const count = r.count()
      const items: CanonicalValue[] = []
      for (let i = 0; i < count; i++) items.push(readValue(r, depth + 1))
      return items
    }
    case TAG.object: {
      const count = r.count()
      const object: Record<string, CanonicalValue> = {}
      // The previous key, as a range of the input: keys are compared where they lie.
      let previousStart = -1
      let previousEnd = -1
      for (let i = 0; i < count; i++) {
        const start = r.span()
        if (previousStart >= 0 && compareRanges(r.bytes, previousStart, previousEnd, r.bytes, start, r.offset) >= 0) {
          throw new RangeError('canonical: object keys must be strictly ascending')
        }
        previousStart = start
        previousEnd = r.offset
        setEntry(object, r.text(start), readValue(r, depth + 1))
      }
      return object
    }
    default:
      throw new RangeError(`canonical: unknown tag 0x${tag.toString(16).padStart(2, '0')}`)
  }
}

/** Lexicographic byte comparison (the order of object keys and of storage keys). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return compareRanges(a, 0, a.length, b, 0, b.length)
}

/** A big-endian magnitude of at most 6 bytes (below 2⁵³: exact as a number). */
function smallMagnitude(magnitude: Uint8Array): number {
  let n = 0
  for (let i = 0; i < magnitude.length; i++) n = n * 256 + magnitude[i]!
  return n
}

/** Lexicographic order of a[aStart, aEnd) and b[bStart, bEnd) (object keys are compared where they lie in the input). */
function compareRanges(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): number {
  const n = Math.min(aEnd - aStart, bEnd - bStart)
  for (let i = 0; i < n; i++) if (a[aStart + i] !== b[bStart + i]) return a[aStart + i]! - b[bStart + i]!
  return aEnd - aStart - (bEnd - bStart)
}

/**
 * Recently decoded short ASCII strings by a hash of their bytes: object keys, method names,
 * addresses and chain ids recur in nearly every value decoded, and comparing bytes with a string
 * made before costs less than making it again (and a string used as a property key before is
 * already internalized). A slot holds the last string hashed to it; a hash collision only costs
 * a string made anew. Up to 48 bytes (an address is 42): 64-digit hex (hashes, which rarely
 * recur, and keys, which should not linger) is not kept.
 */
const recentText: string[] = new Array<string>(4096).fill('')
const RECENT_TEXT_MAX = 48

/** The text of bytes[start, end): UTF-8, strictly; short ASCII (most strings) by hand or from `recentText`. */
function textOf(bytes: Uint8Array, start: number, end: number): string {
  const n = end - start
  if (n <= RECENT_TEXT_MAX) {
    let hash = 0x811c9dc5
    let high = 0
    for (let i = start; i < end; i++) {
      const b = bytes[i]!
      high |= b
      hash = Math.imul(hash ^ b, 0x01000193)
    }
    if (high < 0x80) {
      const slot = hash >>> 20
      const recent = recentText[slot]!
      if (recent.length === n) {
        let same = true
        for (let i = 0; same && i < n; i++) same = recent.charCodeAt(i) === bytes[start + i]
        if (same) return recent
      }
      const text = asciiText(bytes, start, end)
      recentText[slot] = text
      return text
    }
  } else if (n <= SHORT_TEXT) {
    let high = 0
    for (let i = start; i < end; i++) high |= bytes[i]!
    if (high < 0x80) return asciiText(bytes, start, end)
  }
  try {
    return utf8Decoder.decode(bytes.subarray(start, end))
  } catch {
    throw new RangeError('canonical: invalid UTF-8')
  }
}

/** ASCII bytes to text: short text by concatenation (flat below V8's cons-string length), longer in one call. */
function asciiText(bytes: Uint8Array, start: number, end: number): string {
  if (end - start > 12) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[])
  let text = ''
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!)
  return text
}

class ByteWriter {
  #buf: Uint8Array
  #view: DataView
  #len = 0

  constructor(capacity: number) {
    this.#buf = new Uint8Array(capacity)
    this.#view = new DataView(this.#buf.buffer)
  }
  get capacity(): number {
    return this.#buf.length
  }
  reset(): this {
    this.#len = 0
    return this
  }

  /** Makes room for n more bytes and claims them; returns where they start. */
  claim(n: number): number {
    if (this.#len + n > this.#buf.length) {
      const next = new Uint8Array(Math.max(this.#buf.length * 2, this.#len + n))
      next.set(this.#buf.subarray(0, this.#len))
      this.#buf = next
      this.#view = new DataView(next.buffer)
    }
    const offset = this.#len
    this.#len += n
    return offset
  }
  byte(b: number): void {
    const at = this.claim(1)
    this.#buf[at] = b
  }
  /** Sets a byte already claimed. */
  set(at: number, b: number): void {
    this.#buf[at] = b
  }
  uvarint(n: number): void {
    const at = this.claim(8) // the most a safe integer takes
    this.#len = writeUvarint(this.#buf, at, n)
  }
  float64(x: number): void {
    const at = this.claim(8)
    this.#view.setFloat64(at, x)
  }
  /** A length-prefixed UTF-8 string; ASCII, the common case, in one pass without a TextEncoder call. */
  utf8(text: string): void {
    const start = this.#len
    const n = text.length
    this.uvarint(n)
    const at = this.claim(n)
    if (writeAscii(this.#buf, at, text) < n) {
      // Not ASCII after all: its byte length differs from n. Start over through TextEncoder.
      this.#len = start
      this.lengthPrefixed(utf8Encoder.encode(text))
    }
  }
  lengthPrefixed(data: Uint8Array): void {
    this.uvarint(data.length)
    this.raw(data)
  }
  raw(data: Uint8Array): void {
    const at = this.claim(data.length)
    this.#buf.set(data, at)
  }
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len)
  }
}

/** Writes what `walkCanonical` reports, or a CanonicalWriter's caller, as canonical bytes (the layout in the file comment). */
class Encoder extends ByteWriter implements CanonicalVisitor, CanonicalWriter {
  value(value: unknown): void {
    // A leaf, or a short array of leaves (call arguments, most stored values), needs none of the
    // walk's path and cycle tracking; anything else, and every error, is the walk's.
    if (isValidLeaf(value)) return this.leaf(value === 0 ? 0 : (value as Leaf))
    if (Array.isArray(value) && value.length <= 8) {
      let leaves = true
      for (let i = 0; leaves && i < value.length; i++) leaves = i in value && isValidLeaf(value[i])
      if (leaves) {
        this.array(value.length)
        for (let i = 0; i < value.length; i++) this.leaf(value[i] === 0 ? 0 : value[i])
        return
      }
    }
    walkCanonical(value, this)
  }
  leaf(leaf: Leaf): void {
    if (leaf === null) this.byte(TAG.null)
    else if (typeof leaf === 'boolean') this.byte(leaf ? TAG.true : TAG.false)
    else if (typeof leaf === 'number') { this.byte(TAG.number); this.float64(leaf) }
    else if (typeof leaf === 'bigint') { this.byte(TAG.bigint); writeBigint(this, leaf) }
    else if (typeof leaf === 'string') { this.byte(TAG.string); this.utf8(leaf) }
    else { this.byte(TAG.bytes); this.lengthPrefixed(leaf) }
  }
  array(length: number): void {
    this.byte(TAG.array)
    this.uvarint(length)
  }
  object(size: number): void {
    this.byte(TAG.object)
    this.uvarint(size)
  }
  key(key: string): void {
    this.utf8(key)
  }
  encoded(bytes: Uint8Array): void {
    this.raw(bytes)
  }
  end(): void {}
}


/** Whether the walk would take `value` as a leaf, with no error. */
function isValidLeaf(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
      return value.isWellFormed()
    case 'number':
      return Number.isFinite(value)
    case 'bigint':
    case 'boolean':
      return true
    case 'object':
      return value === null || value instanceof Uint8Array
  }
  return false
}

const float64Scratch = new Float64Array(1)
const float64Bytes = new Uint8Array(float64Scratch.buffer)
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1

/** Reads canonical bytes piece by piece: decode's reader, and vm/frames.ts' for the sandbox's frames. */
export class ByteReader {
  offset = 0
  readonly bytes: Uint8Array
  /** Byte strings are read as views of `bytes`, not copies. */
  readonly views: boolean
  constructor(bytes: Uint8Array, views: boolean) {
    this.bytes = bytes
    this.views = views
  }
  #need(n: number): void {
    if (this.offset + n > this.bytes.length) throw new RangeError('canonical: unexpected end of input')
  }
  byte(): number {
    this.#need(1)
    return this.bytes[this.offset++]!
  }
  uvarint(): number {
    let result = 0
    let scale = 1
    for (let i = 0; ; i++) {
      const b = this.byte()
      if (i === 7) throw new RangeError('canonical: varint too long')
      result += (b & 0x7f) * scale
      if (b < 0x80) {
        if (b === 0 && i > 0) throw new RangeError('canonical: non-minimal varint')
        return result
      }
      scale *= 0x80
    }
  }
  /** A count of items that must each take at least one byte: bounds allocation by input size. */
  count(): number {
    const n = this.uvarint()
    if (n > this.bytes.length - this.offset) throw new RangeError('canonical: count exceeds input size')
    return n
  }
  /** Big-endian, through an 8-byte scratch (a DataView over the input would be made per value decoded). */
  float64(): number {
    this.#need(8)
    const { bytes, offset } = this
    if (LITTLE_ENDIAN) for (let i = 0; i < 8; i++) float64Bytes[i] = bytes[offset + 7 - i]!
    else for (let i = 0; i < 8; i++) float64Bytes[i] = bytes[offset + i]!
    this.offset += 8
    return float64Scratch[0]!
  }
  /**
   * Skips a length-prefixed run of bytes and returns where it starts (it ends at `offset`): the
   * run is read where it lies, without a view made of it.
   */
  span(): number {
    const n = this.uvarint()
    this.#need(n)
    const start = this.offset
    this.offset += n
    return start
  }
  /** The UTF-8 text of the run from `start` to `offset` (see `span`). */
  text(start: number): string {
    return textOf(this.bytes, start, this.offset)
  }
}
