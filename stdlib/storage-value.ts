/**
 * `StorageValue<T>`: one persistent value under one storage key, read when asked for.
 * @module
 */
import { storage } from 'inkstone:host'
import { collectionName } from './_key.ts'

/**
 * @example
 * readonly totalSupply = new StorageValue<bigint>('totalSupply', 0n)
 * this.totalSupply.set(this.totalSupply.get() + amount)
 */
export class StorageValue<T> {
  readonly #key: string
  readonly #fallback: T

  /**
   * @param name - unique within the contract: the storage key
   * @param fallback - what `get` returns (a copy of) while nothing is stored
   */
  constructor(name: string, fallback: T) {
    this.#key = collectionName(name)
    this.#fallback = fallback
  }

  /** The stored value, or a copy of the fallback: a fresh value either way, which the caller may change. */
  get(): T {
    const value = storage.get(this.#key) as T | undefined
    // The fallback belongs to the contract instance, which the VM freezes (stdlib/_entry.ts).
    return value === undefined ? copyOf(this.#fallback) : value
  }

  set(value: T): void {
    storage.set(this.#key, value)
  }
}

/** A copy of a storable value (arrays, plain objects and byte arrays copied through). */
function copyOf<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value
  if (value instanceof Uint8Array) return value.slice() as T
  if (Array.isArray(value)) return value.map(copyOf) as T
  // fromEntries defines properties, so a key named __proto__ stays a key.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyOf(item)])) as T
}
