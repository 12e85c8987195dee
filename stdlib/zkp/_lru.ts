/**
 * Caches of prepared verification keys: a bounded least-recently-used map, and the digest a
 * key is cached under.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'

/** A bounded LRU map. A `Map` keeps insertion order, so re-inserting on a hit keeps the least recently used entry first. */
export class Lru<V> {
  readonly #entries = new Map<string, V>()
  #capacity: number

  /** @param capacity - entries kept; 0 disables caching */
  constructor(capacity: number) {
    this.#capacity = capacity
  }

  get size(): number {
    return this.#entries.size
  }

  get capacity(): number {
    return this.#capacity
  }

  /** Changes the capacity, evicting the least recently used entries beyond it. */
  set capacity(capacity: number) {
    this.#capacity = capacity
    this.#evict()
  }

  /** The value for `key` (now the most recently used), or `undefined`. */
  get(key: string): V | undefined {
    const value = this.#entries.get(key)
    if (value !== undefined) {
      this.#entries.delete(key)
      this.#entries.set(key, value)
    }
    return value
  }

  set(key: string, value: V): void {
    this.#entries.delete(key)
    this.#entries.set(key, value)
    this.#evict()
  }

  clear(): void {
    this.#entries.clear()
  }

  /** The cached value for `id`, or `make()` stored under it. */
  getOrMake(id: string, make: () => V): V {
    const hit = this.get(id)
    if (hit !== undefined) return hit
    const value = make()
    this.set(id, value)
    return value
  }

  #evict(): void {
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= this.#capacity) return
      this.#entries.delete(key)
    }
  }
}

/**
 * SHA-256 (hex) of JSON-like values with their structure: arrays keep their nesting and numbers
 * are normalised (decimal string or bigint alike), so two keys share a digest only if they
 * decode to the same values. Used as the cache id of a verification key before it is validated:
 * anything a decoder would reject (objects, long strings) maps to a marker no valid key contains.
 */
export function jsonDigest(values: readonly unknown[]): string {
  return bytesToHex(sha256(utf8ToBytes(values.map(shape).join('|'))))
}

function shape(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(shape).join(',')}]`
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'string') return /^[0-9]{1,120}$/.test(value) ? BigInt(value).toString() : JSON.stringify(value)
  return typeof value === 'number' ? `#${value}` : typeof value
}
