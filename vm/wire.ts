/**
 * The sandbox wire form: how canonical values cross the host ↔ QuickJS boundary as one string.
 *
 * It is JSON (so both sides use their native, fast JSON code) in which every string is tagged by
 * its first character: `s` text, `n` bigint (decimal), `x` bytes (lowercase hex). Numbers, booleans,
 * null, arrays and objects are plain JSON. The wire form is never stored or hashed: the host turns
 * it into a `CanonicalValue` at once, checking everything the canonical encoding checks.
 * The sandbox half (replacer and reviver) lives in the prelude.
 */
import { bytesToHex, hexToBytes } from '../stdlib/crypto/hex.ts'
import { MAX_DEPTH, describe, isPlainObject, type CanonicalValue } from './canonical.ts'

/** Converts a canonical value to wire text. Throws like `encode` on non-encodable values. */
export function toWire(value: unknown): string {
  return JSON.stringify(toWireTree(value, '$', 0, new Set()))
}

/** Parses wire text from the sandbox into a canonical value; throws `RangeError` when malformed. */
export function fromWire(text: string): CanonicalValue {
  let tree: unknown
  try {
    tree = JSON.parse(text)
  } catch {
    throw new RangeError('wire: malformed JSON')
  }
  return fromWireTree(tree)
}

function toWireTree(value: unknown, path: string, depth: number, seen: Set<object>): unknown {
  if (depth > MAX_DEPTH) throw new RangeError(`${path}: nesting deeper than ${MAX_DEPTH}`)
  switch (typeof value) {
    case 'string':
      if (!value.isWellFormed()) throw new TypeError(`${path}: string contains a lone surrogate`)
      return 's' + value
    case 'bigint':
      return 'n' + value.toString()
    case 'boolean':
      return value
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} is not encodable (finite numbers only)`)
      return value
    case 'object':
      break
    default:
      throw new TypeError(`${path}: ${typeof value} is not encodable`)
  }
  if (value === null) return null
  if (value instanceof Uint8Array) return 'x' + bytesToHex(value)
  if (seen.has(value)) throw new TypeError(`${path}: cyclic value is not encodable`)
  seen.add(value)
  let out: unknown
  if (Array.isArray(value)) {
    out = Array.from({ length: value.length }, (_, i) => {
      if (!(i in value)) throw new TypeError(`${path}[${i}]: holes in arrays are not encodable`)
      return toWireTree(value[i], `${path}[${i}]`, depth + 1, seen)
    })
  } else if (isPlainObject(value)) {
    out = Object.fromEntries(
      Object.keys(value).map((key) => [key, toWireTree(value[key], `${path}.${key}`, depth + 1, seen)]),
    )
  } else {
    throw new TypeError(`${path}: ${describe(value)} is not encodable (plain objects only)`)
  }
  seen.delete(value)
  return out
}

/** Converts an already-parsed wire tree (see `fromWire`) into a canonical value. */
export function fromWireTree(tree: unknown, depth = 0): CanonicalValue {
  if (depth > MAX_DEPTH) throw new RangeError(`wire: nesting deeper than ${MAX_DEPTH}`)
  if (tree === null || typeof tree === 'boolean' || typeof tree === 'number') {
    return tree === 0 ? 0 : tree // JSON cannot carry NaN/Infinity; -0 becomes 0
  }
  if (typeof tree === 'string') {
    const body = tree.slice(1)
    switch (tree[0]) {
      case 's':
        if (!body.isWellFormed()) throw new RangeError('wire: string contains a lone surrogate')
        return body
      case 'n':
        if (!/^-?(0|[1-9][0-9]*)$/.test(body) || body === '-0') throw new RangeError('wire: malformed bigint')
        return BigInt(body)
      case 'x':
        return hexToBytes(body)
      default:
        throw new RangeError('wire: untagged string')
    }
  }
  if (Array.isArray(tree)) return tree.map((item) => fromWireTree(item, depth + 1))
  const entries = Object.entries(tree as object).map(([k, v]) => [k, fromWireTree(v, depth + 1)] as const)
  return Object.fromEntries(entries)
}
