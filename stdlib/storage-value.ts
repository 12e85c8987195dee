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
   * @param fallback - what `get` returns while nothing is stored
   */
  constructor(name: string, fallback: T) {
    this.#key = collectionName(name)
    this.#fallback = fallback
  }

  get(): T {
    const value = storage.get(this.#key) as T | undefined
    return value === undefined ? this.#fallback : value
  }

  set(value: T): void {
    storage.set(this.#key, value)
  }
}
