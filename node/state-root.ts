/**
 * The state root: one SM3 hash over the whole state, updated incrementally per block.
 *
 * Structure (consensus; see docs/node.md "State root"):
 *   leaf(key, value) = SM3(canonical([key, value]))            value = the stored bytes
 *   bucket b         = the entries whose key's FNV-1a-32 (over its UTF-8 bytes) has top 16 bits b
 *   bucket hash      = SM3(0x01 ‖ leaf hashes in key order) or 32 zero bytes when empty
 *   tree             = a complete binary tree of depth 16 over the 65,536 buckets;
 *                      node = SM3(0x02 ‖ left ‖ right), or 32 zero bytes when both are zero
 *   state root       = the tree's root
 * Cost per block with K changed keys in D distinct buckets: K leaf hashes, D bucket hashes
 * (each over 32 bytes per entry of the bucket: ~K·32 bytes at 1M entries), and at most
 * D·16 (fewer when paths share) 65-byte node hashes. Memory: a 32-byte leaf hash per key plus
 * ≤ 2 × 65,536 node hashes. The bucket function is not cryptographic: someone grinding keys
 * into one bucket only makes that bucket's rehash longer, and every key they write costs gas.
 */
import { compareKeys } from '../vm/state.ts'
import { TAG, writeUvarint } from '../vm/canonical.ts'
import { utf8 } from './bytes.ts'
import { sm3, sm3Pair } from './crypto.ts'

const DEPTH = 16
const ZERO = new Uint8Array(32)
const FNV_OFFSET = 0x811c9dc5
const FNV_PRIME = 0x01000193

export function bucketOf(key: string): number {
  return fnv1a(utf8(key)) >>> (32 - DEPTH)
}

/** 32-bit FNV-1a of `bytes` (a key's bucket is its top DEPTH bits). */
function fnv1a(bytes: Uint8Array): number {
  let h = FNV_OFFSET
  for (const byte of bytes) h = Math.imul(h ^ byte, FNV_PRIME)
  return h
}

/**
 * A leaf's input, canonical([key, value]) (vm/canonical.ts: array tag, count 2, string tag,
 * uvarint UTF-8 length, the key, bytes tag, uvarint length, the value), written by hand into one
 * reused buffer, with the key's bucket hashed from the same pass over its bytes.
 * Every changed key of every block goes through here: the generic encoder made and dropped a
 * buffer per leaf (most over 64 bytes, so outside V8's heap) and `bucketOf` a second UTF-8 copy.
 */
class LeafInput {
  #buffer = new Uint8Array(256)
  /** The bytes written by the last `write`. */
  length = 0
  /** The bucket of the last key written. */
  bucket = 0

  write(key: string, value: Uint8Array): void {
    let bucket = FNV_OFFSET
    let at = -1
    if (key.length < 0x80) {
      // Short ASCII (every key the chain itself makes): its UTF-8 length is its length.
      this.#room(4 + key.length + 4 + value.length)
      const buffer = this.#buffer
      buffer[0] = TAG.array
      buffer[1] = 2
      buffer[2] = TAG.string
      buffer[3] = key.length
      at = 4
      for (let i = 0; i < key.length; i++) {
        const code = key.charCodeAt(i)
        if (code >= 0x80) {
          at = -1
          break
        }
        buffer[at++] = code
        bucket = Math.imul(bucket ^ code, FNV_PRIME)
      }
    }
    if (at < 0) {
      const bytes = utf8(key)
      this.#room(8 + bytes.length + 4 + value.length)
      const buffer = this.#buffer
      buffer[0] = TAG.array
      buffer[1] = 2
      buffer[2] = TAG.string
      at = writeUvarint(buffer, 3, bytes.length)
      buffer.set(bytes, at)
      at += bytes.length
      bucket = fnv1a(bytes)
    }
    const buffer = this.#buffer
    buffer[at++] = TAG.bytes
    at = writeUvarint(buffer, at, value.length)
    buffer.set(value, at)
    this.length = at + value.length
    this.bucket = bucket >>> (32 - DEPTH)
  }

  /** SM3 of the bytes written by the last `write`. */
  hash(): Uint8Array {
    return sm3(this.#buffer.subarray(0, this.length))
  }

  #room(bytes: number): void {
    if (bytes > this.#buffer.length) this.#buffer = new Uint8Array(Math.max(bytes, 2 * this.#buffer.length))
  }
}

function hashPair(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left === ZERO && right === ZERO) return ZERO
  return sm3Pair(left, right)
}

/**
 * Incremental state-root tree: `set` records changed entries, `root()` hashes each changed key
 * once (however often it changed) and rehashes only the buckets and paths above them.
 */
export class StateTree {
  readonly #buckets = new Map<number, Map<string, Uint8Array>>()
  /** levels[d][i]: node i at depth d (depth DEPTH = bucket hashes); absent = zero. */
  readonly #levels: Map<number, Uint8Array>[] = Array.from({ length: DEPTH + 1 }, () => new Map())
  /** Changes since the last root(): key → new value (null: deleted). */
  readonly #changed = new Map<string, Uint8Array | null>()
  readonly #leaf = new LeafInput()
  /** The input of a bucket hash, reused (most buckets hold one or two keys: 33 or 65 bytes). */
  #bucketInput = new Uint8Array(1 + 32 * 8)

  /** Records the new value of `key` (null: deleted). */
  set(key: string, value: Uint8Array | null): void {
    this.#changed.set(key, value)
  }

  /** The root over everything set so far (32 bytes). */
  root(): Uint8Array {
    let dirty = new Set<number>()
    const leaf = this.#leaf
    for (const [key, value] of this.#changed) {
      if (value === null) {
        const b = bucketOf(key)
        const bucket = this.#buckets.get(b)
        if (!bucket?.delete(key)) continue
        if (bucket.size === 0) this.#buckets.delete(b)
        dirty.add(b)
        continue
      }
      leaf.write(key, value)
      let bucket = this.#buckets.get(leaf.bucket)
      if (!bucket) this.#buckets.set(leaf.bucket, (bucket = new Map()))
      bucket.set(key, leaf.hash())
      dirty.add(leaf.bucket)
    }
    this.#changed.clear()
    const leaves = this.#levels[DEPTH]!
    for (const b of dirty) {
      const bucket = this.#buckets.get(b)
      if (!bucket) {
        leaves.delete(b)
        continue
      }
      leaves.set(b, this.#bucketHash(bucket))
    }
    for (let depth = DEPTH - 1; depth >= 0; depth--) {
      const below = this.#levels[depth + 1]!
      const level = this.#levels[depth]!
      const parents = new Set<number>()
      for (const i of dirty) parents.add(i >> 1)
      for (const p of parents) {
        const node = hashPair(below.get(2 * p) ?? ZERO, below.get(2 * p + 1) ?? ZERO)
        if (node === ZERO) level.delete(p)
        else level.set(p, node)
      }
      dirty = parents
    }
    return this.#levels[0]!.get(0) ?? ZERO
  }

  /** SM3(0x01 ‖ the bucket's leaf hashes in key order). */
  #bucketHash(bucket: Map<string, Uint8Array>): Uint8Array {
    const length = 1 + 32 * bucket.size
    if (length > this.#bucketInput.length) this.#bucketInput = new Uint8Array(Math.max(length, 2 * this.#bucketInput.length))
    const input = this.#bucketInput
    input[0] = 0x01
    const keys = bucket.size === 1 ? bucket.keys() : [...bucket.keys()].sort(compareKeys)
    let at = 1
    for (const key of keys) {
      input.set(bucket.get(key)!, at)
      at += 32
    }
    return sm3(input.subarray(0, length))
  }
}
