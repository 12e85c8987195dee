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
import { encode } from '../vm/canonical.ts'
import { compareKeys } from '../vm/state.ts'
import { utf8 } from './bytes.ts'
import { sm3, sm3Pair } from './crypto.ts'

const DEPTH = 16
const ZERO = new Uint8Array(32)

export function bucketOf(key: string): number {
  let h = 0x811c9dc5
  for (const byte of utf8(key)) h = Math.imul(h ^ byte, 0x01000193)
  return h >>> (32 - DEPTH)
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

  /** Records the new value of `key` (null: deleted). */
  set(key: string, value: Uint8Array | null): void {
    this.#changed.set(key, value)
  }

  /** The root over everything set so far (32 bytes). */
  root(): Uint8Array {
    let dirty = new Set<number>()
    for (const [key, value] of this.#changed) {
      const b = bucketOf(key)
      let bucket = this.#buckets.get(b)
      if (value === null) {
        if (!bucket?.delete(key)) continue
        if (bucket.size === 0) this.#buckets.delete(b)
      } else {
        if (!bucket) this.#buckets.set(b, (bucket = new Map()))
        bucket.set(key, sm3(encode([key, value])))
      }
      dirty.add(b)
    }
    this.#changed.clear()
    const leaves = this.#levels[DEPTH]!
    for (const b of dirty) {
      const bucket = this.#buckets.get(b)
      if (!bucket) {
        leaves.delete(b)
        continue
      }
      const keys = [...bucket.keys()].sort(compareKeys)
      const input = new Uint8Array(1 + 32 * keys.length)
      input[0] = 0x01
      keys.forEach((key, i) => input.set(bucket.get(key)!, 1 + 32 * i))
      leaves.set(b, sm3(input))
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
}
