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
import { MAX_DEPTH, setEntry, sortKeys, walkCanonical, type CanonicalValue, type CanonicalVisitor } from './canonical.ts'

/**
 * Converts a canonical value to wire text, object keys in canonical order (so a contract sees the
 * same key order however the host built the value). Throws like `encode` on non-encodable values.
 */
export function toWire(value: unknown): string {
  // The commonest stored value, which needs no checks.
  if (typeof value === 'bigint') return scalarText(value)
  // Call arguments: mostly an array of a few leaves, written without the walk when all are valid.
  if (Array.isArray(value) && value.length <= 8) {
    let text = '['
    for (let i = 0; i < value.length; i++) {
      const leaf = leafText(value[i])
      if (leaf === undefined) return walkedWire(value) // anything else, and every error, is the walk's
      text += (i ? ',' : '') + leaf
    }
    return text + ']'
  }
  return walkedWire(value)
}

function walkedWire(value: unknown): string {
  const text = new WireText()
  walkCanonical(value, text)
  return text.out
}

/** The wire text of a valid leaf other than bytes, or undefined (for the walk to write or refuse). */
function leafText(leaf: unknown): string | undefined {
  switch (typeof leaf) {
    case 'string':
      return leaf.isWellFormed() ? scalarText(leaf) : undefined
    case 'number':
      return Number.isFinite(leaf) ? scalarText(leaf === 0 ? 0 : leaf) : undefined
    case 'bigint':
    case 'boolean':
      return scalarText(leaf)
  }
  return leaf === null ? 'null' : undefined
}

/** The wire text of a leaf other than bytes, already checked (a finite number, -0 given as 0; a well-formed string). */
function scalarText(leaf: null | boolean | number | bigint | string): string {
  if (typeof leaf === 'string') return JSON.stringify('s' + leaf)
  if (typeof leaf === 'bigint') return '"n' + leaf + '"'
  return JSON.stringify(leaf)
}

/** Builds wire text from what `walkCanonical` reports. */
class WireText implements CanonicalVisitor {
  out = ''
  /** Per open container: whether it has had an item yet, and how it closes. */
  readonly #open: { first: boolean; close: string }[] = []
  #afterKey = false

  leaf(leaf: null | boolean | number | bigint | string | Uint8Array): void {
    this.#next()
    this.out += leaf instanceof Uint8Array ? '"x' + bytesToHex(leaf) + '"' : scalarText(leaf)
  }
  array(): void {
    this.#next()
    this.out += '['
    this.#open.push({ first: true, close: ']' })
  }
  object(): void {
    this.#next()
    this.out += '{'
    this.#open.push({ first: true, close: '}' })
  }
  key(key: string): void {
    this.#next()
    this.out += JSON.stringify(key) + ':'
    this.#afterKey = true
  }
  end(): void {
    this.out += this.#open.pop()!.close
  }
  /** The separator before the next item of the innermost container. */
  #next(): void {
    const top = this.#open[this.#open.length - 1]
    if (this.#afterKey) this.#afterKey = false
    else if (top) top.first ? (top.first = false) : (this.out += ',')
  }
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
  const keys = sortKeys(Object.keys(tree as object), () => {
    throw new RangeError('wire: key contains a lone surrogate')
  })
  const value: Record<string, CanonicalValue> = {}
  for (const key of keys) setEntry(value, key, fromWireTree((tree as Record<string, unknown>)[key], depth + 1))
  return value
}
