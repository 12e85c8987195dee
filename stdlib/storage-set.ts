/**
 * `StorageSet<T>`: a persistent set of keys, each member one storage key loaded when asked for.
 * @module
 */
import { storage } from 'inkstone:host'
import { collectionPrefix, encodeKey, type StorageKey } from './_key.ts'
import { page, type PageOptions } from './storage-map.ts'

/**
 * @example
 * readonly voters = new StorageSet<string>('voters')
 * require(!this.voters.has(caller), 'already voted'); this.voters.add(caller)
 */
export class StorageSet<T extends StorageKey> {
  readonly #prefix: string

  /** @param name - unique within the contract: the storage key prefix of every member */
  constructor(name: string) {
    this.#prefix = collectionPrefix(name)
  }

  has(value: T): boolean {
    return storage.has(this.#prefix + encodeKey(value))
  }

  add(value: T): void {
    storage.set(this.#prefix + encodeKey(value), true)
  }

  delete(value: T): void {
    storage.delete(this.#prefix + encodeKey(value))
  }

  /** One page of members in key order (see _key.ts for the order of non-string members). */
  values(options: PageOptions<T> = {}): T[] {
    return page(this.#prefix, options).map(([key]) => key as T)
  }
}
