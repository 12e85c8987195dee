/**
 * `StorageMap<K, V>`: a persistent map whose entries load one at a time, when read.
 *
 * Each entry is one storage key (`<name>:<encoded key>`, see _key.ts), its value stored in the
 * canonical encoding: bigint, Uint8Array, nested objects and arrays round-trip as they are.
 * Values are copies: change one and `set` it again to persist the change.
 * @module
 */
import { storage } from 'inkstone:host'
import { collectionPrefix, decodeKey, encodeKey, STRING_KEY_TAG, type StorageKey } from './_key.ts'

/** A page of a collection in key order: entries after the key `after`, at most `limit` (1–1000, default 100). */
export interface PageOptions<K> {
  after?: K
  limit?: number
}

/**
 * @example
 * readonly balances = new StorageMap<string, bigint>('balances')
 * this.balances.set(to, this.balances.get(to, 0n) + amount)
 */
export class StorageMap<K extends StorageKey, V> {
  readonly #prefix: string
  /** `#prefix` and the tag of string keys, the common case: their storage key is one join, without encodeKey. */
  readonly #stringPrefix: string

  /** @param name - unique within the contract: the storage key prefix of every entry */
  constructor(name: string) {
    this.#prefix = collectionPrefix(name)
    this.#stringPrefix = this.#prefix + STRING_KEY_TAG
  }

  /** The storage key of `key`. */
  #key(key: K): string {
    return typeof key === 'string' ? this.#stringPrefix + key : this.#prefix + encodeKey(key)
  }

  /** The value stored under `key`, or `fallback` (default `undefined`) when there is none. */
  get(key: K): V | undefined
  get(key: K, fallback: V): V
  get(key: K, fallback?: V): V | undefined {
    const value = storage.get(this.#key(key)) as V | undefined
    return value === undefined ? fallback : value
  }

  has(key: K): boolean {
    return storage.has(this.#key(key))
  }

  set(key: K, value: V): void {
    storage.set(this.#key(key), value)
  }

  delete(key: K): void {
    storage.delete(this.#key(key))
  }

  /** One page of entries in key order (see _key.ts for the order of non-string keys). */
  entries(options: PageOptions<K> = {}): [K, V][] {
    return page(this.#prefix, options).map(([key, value]) => [key as K, value as V])
  }

  /** One page of keys in key order. */
  keys(options: PageOptions<K> = {}): K[] {
    return page(this.#prefix, options).map(([key]) => key as K)
  }
}

/** Reads one page of the entries under `prefix`, keys decoded. Shared with StorageSet. */
export function page(prefix: string, { after, limit }: PageOptions<StorageKey>): [StorageKey, unknown][] {
  const rows = storage.entries(prefix, { after: after === undefined ? undefined : prefix + encodeKey(after), limit })
  return rows.map(([key, value]) => [decodeKey(key.slice(prefix.length)), value])
}
