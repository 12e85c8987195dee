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
import { MAX_DEPTH, walkCanonical, type CanonicalValue } from './canonical.ts'
import { compareKeys } from './state.ts'

/**
 * Converts a canonical value to wire text, object keys in canonical order (so a contract sees the
 * same key order however the host built the value). Throws like `encode` on non-encodable values.
 */
export function toWire(value: unknown): string {
  // The commonest stored value, which needs no checks.
  if (typeof value === 'bigint') return '"n' + value + '"'
  let out = ''
  const open: { first: boolean; close: string }[] = []
  let afterKey = false
  /** The separator before the next item of the innermost container. */
  const next = () => {
    const top = open[open.length - 1]
    if (afterKey) afterKey = false
    else if (top) top.first ? (top.first = false) : (out += ',')
  }
  walkCanonical(value, {
    leaf(leaf) {
      next()
      if (typeof leaf === 'string') out += JSON.stringify('s' + leaf)
      else if (typeof leaf === 'bigint') out += '"n' + leaf + '"'
      else if (leaf instanceof Uint8Array) out += '"x' + bytesToHex(leaf) + '"'
      else out += JSON.stringify(leaf)
    },
    array() {
      next()
      out += '['
      open.push({ first: true, close: ']' })
    },
    object() {
      next()
      out += '{'
      open.push({ first: true, close: '}' })
    },
    key(key) {
      next()
      out += JSON.stringify(key) + ':'
      afterKey = true
    },
    end() {
      out += open.pop()!.close
    },
  })
  return out
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
  // Keys in canonical order, as `toWire` and `decode` give them.
  const keys = Object.keys(tree as object).sort(compareKeys)
  return Object.fromEntries(
    keys.map((key) => {
      if (!key.isWellFormed()) throw new RangeError('wire: key contains a lone surrogate')
      return [key, fromWireTree((tree as Record<string, unknown>)[key], depth + 1)]
    }),
  )
}
